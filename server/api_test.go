package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// newTestIndex opens a real on-disk index holding the search suite's articles.
func newTestIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir()+"/idx", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), suiteArticles(t), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

type aliasResolver map[string]string

func (r aliasResolver) CanonicalActor(n string) (string, bool) {
	c, ok := r[strings.ToLower(n)]
	return c, ok
}
func (r aliasResolver) CanonicalLocation(n string) (string, bool) { return "", false }

func get(t *testing.T, h http.Handler, url string) (int, map[string]any, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	var body map[string]any
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: body is not JSON: %v: %s", url, err, rec.Body.String())
		}
	}
	return rec.Code, body, rec.Header()
}

func TestAPI(t *testing.T) { testAPI(t, newTestIndex(t)) }

// TestAPIOpenSearch is TestAPI on an index of the OpenSearch cluster.
func TestAPIOpenSearch(t *testing.T) {
	testAPI(t, newClusterIndex(t, index.Options{}, suiteArticles(t)))
}

func testAPI(t *testing.T, ix Searcher) {
	srv, err := New(ix, Options{Resolver: aliasResolver{"zelenskiy": "Volodymyr Zelensky"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		url    string
		status int
		check  func(t *testing.T, body map[string]any)
	}{
		{"search shape", "/api/search?q=Makhnovka&from=2025-01-01&to=2025-01-31", 200, func(t *testing.T, b map[string]any) {
			if b["total"].(float64) != 1 {
				t.Errorf("total = %v", b["total"])
			}
			hit := b["hits"].([]any)[0].(map[string]any)
			if hit["id"] != "a1" || hit["published"] != "2025-01-05T09:00:00Z" || hit["url"] != "https://kyivindependent.com/a1" {
				t.Errorf("hit = %v", hit)
			}
			frs := hit["highlights"].(map[string]any)["text"].([]any)
			if !strings.Contains(frs[0].(string), "<mark>Makhnovka</mark>") {
				t.Errorf("fragment = %v", frs)
			}
			q := b["query"].(map[string]any)
			if q["q"] != "Makhnovka" || q["from"] != "2025-01-01" || q["sort"] != "relevance" || q["size"].(float64) != 10 {
				t.Errorf("query echo = %v", q)
			}
			f := b["facets"].(map[string]any)
			for _, k := range []string{"locations", "actors", "dates"} {
				if _, ok := f[k].([]any); !ok {
					t.Errorf("facets.%s missing: %v", k, f)
				}
			}
			if _, ok := b["took_ms"].(float64); !ok {
				t.Error("took_ms missing")
			}
		}},
		{"repeated filters", "/api/search?location=Kharkiv&location=Gaza&actor=Hamas", 200, func(t *testing.T, b map[string]any) {
			if b["total"].(float64) != 2 {
				t.Errorf("total = %v", b["total"])
			}
		}},
		{"alias in a filter resolves to the canonical actor", "/api/search?actor=Zelenskiy", 200, func(t *testing.T, b map[string]any) {
			if b["total"].(float64) != 3 {
				t.Errorf("total = %v", b["total"])
			}
		}},
		{"article", "/api/articles/a1", 200, func(t *testing.T, b map[string]any) {
			if b["id"] != "a1" || len(b["locations"].([]any)) != 4 {
				t.Errorf("article = %v", b)
			}
		}},
		{"unknown article", "/api/articles/zzz", 404, wantError("not found")},
		{"suggest", "/api/suggest?prefix=kur", 200, func(t *testing.T, b map[string]any) {
			s := b["suggestions"].([]any)
			if len(s) == 0 || s[0].(map[string]any)["value"] != "Kursk Oblast" {
				t.Errorf("suggestions = %v", s)
			}
		}},
		{"health", "/healthz", 200, func(t *testing.T, b map[string]any) {
			if b["documents"].(float64) != 10 {
				t.Errorf("health = %v", b)
			}
		}},
		// Bad requests: 400 with a message that says what to change.
		{"syntax error", "/api/search?q=%22open", 400, wantError(`unbalanced quote: a phrase needs a closing "`)},
		{"from after to", "/api/search?from=2025-02-01&to=2025-01-01", 400, wantError("from (2025-02-01) is after to (2025-01-01)")},
		{"bad date", "/api/search?from=2025-13-01", 400, wantError(`from must be a date as YYYY-MM-DD, not "2025-13-01"`)},
		{"bad sort", "/api/search?sort=up", 400, wantError(`sort must be relevance, date or -date, not "up"`)},
		{"size too large", "/api/search?size=100000", 400, wantError("size must be between 1 and 100")},
		{"size zero", "/api/search?size=0", 400, wantError("size must be between 1 and 100")},
		{"size negative", "/api/search?size=-3", 400, wantError("size must be between 1 and 100")},
		{"size not a number", "/api/search?size=ten", 400, wantError(`size must be a whole number, not "ten"`)},
		{"page zero", "/api/search?page=0", 400, wantError("page must be 1 or more")},
		{"page not a number", "/api/search?page=2.5", 400, wantError(`page must be a whole number, not "2.5"`)},
		{"bad collapse", "/api/search?collapse=maybe", 400, wantError(`collapse must be true or false, not "maybe"`)},
		{"page too deep", "/api/search?page=100000&size=100", 400, wantError("page too deep: results beyond the first 10000 are not served; narrow the search")},
		{"short wildcard", "/api/search?q=k*", 400, wantError(`wildcard "k*" needs at least 2 letters before the *`)},
		{"suggest limit", "/api/suggest?prefix=ku&limit=0", 400, wantError("limit must be between 1 and 50")},
		{"suggest prefix too long", "/api/suggest?prefix=" + strings.Repeat("k", 101), 400, wantError("prefix is too long (at most 100 characters)")},
		{"unknown facet", "/api/facet?facet=x", 400, wantError(`facet must be location, actor or source, not "x"`)},
		{"facet text too long", "/api/facet?facet=actor&contains=" + strings.Repeat("z", 101), 400, wantError("contains is too long (at most 100 characters)")},
		{"unknown route", "/api/nope", 404, wantError("no such route: /api/nope")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, hdr := get(t, srv, tc.url)
			if status != tc.status {
				t.Fatalf("status = %d, want %d (%v)", status, tc.status, body)
			}
			if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Error("no CSP header")
			}
			tc.check(t, body)
		})
	}
}

// wantError checks that the answer is {"error": msg}, the whole message.
func wantError(msg string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		if got, _ := b["error"].(string); got != msg || len(b) != 1 {
			t.Errorf("answer %v, want {\"error\": %q}", b, msg)
		}
	}
}

// failingSearcher returns internal errors and panics, to check that
// neither leaks to the client.
type failingSearcher struct{ panics bool }

func (f failingSearcher) Search(context.Context, index.Query) (*index.Results, error) {
	if f.panics {
		panic("boom: secret detail")
	}
	return nil, io.ErrUnexpectedEOF
}
func (f failingSearcher) Get(context.Context, string) (*index.Article, error) {
	return nil, io.ErrUnexpectedEOF
}
func (f failingSearcher) Suggest(context.Context, string, int) ([]index.Suggestion, error) {
	return nil, io.ErrUnexpectedEOF
}
func (f failingSearcher) Count() (uint64, error) { return 0, io.ErrUnexpectedEOF }

func TestInternalErrorsAreNotShown(t *testing.T) {
	for _, panics := range []bool{false, true} {
		srv, _ := New(failingSearcher{panics: panics}, Options{})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=x", nil))
		if rec.Code != 500 || strings.TrimSpace(rec.Body.String()) != `{"error":"internal error"}` {
			t.Errorf("panics=%v: %d %s, want 500 {\"error\":\"internal error\"}", panics, rec.Code, rec.Body.String())
		}
	}
}

func TestSearchTimeout(t *testing.T) {
	srv, _ := New(slowSearcher{}, Options{SearchTimeout: 1})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=x", nil))
	if rec.Code != http.StatusServiceUnavailable || strings.TrimSpace(rec.Body.String()) != `{"error":"the search took too long; narrow it down"}` {
		t.Errorf("%d %s, want 503 with the timeout message", rec.Code, rec.Body)
	}
}

type slowSearcher struct{ failingSearcher }

func (slowSearcher) Search(ctx context.Context, _ index.Query) (*index.Results, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
