package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/web"
)

// widgetAsset is one file of web/widget, kept in memory with its gzipped
// form, because every page that embeds the widget asks for it.
type widgetAsset struct {
	ctype    string
	body, gz []byte
}

// widget is the embeddable widget: its files, the templates of /embed and
// /embed/help, and the version that names them in URLs.
type widget struct {
	assets  map[string]*widgetAsset // by URL path
	version string                  // hash of every widget file
	embed   *template.Template
	help    *template.Template
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
	w := &widget{assets: map[string]*widgetAsset{}}
	sum := sha256.New()
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
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		sum.Write(b)
		w.assets[f.path] = &widgetAsset{ctype: f.ctype, body: b, gz: gz.Bytes()}
	}
	for _, t := range []struct {
		dst  **template.Template
		file string
	}{{&w.embed, "embed.html"}, {&w.help, "help.html"}} {
		b, err := fs.ReadFile(fsys, "widget/"+t.file)
		if err != nil {
			return nil, fmt.Errorf("widget: %w", err)
		}
		sum.Write(b)
		if *t.dst, err = template.New(t.file).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("widget: %w", err)
		}
	}
	w.version = hex.EncodeToString(sum.Sum(nil))[:12]
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
	for path, a := range w.assets {
		r.Handle(path, w.serveAsset(a)).Methods(http.MethodGet, http.MethodHead)
	}
	r.HandleFunc("/embed", srv.handleEmbed(w)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/embed/help", srv.handleEmbedHelp(w)).Methods(http.MethodGet, http.MethodHead)
}

// serveAsset sends a widget file. /widget.js?v=VERSION (the URL that /embed
// and /embed/help use) may be cached for a year, since a new version gets a
// new URL; plain /widget.js, the one in embedders' snippets, for five
// minutes, then revalidated with its ETag.
func (w *widget) serveAsset(a *widgetAsset) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h := rw.Header()
		body, etag := a.body, `"`+w.version+`"`
		if acceptsGzip(r) {
			body, etag = a.gz, `"`+w.version+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("Content-Type", a.ctype)
		h.Set("ETag", etag)
		h.Add("Vary", "Accept-Encoding")
		if r.URL.Query().Get("v") == w.version {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		// A public script for any page: module scripts and COEP pages need these.
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Encoding")
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", fmt.Sprint(len(body)))
		rw.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			rw.Write(body)
		}
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// etagMatch implements If-None-Match's weak comparison.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
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
			Version: w.version, Q: v.Get("q"),
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
		err := w.help.Execute(rw, map[string]any{"Version": w.version, "Origins": strings.Join(origins, ", ")})
		if err != nil {
			srv.log.Error("embed help page", "err", err)
		}
	}
}
