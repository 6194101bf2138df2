package server

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limiter holds token buckets by name ("ip 10.0.0.1", "site kursk-live",
// "origin https://news.example.org"). A bucket holds up to burst tokens,
// refills at rate per second, and a request takes one.
type limiter struct {
	mu        sync.Mutex
	now       func() time.Time
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
	rate   float64
	burst  float64
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, buckets: map[string]*bucket{}, lastSweep: now()}
}

// burstFor is the bucket size when none is configured: two seconds' worth,
// at least one request.
func burstFor(rate, burst float64) float64 {
	if burst > 0 {
		return burst
	}
	return math.Max(1, math.Ceil(2*rate))
}

// allow takes a token from the named bucket. When none is left it returns
// false and how long until one is.
func (l *limiter) allow(name string, rate, burst float64) (bool, time.Duration) {
	return l.take(name, rate, burst, 1)
}

// take takes cost tokens (at most the bucket's size, so that an expensive
// request stays possible with a small burst).
func (l *limiter) take(name string, rate, burst, cost float64) (bool, time.Duration) {
	if rate <= 0 {
		return true, 0
	}
	burst = burstFor(rate, burst)
	cost = math.Min(math.Max(cost, 1), burst)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	b := l.buckets[name]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		l.buckets[name] = b
	}
	b.rate, b.burst = rate, burst
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(burst, b.tokens+el*rate)
	}
	b.last = now
	if b.tokens >= cost {
		b.tokens -= cost
		return true, 0
	}
	wait := time.Duration((cost - b.tokens) / rate * float64(time.Second))
	return false, wait
}

// sweep drops buckets that have refilled completely (they are the same as
// new ones), once a minute, so that the map of client IPs stays small.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for name, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*b.rate >= b.burst {
			delete(l.buckets, name)
		}
	}
}

// clientIP is the address the request came from. X-Forwarded-For counts
// only when the request comes from a trusted proxy; the client is then the
// right-most address in it that is not itself a trusted proxy (the left
// part of the header is whatever the client chose to send).
func (srv *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !srv.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: the last trusted hop is the best we know
		}
		peer = a.Unmap()
		if !srv.trusted(peer) {
			break
		}
	}
	return peer.String()
}

func (srv *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range srv.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// siteKey is the widget's key, from ?key= (no preflight needed) or the
// X-Sitrep-Key header.
func siteKey(r *http.Request) string {
	if k := r.URL.Query().Get("key"); k != "" {
		return k
	}
	return r.Header.Get("X-Sitrep-Key")
}

// searchCost is how many searches a request may run: 0 for routes that
// do not touch the index (static files, the widget, /healthz), which are
// neither rate limited nor counted as running. An export pages through up
// to exportMax hits 100 at a time; the search page runs one more search
// for each facet the user filters on.
func searchCost(r *http.Request) float64 {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodOptions:
		return 0
	case strings.HasPrefix(p, "/export."):
		return exportMax / 100
	case p == "/":
		n := 1.0
		v := r.URL.Query()
		for _, k := range []string{"location", "actor", "source"} {
			if len(v[k]) > 0 {
				n++
			}
		}
		return n
	case strings.HasPrefix(p, "/api/"):
		return 1
	}
	return 0
}

// rateLimit applies the token buckets to every route that searches (the
// API, the search page, the exports): one per client IP
// (server.rate_limit), one per site key (its rate_limit) and one per
// cross-origin site without a key (server.origin_rate_limit). A request
// takes as many tokens as it may run searches (searchCost). A key is
// honoured only from its own origins. Refusals are 429 with Retry-After.
func (srv *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cost := searchCost(r)
		if cost == 0 {
			next.ServeHTTP(w, r)
			return
		}
		a := srv.access
		origin := r.Header.Get("Origin")
		crossOrigin := origin != "" && !sameOrigin(r, origin)
		var site *Site
		// Site keys belong to the widget, which only calls the API.
		if key := siteKey(r); key != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			site = a.sites[key]
			switch {
			case site == nil:
				if a.warned.ok("key " + key) {
					srv.log.Warn("request refused: unknown site key (not in server.sites)", "key", key, "origin", origin, "path", r.URL.Path)
				}
				writeJSON(w, http.StatusForbidden, errorBody{Error: "unknown site key " + strconv.Quote(key)})
				return
			case !crossOrigin || !containsOrigin(site.Origins, origin):
				if a.warned.ok("key " + key + " " + origin) {
					srv.log.Warn("request refused: site key used from an origin it is not bound to",
						"key", key, "origin", origin, "bound_to", strings.Join(site.Origins, " "), "path", r.URL.Path)
				}
				writeJSON(w, http.StatusForbidden, errorBody{Error: "site key " + strconv.Quote(key) + " is not valid on this origin"})
				return
			}
		}
		checks := []budget{{"ip " + srv.clientIP(r), srv.opts.RateLimit, srv.opts.RateBurst}}
		switch {
		case site != nil:
			checks = append(checks, budget{"site " + site.Key, site.RateLimit, site.Burst})
		case crossOrigin:
			checks = append(checks, budget{"origin " + origin, srv.opts.OriginRateLimit, 0})
		}
		for _, c := range checks {
			if ok, wait := a.limiter.take(c.name, c.rate, c.burst, cost); !ok {
				secs := int(math.Ceil(wait.Seconds()))
				if secs < 1 {
					secs = 1
				}
				if a.warned.ok("limit " + c.name) {
					srv.log.Warn("rate limit reached", "bucket", c.name, "rate", c.rate, "path", r.URL.Path)
				}
				w.Header().Set("Retry-After", strconv.Itoa(secs))
				writeJSON(w, http.StatusTooManyRequests, errorBody{Error: "too many requests; try again in " + strconv.Itoa(secs) + " s"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// budget names a bucket and its size.
type budget struct {
	name        string
	rate, burst float64
}

func containsOrigin(list []string, origin string) bool {
	return slices.Contains(list, origin)
}
