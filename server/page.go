package server

import (
	"html/template"
	"net/http"

	"github.com/gorilla/mux"
)

// pageTmpl is a plain server-rendered results page.
// Highlight fragments are escaped by the index and carry only <mark>.
var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"safe": func(s string) template.HTML { return template.HTML(s) },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Q.Text}}{{.Q.Text}} – {{end}}sitrep</title></head>
<body><h1>sitrep</h1>
<form method="get" action="/"><input type="search" name="q" value="{{.Q.Text}}" aria-label="Search"><button>Search</button></form>
{{with .Err}}<p role="alert">{{.}}</p>{{end}}
{{with .R}}<p>{{.Total}} articles</p>
<ol>{{range .Hits}}<li><a href="{{.URL}}">{{.Title}}</a> <small>{{.Source}} {{.Published}}</small>
{{range index .Highlights "text"}}<p>{{safe .}}</p>{{end}}</li>{{end}}</ol>{{end}}
</body></html>`))

// pageRoutes serves the search page and its static assets.
func (srv *Server) pageRoutes(r *mux.Router) error {
	r.HandleFunc("/", srv.handlePage).Methods(http.MethodGet, http.MethodHead)
	return nil
}

func (srv *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{}
	q, err := srv.ParseQuery(r)
	data["Q"] = q
	status := http.StatusOK
	if err == nil {
		var res any
		res, err = srv.search(r, q)
		if err == nil {
			data["R"] = res
		}
	}
	if err != nil {
		status, data["Err"] = srv.errorStatus(r, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, data)
}
