package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/web"
)

// The search page is rendered on the server, whole, for every state: a
// browser without JavaScript gets a complete page with working links, and
// the page's script (static/app.js) fetches the same URLs and swaps the
// #app element, so there is one renderer and one escaping path. The state
// lives in the URL (the parameters of /api/search), so pages are shareable
// and the back button works.
//
// The page is put together from: the view model (view.go), the charts
// (charts.go), the disjunctive facet counts (facets.go), the highlight
// sanitiser (highlight.go); beside it, filter-as-you-type (facetlookup.go),
// the exports (export.go) and the static files (assets.go).

// pageFacetSize is the number of values per facet on the page: enough for
// lists, trees and a map.
const pageFacetSize = 30

// searchPage holds what pageRoutes sets up once: the template and the
// static files.
type searchPage struct {
	tmpl   *template.Template
	static *assetSet // by the path under /static/
}

// pageRoutes serves the search page, its static files, the facet lookup of
// filter-as-you-type and the exports.
func (srv *Server) pageRoutes(r *mux.Router) error {
	assets := srv.opts.Assets
	if assets == nil {
		assets = web.FS
	}
	p, err := loadPage(assets, srv.opts.Version)
	if err != nil {
		return err
	}
	r.HandleFunc("/", srv.handlePage(p)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/static/{path:.+}", p.handleStatic).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/facet", srv.handleFacet).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/export.{format:csv|json}", srv.handleExport).Methods(http.MethodGet, http.MethodHead)
	return nil
}

// loadPage parses the page's templates and reads its static files; their
// URLs carry the version label and a hash of the files.
func loadPage(assets fs.FS, label string) (*searchPage, error) {
	p := &searchPage{static: newAssetSet(false)}
	tmpl, err := template.New("page.html").Funcs(template.FuncMap{
		"asset": func(name string) string { return "/static/" + name + "?v=" + p.static.version },
	}).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("page templates: %w", err)
	}
	p.tmpl = tmpl
	err = fs.WalkDir(assets, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" || strings.HasSuffix(name, ".mjs") || strings.HasSuffix(name, ".md") {
			return nil // sources and notes are embedded, not served
		}
		body, err := fs.ReadFile(assets, name)
		if err != nil {
			return err
		}
		p.static.add(strings.TrimPrefix(name, "static/"), ctype, body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("page static files: %w", err)
	}
	p.static.seal(label)
	return p, nil
}

func (p *searchPage) handleStatic(w http.ResponseWriter, r *http.Request) {
	if !p.static.serve(w, r, mux.Vars(r)["path"]) {
		writeJSON(w, http.StatusNotFound, errorBody{Error: "no such file"})
	}
}

func (srv *Server) handlePage(p *searchPage) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := &pageData{Status: http.StatusOK}
		q, err := srv.ParseQuery(r)
		d.Q = q
		d.State = stateOf(r.URL.Query())
		if err == nil {
			q.FacetSize = pageFacetSize
			q.PageFacets = true
			var res *index.Results
			res, err = srv.pageSearch(r, q)
			if err == nil {
				d.R = res
				d.Q = res.Query
			}
		}
		if err != nil {
			d.Status, d.Err = srv.errorStatus(r, err)
		}
		d.build()
		var buf bytes.Buffer
		if err := p.tmpl.Execute(&buf, d); err != nil {
			srv.log.Error("page template", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(d.Status)
		if r.Method != http.MethodHead {
			w.Write(buf.Bytes())
		}
	}
}
