package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// fakeIndex answers every search with one hit; the tests here are about
// what surrounds the handlers.
type fakeIndex struct{}

func (fakeIndex) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	return &index.Results{Query: q, Total: 1, Hits: []index.Hit{{ID: "a1", Title: "t"}}}, nil
}
func (fakeIndex) Get(ctx context.Context, id string) (*index.Article, error) {
	return &index.Article{ID: id}, nil
}
func (fakeIndex) Suggest(ctx context.Context, prefix string, limit int) ([]index.Suggestion, error) {
	return []index.Suggestion{}, nil
}
func (fakeIndex) Count() (uint64, error) { return 1, nil }

const (
	hostOrigin  = "https://news.example.org"
	otherOrigin = "https://evil.example.net"
	siteOrigin  = "https://blog.example.com"
)

// fakeClock is a settable time source for the token buckets.
type fakeClock struct{ t time.Time }

func newFakeClock() *fakeClock      { return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.t = c.t.Add(d)
}

// install makes srv's buckets and log de-duplication use the clock.
func (c *fakeClock) install(srv *Server) {
	srv.access.limiter.now = c.now
	srv.access.limiter.lastSweep = c.t
	srv.access.warned.now = c.now
}

func newTestServer(t *testing.T, opts Options) (*Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	srv, err := New(fakeIndex{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return srv, &logs
}

type req struct {
	method, path, origin, remote string
	header                       map[string]string
}

func (r req) do(h http.Handler) *httptest.ResponseRecorder {
	if r.method == "" {
		r.method = http.MethodGet
	}
	hr := httptest.NewRequest(r.method, "http://sitrep.example"+r.path, nil)
	if r.origin != "" {
		hr.Header.Set("Origin", r.origin)
	}
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, hr)
	return rec
}

func TestCORS(t *testing.T) {
	srv, logs := newTestServer(t, Options{
		// as config.Load returns them: lower case, no trailing slash
		CORSOrigins: []string{hostOrigin},
		Sites:       []Site{{Key: "blog", Origins: []string{siteOrigin}}},
	})
	preflight := func(method string) map[string]string {
		return map[string]string{"Access-Control-Request-Method": method, "Access-Control-Request-Headers": "accept"}
	}
	tests := []struct {
		name       string
		req        req
		wantStatus int
		wantACAO   string
		wantVary   []string
		wantLog    string
		wantHeader map[string]string
	}{
		{name: "no origin", req: req{path: "/api/search?q=x"}, wantStatus: 200, wantVary: []string{"Origin"}},
		{name: "same origin", req: req{path: "/api/search", origin: "http://sitrep.example"}, wantStatus: 200},
		{name: "allowed origin", req: req{path: "/api/search?q=x", origin: hostOrigin}, wantStatus: 200,
			wantACAO: hostOrigin, wantVary: []string{"Origin"}, wantHeader: map[string]string{"Access-Control-Expose-Headers": "Retry-After"}},
		{name: "allowed origin, suggest", req: req{path: "/api/suggest?prefix=ku", origin: hostOrigin}, wantStatus: 200, wantACAO: hostOrigin},
		{name: "allowed origin, article", req: req{path: "/api/articles/a1", origin: hostOrigin}, wantStatus: 200, wantACAO: hostOrigin},
		{name: "origin of a site key", req: req{path: "/api/search", origin: siteOrigin}, wantStatus: 200, wantACAO: siteOrigin},
		{name: "refused origin", req: req{path: "/api/search?q=x", origin: otherOrigin}, wantStatus: 403,
			wantVary: []string{"Origin"}, wantLog: "cross-origin request refused"},
		{name: "refused null origin", req: req{path: "/api/search", origin: "null"}, wantStatus: 403},
		{name: "other port is another origin", req: req{path: "/api/search", origin: hostOrigin + ":8443"}, wantStatus: 403},
		{name: "not the form browsers send", req: req{path: "/api/search", origin: "HTTPS://News.Example.org"}, wantStatus: 403},
		{name: "preflight", req: req{method: "OPTIONS", path: "/api/search", origin: hostOrigin, header: preflight("GET")},
			wantStatus: 204, wantACAO: hostOrigin, wantVary: []string{"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"},
			wantHeader: map[string]string{"Access-Control-Allow-Methods": "GET, HEAD", "Access-Control-Max-Age": "600"}},
		{name: "preflight from a refused origin", req: req{method: "OPTIONS", path: "/api/search", origin: "https://third.example.net", header: preflight("GET")},
			wantStatus: 403, wantLog: "cross-origin request refused"},
		{name: "preflight for a write", req: req{method: "OPTIONS", path: "/api/articles", origin: hostOrigin, header: preflight("POST")},
			wantStatus: 403, wantLog: "only GET and HEAD"},
		{name: "cross-origin write", req: req{method: "POST", path: "/api/articles", origin: hostOrigin}, wantStatus: 403},
		{name: "not the API", req: req{path: "/healthz", origin: otherOrigin}, wantStatus: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			rec := tc.req.do(srv)
			if rec.Code != tc.wantStatus {
				t.Errorf("status = %d, want %d; body %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.wantACAO {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tc.wantACAO)
			}
			if rec.Header().Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials must never be allowed")
			}
			vary := strings.Join(rec.Header().Values("Vary"), ", ")
			for _, v := range tc.wantVary {
				if !strings.Contains(vary, v) {
					t.Errorf("Vary = %q, want it to name %s", vary, v)
				}
			}
			for k, v := range tc.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if tc.wantLog != "" {
				if !strings.Contains(logs.String(), tc.wantLog) || !strings.Contains(logs.String(), "origin="+tc.req.origin) {
					t.Errorf("log lacks %q and the origin:\n%s", tc.wantLog, logs)
				}
			}
			if tc.wantStatus == 403 && !strings.Contains(rec.Body.String(), `"error"`) {
				t.Errorf("refusal without an error body: %s", rec.Body)
			}
		})
	}
}

func TestCORSAnyOrigin(t *testing.T) {
	srv, _ := newTestServer(t, Options{CORSOrigins: []string{"*"}})
	rec := req{path: "/api/search", origin: otherOrigin}.do(srv)
	if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != otherOrigin {
		t.Errorf("with *: %d, ACAO %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	rec = req{path: "/embed"}.do(srv)
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("with *: CSP %q", csp)
	}
}

func TestCORSRefusalLoggedOncePerMinute(t *testing.T) {
	srv, logs := newTestServer(t, Options{CORSOrigins: []string{hostOrigin}})
	clock := newFakeClock()
	clock.install(srv)
	for range 5 {
		req{path: "/api/search", origin: otherOrigin}.do(srv)
	}
	if n := strings.Count(logs.String(), "cross-origin request refused"); n != 1 {
		t.Errorf("%d log lines for 5 refusals in a burst, want 1", n)
	}
	clock.add(61 * time.Second)
	req{path: "/api/search", origin: otherOrigin}.do(srv)
	if n := strings.Count(logs.String(), "cross-origin request refused"); n != 2 {
		t.Errorf("%d log lines after a minute, want 2", n)
	}
}

var scriptVersion = regexp.MustCompile(`/widget\.js\?v=([0-9a-f]{12})`)

func TestWidgetJS(t *testing.T) {
	srv, _ := newTestServer(t, Options{})
	rec := req{path: "/widget.js"}.do(srv)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	if !strings.Contains(body, `customElements.define("sitrep-search"`) {
		t.Error("widget.js does not define <sitrep-search>")
	}
	h := rec.Header()
	for k, want := range map[string]string{
		"Content-Type":                "text/javascript; charset=utf-8",
		"Cache-Control":               "public, max-age=300",
		"Access-Control-Allow-Origin": "*",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	etag := h.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{16}"$`).MatchString(etag) {
		t.Errorf("ETag = %q", etag)
	}

	t.Run("revalidation", func(t *testing.T) {
		for _, inm := range []string{etag, "W/" + etag, `"old", ` + etag} {
			rec := req{path: "/widget.js", header: map[string]string{"If-None-Match": inm}}.do(srv)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and none", inm, rec.Code, rec.Body.Len())
			}
		}
		rec := req{path: "/widget.js", header: map[string]string{"If-None-Match": `"stale"`}}.do(srv)
		if rec.Code != 200 {
			t.Errorf("stale ETag: %d, want 200", rec.Code)
		}
	})

	t.Run("gzip", func(t *testing.T) {
		rec := req{path: "/widget.js", header: map[string]string{"Accept-Encoding": "br, gzip"}}.do(srv)
		if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("ETag") == etag {
			t.Fatalf("Content-Encoding %q, ETag %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("ETag"))
		}
		size := rec.Body.Len()
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		if string(plain) != body {
			t.Error("gzipped widget.js differs from the plain one")
		}
		t.Logf("widget.js: %d bytes, %d gzipped", len(body), size)
	})

	t.Run("versioned URL", func(t *testing.T) {
		page := req{path: "/embed"}.do(srv).Body.String()
		m := scriptVersion.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("/embed does not load a versioned widget.js:\n%s", page)
		}
		rec := req{path: "/widget.js?v=" + m[1]}.do(srv)
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("versioned Cache-Control = %q", cc)
		}
		rec = req{path: "/widget.js?v=000000000000"}.do(srv)
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=300" {
			t.Errorf("an old version must not be cached for long: %q", cc)
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		rec := req{method: "HEAD", path: "/widget.js"}.do(srv)
		if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
			t.Errorf("HEAD: %d, %d bytes, length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
		}
	})
}

// TestWidgetSize keeps the widget small: it loads on other people's pages.
func TestWidgetSize(t *testing.T) {
	srv, _ := newTestServer(t, Options{})
	rec := req{path: "/widget.js", header: map[string]string{"Accept-Encoding": "gzip"}}.do(srv)
	const budget = 8 << 10
	t.Logf("widget.js gzipped: %d bytes (budget %d)", rec.Body.Len(), budget)
	if rec.Body.Len() > budget {
		t.Errorf("widget.js is %d bytes gzipped, over the %d budget", rec.Body.Len(), budget)
	}
}

func TestEmbed(t *testing.T) {
	srv, _ := newTestServer(t, Options{CORSOrigins: []string{hostOrigin}, Sites: []Site{{Key: "blog", Origins: []string{siteOrigin}}}})
	rec := req{path: `/embed?location=Kursk+Oblast&location=Sudzha&q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&theme=dark&lock=location&size=3`}.do(srv)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	h, body := rec.Header(), rec.Body.String()
	csp := h.Get("Content-Security-Policy")
	if want := "frame-ancestors 'self' " + siteOrigin + " " + hostOrigin; !strings.HasSuffix(csp, want) {
		t.Errorf("CSP = %q, want it to end with %q", csp, want)
	}
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP too loose: %q", csp)
	}
	if xfo := h.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options = %q would stop the frame", xfo)
	}
	for _, want := range []string{`data-location="Kursk Oblast|Sudzha"`, `data-theme="dark"`, `data-lock="location"`, `data-size="3"`, `src="/embed.js?v=`} {
		if !strings.Contains(body, want) {
			t.Errorf("embed page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Errorf("the query was not escaped:\n%s", body)
	}

	if rec := (req{path: "/embed?theme=pink"}).do(srv); rec.Code != 400 {
		t.Errorf("bad theme: %d, want 400", rec.Code)
	}
	// Everything else keeps refusing frames.
	for _, p := range []string{"/embed/help", "/api/search"} {
		if rec := (req{path: p}).do(srv); rec.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: X-Frame-Options = %q, want DENY", p, rec.Header().Get("X-Frame-Options"))
		}
	}
}

func TestEmbedHelp(t *testing.T) {
	srv, _ := newTestServer(t, Options{CORSOrigins: []string{hostOrigin}})
	rec := req{path: "/embed/help"}.do(srv)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `<form id="f"`) || !strings.Contains(body, hostOrigin) {
		t.Fatalf("status %d:\n%s", rec.Code, body)
	}
	for _, asset := range []string{"/embed/help.js", "/embed/help.css", "/embed.js"} {
		if rec := (req{path: asset}).do(srv); rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("%s: %d", asset, rec.Code)
		}
	}
}

func TestRateLimit(t *testing.T) {
	t.Run("per client IP", func(t *testing.T) {
		srv, logs := newTestServer(t, Options{RateLimit: 1, RateBurst: 2, CORSOrigins: []string{hostOrigin}})
		clock := newFakeClock()
		clock.install(srv)
		a := req{path: "/api/search", remote: "192.0.2.1:1000", origin: hostOrigin}
		for i := range 2 {
			if rec := a.do(srv); rec.Code != 200 {
				t.Fatalf("request %d: %d", i+1, rec.Code)
			}
		}
		rec := a.do(srv)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
			t.Fatalf("third request: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		// The widget must be able to read the 429 across origins.
		if rec.Header().Get("Access-Control-Allow-Origin") != hostOrigin || !strings.Contains(rec.Body.String(), "too many requests") {
			t.Errorf("429 without CORS or message: %v %s", rec.Header(), rec.Body)
		}
		if !strings.Contains(logs.String(), "rate limit reached") {
			t.Errorf("no log line:\n%s", logs)
		}
		if rec := (req{path: "/api/search", remote: "192.0.2.2:1000"}).do(srv); rec.Code != 200 {
			t.Errorf("another client was limited too: %d", rec.Code)
		}
		if rec := (req{path: "/widget.js", remote: "192.0.2.1:1000"}).do(srv); rec.Code != 200 {
			t.Errorf("widget.js is not rate limited, got %d", rec.Code)
		}
		if rec := (req{method: "OPTIONS", path: "/api/search", remote: "192.0.2.1:1000", origin: hostOrigin,
			header: map[string]string{"Access-Control-Request-Method": "GET"}}).do(srv); rec.Code != 204 {
			t.Errorf("preflight was limited: %d", rec.Code)
		}
		clock.add(time.Second)
		if rec := a.do(srv); rec.Code != 200 {
			t.Errorf("after a second the bucket has a token again, got %d", rec.Code)
		}
		if rec := a.do(srv); rec.Code != 429 {
			t.Errorf("and only one: %d", rec.Code)
		}
	})

	t.Run("site keys", func(t *testing.T) {
		srv, logs := newTestServer(t, Options{
			CORSOrigins: []string{hostOrigin},
			Sites:       []Site{{Key: "blog-1", Origins: []string{siteOrigin}, RateLimit: 1, Burst: 2}},
		})
		newFakeClock().install(srv)
		from := func(ip, origin, key string) int {
			return req{path: "/api/search?key=" + key, remote: ip + ":1", origin: origin}.do(srv).Code
		}
		// The site's budget is shared by all its readers.
		if c := from("198.51.100.1", siteOrigin, "blog-1"); c != 200 {
			t.Fatalf("first: %d", c)
		}
		if c := from("198.51.100.2", siteOrigin, "blog-1"); c != 200 {
			t.Fatalf("second: %d", c)
		}
		if c := from("198.51.100.3", siteOrigin, "blog-1"); c != 429 {
			t.Errorf("third reader of the site: %d, want 429", c)
		}
		// The other site is not affected.
		if c := from("198.51.100.3", hostOrigin, ""); c != 200 {
			t.Errorf("another site: %d", c)
		}
		// Keys work only from their own origins.
		if c := from("198.51.100.4", hostOrigin, "blog-1"); c != 403 {
			t.Errorf("key from another allowed origin: %d, want 403", c)
		}
		if c := from("198.51.100.4", "", "blog-1"); c != 403 {
			t.Errorf("key without an origin: %d, want 403", c)
		}
		if c := from("198.51.100.4", siteOrigin, "nope"); c != 403 {
			t.Errorf("unknown key: %d, want 403", c)
		}
		for _, want := range []string{"unknown site key", "site key used from an origin it is not bound to"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, logs)
			}
		}
		// The header works like the parameter.
		if c := (req{path: "/api/search", remote: "198.51.100.9:1", origin: hostOrigin, header: map[string]string{"X-Sitrep-Key": "blog-1"}}).do(srv).Code; c != 403 {
			t.Errorf("X-Sitrep-Key from a foreign origin: %d, want 403", c)
		}
	})

	t.Run("per origin without a key", func(t *testing.T) {
		srv, _ := newTestServer(t, Options{CORSOrigins: []string{hostOrigin, siteOrigin}, OriginRateLimit: 1})
		newFakeClock().install(srv)
		codes := []int{}
		for i := range 3 {
			codes = append(codes, req{path: "/api/search", remote: "203.0.113." + string(rune('1'+i)) + ":1", origin: hostOrigin}.do(srv).Code)
		}
		if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 {
			t.Errorf("three readers of one site at rate 1 (burst 2): %v, want [200 200 429]", codes)
		}
		if c := (req{path: "/api/search", remote: "203.0.113.1:1", origin: siteOrigin}).do(srv).Code; c != 200 {
			t.Errorf("the other origin: %d", c)
		}
		if c := (req{path: "/api/search", remote: "203.0.113.1:1"}).do(srv).Code; c != 200 {
			t.Errorf("same-origin requests do not count against other sites: %d", c)
		}
	})
}

func TestRateLimiterForgetsFullBuckets(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(clock.now)
	for i := range 100 {
		l.allow("ip "+string(rune('a'+i%26))+string(rune('a'+i/26)), 10, 0)
	}
	if len(l.buckets) != 100 {
		t.Fatalf("%d buckets", len(l.buckets))
	}
	clock.add(2 * time.Minute)
	l.allow("ip new", 10, 0)
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after a sweep, want 1", len(l.buckets))
	}
}

func TestClientIPBehindTrustedProxy(t *testing.T) {
	srv := &Server{opts: Options{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128"),
	}}}
	cases := []struct {
		name, remote, xff, want string
	}{
		{"no proxy: the peer", "192.0.2.7:5000", "", "192.0.2.7"},
		{"untrusted peer: header ignored", "192.0.2.7:5000", "203.0.113.9", "192.0.2.7"},
		{"trusted proxy: the client it names", "10.1.2.3:80", "203.0.113.9", "203.0.113.9"},
		{"spoofed left part ignored", "10.1.2.3:80", "1.1.1.1, 203.0.113.9", "203.0.113.9"},
		{"a chain of trusted proxies", "10.1.2.3:80", "203.0.113.9, 10.9.9.9", "203.0.113.9"},
		{"an IPv6 proxy", "[::1]:80", "198.51.100.4", "198.51.100.4"},
		{"malformed hop: the last trusted one", "10.1.2.3:80", "203.0.113.9, bogus", "10.1.2.3"},
		{"trusted proxy without header: itself", "10.1.2.3:80", "", "10.1.2.3"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/api/search", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Add("X-Forwarded-For", tc.xff)
		}
		if got := srv.clientIP(r); got != tc.want {
			t.Errorf("%s: client %q, want %q", tc.name, got, tc.want)
		}
	}
}
