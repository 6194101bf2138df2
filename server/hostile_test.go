package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// TestHostileParameters is issue 13's rows 4, 5, 6 and 16 through the real
// server over a real index: every bad parameter is a 400 that says what is
// wrong, on the API, the search page, the facet lookup and the exports.
func TestHostileParameters(t *testing.T) { testHostileParameters(t, newTestIndex(t)) }

// TestHostileParametersOpenSearch is TestHostileParameters on an index of
// the OpenSearch cluster.
func TestHostileParametersOpenSearch(t *testing.T) {
	testHostileParameters(t, newClusterIndex(t, index.Options{}, suiteArticles(t)))
}

func testHostileParameters(t *testing.T, ix Searcher) {
	srv, err := New(ix, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const maxPage = "page=9223372036854775807&size=10"
	tests := []struct {
		name    string
		url     string
		status  int
		message string // in the JSON error, or in the page's HTML
	}{
		{"row 4: page max int64", "/api/search?" + maxPage, 400, "page too deep"},
		{"row 4: page max int64, uncollapsed", "/api/search?collapse=false&" + maxPage, 400, "page too deep"},
		{"row 4: page max int64 on the page", "/?" + maxPage, 400, "page too deep"},
		{"row 4: page max int64 on the page, uncollapsed", "/?collapse=false&q=kursk&" + maxPage, 400, "page too deep"},
		{"row 4: page beyond int64", "/api/search?page=99999999999999999999", 400, "page must be a whole number"},
		{"row 4: size max int64", "/api/search?size=9223372036854775807", 400, "size must be between 1 and 100"},
		{"row 4: last allowed page", "/api/search?page=100&size=100", 200, ""},
		{"row 5: lone plus", "/api/search?q=%2B", 400, "'+' must be followed by a word"},
		{"row 5: lone plus on the page", "/?q=%2B", 400, "must be followed by a word"},
		{"row 5: plus before a space", "/api/search?q=kursk+%2B+", 400, "'+' must be followed"},
		{"row 5: plus word", "/api/search?q=%2Bkursk", 200, ""},
		{"row 6: year 1 to 9999", "/api/search?from=0001-01-01&to=9999-12-31", 400, "from must be between 1700-01-01 and 2199-12-31"},
		{"row 6: year 1 to 9999 on the page", "/?from=0001-01-01&to=9999-12-31", 400, "must be between 1700-01-01 and 2199-12-31"},
		{"row 6: year 1 to 9999 in an export", "/export.csv?from=0001-01-01&to=9999-12-31", 400, "must be between"},
		{"row 6: to 9999", "/api/search?to=9999-12-31", 400, "to must be between"},
		{"row 6: widest allowed span", "/api/search?from=1700-01-01&to=2199-12-31", 200, ""},
		{"row 16: invalid UTF-8 query", "/api/search?q=%ff%fe", 400, "parameter q is not valid UTF-8"},
		{"row 16: invalid UTF-8 on the page", "/?q=%ff%fe", 400, "not valid UTF-8"},
		{"row 16: invalid UTF-8 location", "/api/search?location=%c3", 400, "parameter location is not valid UTF-8"},
		{"row 16: invalid UTF-8 suggest prefix", "/api/suggest?prefix=%ff", 400, "parameter prefix is not valid UTF-8"},
		{"row 16: invalid UTF-8 facet text", "/api/facet?facet=location&contains=%fe", 400, "parameter contains is not valid UTF-8"},
		{"row 16: invalid UTF-8 in an export", "/export.json?q=%ff", 400, "not valid UTF-8"},
		{"row 16: invalid UTF-8 parameter name", "/api/search?%ff=1", 400, "parameter name is not valid UTF-8"},
		{"row 16: valid UTF-8", "/api/search?q=%D0%9A%D1%83%D1%80%D1%81%D0%BA", 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.url, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, trim(rec.Body.String()))
			}
			if tc.message == "" {
				return
			}
			body := rec.Body.String()
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				var e errorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
					t.Fatalf("body is not JSON: %v", err)
				}
				body = e.Error
			} else {
				body = strings.ReplaceAll(body, "&#39;", "'")
			}
			if !strings.Contains(body, tc.message) {
				t.Errorf("answer lacks %q: %s", tc.message, trim(body))
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// TestRateLimitEverySearchRoute is row 9: server.rate_limit once guarded
// /api/* only; the search page and the exports (up to ten searches each)
// ran unlimited.
func TestRateLimitEverySearchRoute(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		codes []int // successive requests from one client, at rate 1, burst 3
	}{
		{name: "api search", path: "/api/search?q=x", codes: []int{200, 200, 200, 429}},
		{name: "search page", path: "/?q=x", codes: []int{200, 200, 200, 429}},
		{name: "search page without a query", path: "/", codes: []int{200, 200, 200, 429}},
		{name: "search page with two facet filters costs three", path: "/?q=x&location=a&actor=b", codes: []int{200, 429}},
		{name: "csv export costs a whole bucket", path: "/export.csv?q=x", codes: []int{200, 429}},
		{name: "json export", path: "/export.json?q=x", codes: []int{200, 429}},
		{name: "facet lookup", path: "/api/facet?facet=location&contains=k", codes: []int{200, 200, 200, 429}},
		{name: "static files are not limited", path: "/static/app.css", codes: []int{200, 200, 200, 200, 200}},
		{name: "widget is not limited", path: "/widget.js", codes: []int{200, 200, 200, 200, 200}},
		{name: "health is not limited", path: "/healthz", codes: []int{200, 200, 200, 200, 200}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, logs := newTestServer(t, Options{RateLimit: 1, RateBurst: 3})
			newFakeClock().install(srv)
			var got []int
			for range tc.codes {
				got = append(got, req{path: tc.path, remote: "192.0.2.7:4000"}.do(srv).Code)
			}
			for i := range got {
				if got[i] != tc.codes[i] {
					t.Fatalf("statuses %v, want %v\n%s", got, tc.codes, logs)
				}
			}
			if c := (req{path: tc.path, remote: "192.0.2.8:4000"}).do(srv).Code; c != 200 {
				t.Errorf("another client: %d", c)
			}
		})
	}
	t.Run("429 carries Retry-After", func(t *testing.T) {
		srv, _ := newTestServer(t, Options{RateLimit: 0.5, RateBurst: 1})
		newFakeClock().install(srv)
		req{path: "/?q=a", remote: "192.0.2.9:1"}.do(srv)
		rec := req{path: "/export.csv?q=a", remote: "192.0.2.9:1"}.do(srv)
		if rec.Code != 429 || rec.Header().Get("Retry-After") != "2" {
			t.Errorf("status %d, Retry-After %q; want 429 and 2", rec.Code, rec.Header().Get("Retry-After"))
		}
	})
}

// blockingIndex holds every search until release is closed, whatever its
// context says.
type blockingIndex struct {
	fakeIndex
	started chan struct{}
	release chan struct{}
}

func (b blockingIndex) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	b.started <- struct{}{}
	<-b.release
	return b.fakeIndex.Search(ctx, q)
}

// TestConcurrencyLimits is row 9's per-client concurrency limit: one
// client's requests beyond its share wait behind its own and are refused
// with 429 when none ends in time, other clients go on, and beyond the
// server's slots requests wait, then get 503.
func TestConcurrencyLimits(t *testing.T) {
	bi := blockingIndex{started: make(chan struct{}, 100), release: make(chan struct{})}
	const timeout = 300 * time.Millisecond
	srv, err := New(bi, Options{MaxConcurrent: 3, MaxConcurrentPerClient: 2, SearchTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		who  string
		code int
	}
	answers := make(chan answer, 10)
	var wg sync.WaitGroup
	send := func(who, remote, path string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers <- answer{who, req{path: path, remote: remote}.do(srv).Code}
		}()
	}
	timed := func(remote, path string) (*httptest.ResponseRecorder, time.Duration) {
		start := time.Now()
		rec := req{path: path, remote: remote}.do(srv)
		return rec, time.Since(start)
	}
	send("a1", "192.0.2.1:1", "/api/search?q=x")
	send("a2", "192.0.2.1:2", "/?q=x")
	<-bi.started
	<-bi.started
	// The client's third request waits for one of its own, then gives up.
	rec, took := timed("192.0.2.1:3", "/export.csv")
	if rec.Code != 429 || !strings.Contains(rec.Body.String(), "at once") || took < timeout*8/10 {
		t.Fatalf("third request of one client: %d after %v: %s", rec.Code, took, rec.Body)
	}
	// Static files are not counted.
	if c := (req{path: "/widget.js", remote: "192.0.2.1:4"}).do(srv).Code; c != 200 {
		t.Fatalf("widget.js while the client is at its limit: %d", c)
	}
	send("b1", "192.0.2.2:1", "/api/search?q=y")
	<-bi.started
	// All three server slots are taken: the next request waits, then 503.
	rec, took = timed("192.0.2.3:1", "/api/search?q=z")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || took < timeout*8/10 {
		t.Fatalf("request beyond the server's slots: %d after %v: %s", rec.Code, took, rec.Body)
	}
	// Waiting requests get the first free slots: a third of a1's client
	// (its own share) and another client's.
	send("a3", "192.0.2.1:5", "/api/search?q=w")
	send("c1", "192.0.2.3:2", "/api/search?q=w")
	time.Sleep(50 * time.Millisecond)
	close(bi.release)
	wg.Wait()
	close(answers)
	for a := range answers {
		if a.code != 200 {
			t.Errorf("%s: %d, want 200", a.who, a.code)
		}
	}
	if n := len(srv.inflight.perClient); n != 0 {
		t.Errorf("%d clients still counted after all requests ended", n)
	}
	if n := len(srv.inflight.slots); n != 0 {
		t.Errorf("%d server slots still taken after all requests ended", n)
	}
}
