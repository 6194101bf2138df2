package server

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/web"
)

// widget is the embeddable widget: its files (served by the page's asset
// server, assets.go), the templates of /embed and /embed/help, and the
// version that names the files in URLs.
type widget struct {
	assets *assetSet // by URL path; version: every widget file and template
	embed  *template.Template
	help   *template.Template
}

// widgetFS is the tree holding widget/: Options.Assets when it has one,
// else the files built into the binary.
func (srv *Server) widgetFS() fs.FS {
	if a := srv.opts.Assets; a != nil {
		if _, err := fs.Stat(a, "widget/widget.js"); err == nil {
			return a
		}
	}
	return web.FS
}

func loadWidget(fsys fs.FS) (*widget, error) {
	w := &widget{assets: newAssetSet(true)}
	for _, f := range []struct{ path, file, ctype string }{
		{"/widget.js", "widget.js", "text/javascript; charset=utf-8"},
		{"/embed.js", "embed.js", "text/javascript; charset=utf-8"},
		{"/embed/help.js", "help.js", "text/javascript; charset=utf-8"},
		{"/embed/help.css", "help.css", "text/css; charset=utf-8"},
	} {
		b, err := fs.ReadFile(fsys, "widget/"+f.file)
		if err != nil {
			return nil, fmt.Errorf("widget: %w", err)
		}
		w.assets.add(f.path, f.ctype, b)
	}
	for _, t := range []struct {
		dst  **template.Template
		file string
	}{{&w.embed, "embed.html"}, {&w.help, "help.html"}} {
		b, err := fs.ReadFile(fsys, "widget/"+t.file)
		if err != nil {
			return nil, fmt.Errorf("widget: %w", err)
		}
		w.assets.hash(b)
		if *t.dst, err = template.New(t.file).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("widget: %w", err)
		}
	}
	w.assets.seal("")
	return w, nil
}

// widgetRoutes serves the embeddable widget (/widget.js) and its iframe page (/embed).
func (srv *Server) widgetRoutes(r *mux.Router) {
	w, err := loadWidget(srv.widgetFS())
	if err != nil {
		// The files are built in; this is a broken build, not a user error.
		srv.log.Error("widget disabled", "err", err)
		return
	}
	// /widget.js?v=VERSION (the URL that /embed and /embed/help use) may
	// be cached for a year; plain /widget.js, the one in embedders'
	// snippets, for five minutes, then revalidated (assets.go).
	for path := range w.assets.files {
		r.Handle(path, w.assets.handler(path)).Methods(http.MethodGet, http.MethodHead)
	}
	r.HandleFunc("/embed", srv.handleEmbed(w)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/embed/help", srv.handleEmbedHelp(w)).Methods(http.MethodGet, http.MethodHead)
}

// embedPage is what /embed puts into the widget's attributes; html/template
// escapes each value for its attribute.
type embedPage struct {
	Version                                             string
	Q, Location, Actor, From, To, Sort, Size, Lock, Key string
	Theme, Label                                        string
}

// handleEmbed serves the widget as a page of its own, for an iframe. Its
// frame-ancestors are the server and the origins allowed to use the API.
func (srv *Server) handleEmbed(w *widget) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		p := embedPage{
			Version: w.assets.version, Q: v.Get("q"),
			Location: strings.Join(v["location"], "|"), Actor: strings.Join(v["actor"], "|"),
			From: v.Get("from"), To: v.Get("to"), Sort: v.Get("sort"), Size: v.Get("size"),
			Lock: v.Get("lock"), Key: v.Get("key"), Label: v.Get("label"),
		}
		switch t := v.Get("theme"); t {
		case "light", "dark", "auto":
			p.Theme = t
		case "":
		default:
			writeJSON(rw, http.StatusBadRequest, errorBody{Error: "theme must be light, dark or auto"})
			return
		}
		h := rw.Header()
		h.Del("X-Frame-Options") // frame-ancestors below says who may frame it
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "+
			"img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors "+srv.access.frameAncestors())
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=300")
		if err := w.embed.Execute(rw, p); err != nil {
			srv.log.Error("embed page", "err", err)
		}
	}
}

// handleEmbedHelp serves the page that builds the snippet from a form.
func (srv *Server) handleEmbedHelp(w *widget) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		var origins []string
		if srv.access.anyOrigin {
			origins = []string{"every origin (*)"}
		}
		for o := range srv.access.origins {
			origins = append(origins, o)
		}
		slices.Sort(origins)
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		err := w.help.Execute(rw, map[string]any{"Version": w.assets.version, "Origins": strings.Join(origins, ", ")})
		if err != nil {
			srv.log.Error("embed help page", "err", err)
		}
	}
}
