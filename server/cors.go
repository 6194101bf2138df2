package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Site is a site that embeds the widget under a key of its own: the key
// gives it a request budget of its own (so one busy site cannot exhaust the
// server for the others), and is honoured only from the site's origins.
// Keys are not secrets (they sit in the embedding page); they name a quota.
type Site struct {
	Key     string
	Origins []string // exact origins as browsers send them, e.g. https://news.example.org
	// RateLimit is requests per second for the whole site (0: no site budget).
	RateLimit float64
	// Burst is the size of the site's bucket (0: twice RateLimit, at least 1).
	Burst float64
}

// access decides which browsers may call the API across origins and how
// much: the CORS allow-list (server.cors_origins plus the origins of the
// site keys) and the token buckets. It is built once by New.
type access struct {
	anyOrigin bool
	origins   map[string]bool  // origin -> allowed
	sites     map[string]*Site // key -> site
	limiter   *limiter
	warned    *onceEvery // log lines about refusals, at most once a minute per subject
}

func newAccess(opts Options) *access {
	a := &access{
		origins: map[string]bool{},
		sites:   map[string]*Site{},
		limiter: newLimiter(time.Now),
		warned:  newOnceEvery(time.Minute, time.Now),
	}
	for _, o := range opts.CORSOrigins {
		if o == "*" {
			a.anyOrigin = true
			continue
		}
		a.origins[o] = true
	}
	for i := range opts.Sites {
		s := opts.Sites[i]
		for _, o := range s.Origins {
			a.origins[o] = true
		}
		a.sites[s.Key] = &s
	}
	return a
}

// allowed reports whether a page from origin may read the API's answers.
// Browsers send Origin in the form config keeps origins in (lower case, no
// trailing slash), so the comparison is exact.
func (a *access) allowed(origin string) bool {
	if a.anyOrigin {
		return origin != ""
	}
	return a.origins[origin]
}

// frameAncestors is the CSP frame-ancestors source list for /embed: the
// server itself and the same origins that CORS allows.
func (a *access) frameAncestors() string {
	if a.anyOrigin {
		return "*"
	}
	list := make([]string, 0, len(a.origins)+1)
	for o := range a.origins {
		list = append(list, o)
	}
	slices.Sort(list)
	return strings.Join(append([]string{"'self'"}, list...), " ")
}

// sameOrigin reports whether origin is the server's own (the search page
// and /embed call the API without CORS; browsers still send Origin on some
// same-origin requests).
func sameOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// readMethod reports whether m is one the widget uses: the cross-origin API
// is read-only, so writes never get CORS headers.
func readMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// cors answers preflight requests and adds the CORS headers to API answers
// for allowed origins. A request from an origin that is not allowed is
// refused with 403 before it costs a search, and logged (once a minute per
// origin) so an operator sees which site to add to server.cors_origins.
func (srv *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		// Answers differ by Origin: caches must keep them apart.
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		if origin == "" || sameOrigin(r, origin) {
			next.ServeHTTP(w, r)
			return
		}
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		method := r.Method
		if preflight {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			method = r.Header.Get("Access-Control-Request-Method")
		}
		switch {
		case !srv.access.allowed(origin):
			if srv.access.warned.ok("origin " + origin) {
				srv.log.Warn("cross-origin request refused: origin is not in server.cors_origins (add it there, or to a site in server.sites, to let it embed the widget)",
					"origin", origin, "method", method, "path", r.URL.Path)
			}
			writeJSON(w, http.StatusForbidden, errorBody{Error: "origin " + origin + " may not use this sitrep server; its operator can add it to server.cors_origins"})
			return
		case !readMethod(method):
			if srv.access.warned.ok("method " + origin + " " + method) {
				srv.log.Warn("cross-origin request refused: only GET and HEAD are open to other origins",
					"origin", origin, "method", method, "path", r.URL.Path)
			}
			writeJSON(w, http.StatusForbidden, errorBody{Error: "only GET and HEAD are allowed from other origins"})
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		if preflight {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD")
			if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Language, Content-Type, X-Sitrep-Key")
			}
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", "Retry-After")
		next.ServeHTTP(w, r)
	})
}

// onceEvery answers true for a subject at most once per period, so a
// misconfigured site cannot flood the log with the same refusal.
type onceEvery struct {
	mu     sync.Mutex
	period time.Duration
	now    func() time.Time
	last   map[string]time.Time
}

func newOnceEvery(period time.Duration, now func() time.Time) *onceEvery {
	return &onceEvery{period: period, now: now, last: map[string]time.Time{}}
}

func (o *onceEvery) ok(subject string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	t := o.now()
	if last, seen := o.last[subject]; seen && t.Sub(last) < o.period {
		return false
	}
	if len(o.last) > 10000 { // bounded: forget everything rather than grow
		clear(o.last)
	}
	o.last[subject] = t
	return true
}
