package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/index"
)

// Searcher is what the server needs of the index.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Results, error)
	Get(ctx context.Context, id string) (*index.Article, error)
	Suggest(ctx context.Context, prefix string, limit int) ([]index.Suggestion, error)
	Count() (uint64, error)
}

// Resolver maps aliases typed in filters to canonical names
// ("Zelenskiy" -> "Volodymyr Zelensky", "Kiev" -> "Kyiv").
type Resolver interface {
	CanonicalActor(name string) (string, bool)
	CanonicalLocation(name string) (string, bool)
}

// Options configures a Server.
type Options struct {
	SearchTimeout time.Duration
	Token         string
	// CORSOrigins are the origins whose pages may call the API, in the form
	// browsers send in Origin and config.Load returns (scheme://host[:port],
	// lower case, no trailing slash), or "*" for any.
	CORSOrigins  []string
	MaxBodyBytes int64
	RateLimit    float64
	// RateBurst is the bucket size of RateLimit (0: twice the rate, at least 1).
	RateBurst float64
	// OriginRateLimit is requests per second for each other origin calling
	// without a site key, all its visitors together (0: no limit).
	OriginRateLimit float64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client, for rate limits; empty: the header is ignored.
	TrustedProxies []netip.Prefix
	// MaxConcurrent is how many searching requests run at once in all;
	// more wait for a slot up to SearchTimeout, then get 503 (0: four per
	// CPU).
	MaxConcurrent int
	// MaxConcurrentPerClient is how many searching requests one client IP
	// may run at once; more wait behind its own, up to SearchTimeout, then
	// get 429 (0: 8).
	MaxConcurrentPerClient int
	// Sites are the optional per-site keys of the widget.
	Sites    []Site
	Logger   *slog.Logger
	Resolver Resolver // optional
	Writer   Writer   // optional: POST/DELETE /api/articles (write.go)
	// Assets holds templates/ and static/ (the web package's FS).
	Assets fs.FS
	// Version labels static asset URLs for caching.
	Version string
}

// Server is the HTTP handler of sitrep.
type Server struct {
	s      Searcher
	opts   Options
	log    *slog.Logger
	router *mux.Router
	access *access // CORS allow-list and rate limits
	// inflight bounds the searches running at once (concurrency.go).
	inflight *inflight
}

// New builds the server's routes.
func New(s Searcher, opts Options) (*Server, error) {
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = 5 * time.Second
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 10 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 4 * runtime.GOMAXPROCS(0)
	}
	if opts.MaxConcurrentPerClient <= 0 {
		opts.MaxConcurrentPerClient = 8
	}
	srv := &Server{s: s, opts: opts, log: opts.Logger, router: mux.NewRouter(), access: newAccess(opts),
		inflight: newInflight(opts.MaxConcurrent, opts.MaxConcurrentPerClient, opts.SearchTimeout)}
	if err := srv.routes(); err != nil {
		return nil, err
	}
	return srv, nil
}

// ServeHTTP implements http.Handler.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	srv.recoverer(srv.logRequests(srv.securityHeaders(srv.cors(srv.rateLimit(srv.limitConcurrency(srv.router)))))).ServeHTTP(w, r)
}

func (srv *Server) routes() error {
	r := srv.router
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/search", srv.handleSearch).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/articles/{id}", srv.handleArticle).Methods(http.MethodGet, http.MethodHead)
	api.HandleFunc("/suggest", srv.handleSuggest).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/healthz", srv.handleHealth).Methods(http.MethodGet, http.MethodHead)
	srv.writeRoutes(api)
	srv.widgetRoutes(r)
	if err := srv.pageRoutes(r); err != nil {
		return err
	}
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorBody{Error: "no such route: " + r.URL.Path})
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "method " + r.Method + " not allowed here"})
	})
	return nil
}

// ErrUnavailable marks a request the server cannot take now (it is
// shutting down); a Writer wraps it.
var ErrUnavailable = errors.New("unavailable")

type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// errorStatus maps an error to an HTTP status and a message safe to show:
// the user's mistakes are explained, internal errors are logged, not shown.
func (srv *Server) errorStatus(r *http.Request, err error) (int, string) {
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Msg
	case errors.Is(err, index.ErrBadQuery):
		return http.StatusBadRequest, "bad query"
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the search took too long; narrow it down"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	case errors.Is(err, index.ErrReadOnly):
		return http.StatusServiceUnavailable, "the index is read-only on this server: writes are refused"
	case errors.Is(err, ErrUnavailable):
		return http.StatusServiceUnavailable, "the server is shutting down: try again later"
	}
	srv.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "internal error"
}

func (srv *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := srv.errorStatus(r, err)
	writeJSON(w, status, errorBody{Error: msg})
}

// badParam is a parameter problem; it wraps index.ErrBadQuery.
func badParam(format string, args ...any) error {
	return &index.QueryError{Msg: fmt.Sprintf(format, args...)}
}

// ParseQuery reads an index.Query from URL parameters (the same for the
// API, the page and the widget).
func (srv *Server) ParseQuery(r *http.Request) (index.Query, error) {
	v := r.URL.Query()
	if err := checkUTF8(v); err != nil {
		return index.Query{}, err
	}
	q := index.Query{
		Text:      v.Get("q"),
		Locations: v["location"],
		Actors:    v["actor"],
		Sources:   v["source"],
		From:      strings.TrimSpace(v.Get("from")),
		To:        strings.TrimSpace(v.Get("to")),
		Sort:      v.Get("sort"),
	}
	// The index checks the range of page and size (index.Query), one place
	// for every caller. A 0 given here is out of range, not the zero of a
	// field left unset that the index fills with its default: it goes on
	// as -1, which the index refuses with its message.
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &q.Page}, {"size", &q.Size}} {
		if s := strings.TrimSpace(v.Get(p.name)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return q, badParam("%s must be a whole number, not %q", p.name, s)
			}
			if n == 0 {
				n = -1
			}
			*p.dst = n
		}
	}
	if s := strings.TrimSpace(v.Get("collapse")); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return q, badParam("collapse must be true or false, not %q", s)
		}
		q.Collapse = &b
	}
	if res := srv.opts.Resolver; res != nil {
		q.Canonicalize(res.CanonicalActor, res.CanonicalLocation)
	}
	return q, nil
}

// checkUTF8 refuses parameters that are not UTF-8 text (q=%ff%fe): the
// analyzers would drop such bytes and the query would silently match
// everything. The names are looked at in order, so that the same request
// always gets the same message.
func checkUTF8(v url.Values) error {
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if !utf8.ValidString(k) {
			return badParam("a parameter name is not valid UTF-8 text")
		}
		for _, s := range v[k] {
			if !utf8.ValidString(s) {
				name := k
				if strings.ContainsFunc(k, func(r rune) bool { return !unicode.IsPrint(r) }) {
					name = strconv.Quote(k) // a control character is shown escaped
				}
				return badParam("parameter %s is not valid UTF-8 text", name)
			}
		}
	}
	return nil
}

func (srv *Server) search(r *http.Request, q index.Query) (*index.Results, error) {
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	return srv.s.Search(ctx, q)
}

func (srv *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q, err := srv.ParseQuery(r)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	res, err := srv.search(r, q)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, res)
}

func (srv *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	a, err := srv.s.Get(ctx, id)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (srv *Server) handleSuggest(w http.ResponseWriter, r *http.Request) {
	if err := checkUTF8(r.URL.Query()); err != nil {
		srv.writeError(w, r, err)
		return
	}
	prefix := r.URL.Query().Get("prefix")
	if len(prefix) > 100 {
		srv.writeError(w, r, badParam("prefix is too long (at most 100 characters)"))
		return
	}
	limit := 10
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 50 {
			srv.writeError(w, r, badParam("limit must be between 1 and 50"))
			return
		}
		limit = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	sug, err := srv.s.Suggest(ctx, prefix, limit)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"prefix": prefix, "suggestions": sug})
}

func (srv *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	n, err := srv.s.Count()
	if err != nil {
		srv.log.Error("health", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "index unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "documents": n})
}
