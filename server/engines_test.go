package server

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/engines"
)

// The API tests run on both engines: on the embedded index always, and on
// an index of the OpenSearch cluster that SITREP_TEST_OPENSEARCH names
// (`make test-cluster` starts one and sets it) as the tests whose names end
// in OpenSearch, with the same assertions. Without the variable those skip:
// a cluster that happens to answer on this machine may be someone else's.

// suiteArticles reads the search suite's articles.
func suiteArticles(t testing.TB) []*index.Article {
	t.Helper()
	f, err := os.Open("../index/testdata/search/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, &a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}

// newClusterIndex opens an index of its own on the cluster, holding arts
// (3 shards, 1 replica, as a deployment would have), deleted when the test
// ends; it skips the test when no cluster is named.
func newClusterIndex(t testing.TB, opts index.Options, arts []*index.Article) index.Engine {
	t.Helper()
	u := os.Getenv("SITREP_TEST_OPENSEARCH")
	if u == "" {
		t.Skip("SITREP_TEST_OPENSEARCH not set: no OpenSearch cluster to test against (`make test-cluster` starts one and sets it)")
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "sitrep-test-server-" + hex.EncodeToString(b)
	ctx := context.Background()
	eng, err := engines.OpenOpenSearch(ctx, engines.OpenSearch{URLs: []string{u}, Index: name, Shards: 3, Replicas: 1}, opts, true, nil)
	if err != nil {
		t.Fatalf("SITREP_TEST_OPENSEARCH=%s: %v", u, err)
	}
	t.Cleanup(func() {
		eng.Close()
		c := http.Client{Timeout: 30 * time.Second}
		req, _ := http.NewRequest(http.MethodDelete, u+"/"+name, nil)
		if res, err := c.Do(req); err == nil {
			res.Body.Close()
		}
	})
	if err := eng.Apply(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	return eng
}

// TestAPIAgreesOpenSearch asks the same requests of a server on the
// embedded index and of one on the cluster, both holding the suite's
// articles, and wants the same JSON, except took_ms and, for a search with
// words, the hits' scores (a search without words scores every hit 1 on
// both engines): BM25 statistics are per shard on the cluster (3 shards) and over the
// whole index in the embedded engine, so a score differs, and with it the
// order of hits whose relevance is close. The relevance-ordered requests
// here have hits far apart in score, so their order is compared too; the
// suite's ids_any cases are those where it is not (index/testdata/search).
func TestAPIAgreesOpenSearch(t *testing.T) {
	arts := suiteArticles(t)
	cluster := newClusterIndex(t, index.Options{}, arts)
	emb := newTestIndex(t)
	servers := map[string]*Server{}
	for name, eng := range map[string]Searcher{"embedded": emb, "cluster": cluster} {
		srv, err := New(eng, Options{Resolver: aliasResolver{"zelenskiy": "Volodymyr Zelensky"}})
		if err != nil {
			t.Fatal(err)
		}
		servers[name] = srv
	}
	urls := []string{
		"/api/search",
		"/api/search?sort=-date&size=3&page=2",
		"/api/search?sort=date&collapse=false&size=100",
		"/api/search?q=Makhnovka&from=2025-01-01&to=2025-01-31",
		"/api/search?q=%22North+Korean+infantry%22",
		"/api/search?q=Kursk&sort=date",
		"/api/search?q=Gaza+OR+Kharkiv&sort=-date",
		"/api/search?q=North+Korean+-missile&sort=date",
		"/api/search?q=Kharki*&sort=date",
		"/api/search?q=Makhnovko~1&sort=date",
		"/api/search?q=script",
		"/api/search?location=Kharkiv&location=Gaza&actor=Hamas",
		"/api/search?actor=Zelenskiy&sort=date",
		"/api/search?location=Ukraine&actor=Volodymyr+Zelensky&sort=date",
		"/api/search?location=Ukraine&actor=Russian+armed+forces&source=Reuters",
		"/api/search?q=Kursk&location=Russia&actor=Vladimir+Putin&from=2025-01-01",
		"/api/search?from=2024-11-01&to=2025-01-31&sort=date&facet_size=3",
		"/api/search?q=%22open",
		"/api/articles/a1",
		"/api/articles/zzz",
		"/api/suggest?prefix=kur",
		"/api/suggest?prefix=vo&limit=3",
		"/healthz",
	}
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			answers := map[string]string{}
			for name, srv := range servers {
				status, body, _ := get(t, srv, u)
				delete(body, "took_ms")
				if hits, ok := body["hits"].([]any); ok && hasWords(u) {
					for _, h := range hits {
						delete(h.(map[string]any), "score")
					}
				}
				b, err := json.Marshal(map[string]any{"status": status, "body": body})
				if err != nil {
					t.Fatal(err)
				}
				answers[name] = string(b)
			}
			if answers["cluster"] != answers["embedded"] {
				t.Errorf("the engines answer differently\ncluster:  %s\nembedded: %s", answers["cluster"], answers["embedded"])
			}
		})
	}
	// The search page, the widget's page and the exports, byte for byte
	// but for the time a search took and, with words, the CSV's scores.
	took := regexp.MustCompile(`<span class="took">[^<]*</span>`)
	pages := []string{
		"/",
		"/?q=Kursk&sort=date",
		"/?q=Kursk&location=Russia&actor=Vladimir+Putin",
		"/?location=Ukraine&actor=Russian+armed+forces&source=Reuters",
		"/?location=Ukraine&from=2024-12-01&to=2025-01-31&sort=-date",
		"/embed?q=Kharkiv",
		"/embed?location=Gaza",
		"/export.csv?q=Kursk&sort=date",
		"/export.json?location=Ukraine&actor=Volodymyr+Zelensky&sort=date",
	}
	for _, u := range pages {
		t.Run(u, func(t *testing.T) {
			answers := map[string]string{}
			for name, srv := range servers {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: status %d: %s", name, rec.Code, rec.Body)
				}
				answers[name] = took.ReplaceAllString(rec.Body.String(), "")
				if strings.HasPrefix(u, "/export.csv") && hasWords(u) {
					answers[name] = withoutScores(t, answers[name])
				}
			}
			if answers["cluster"] != answers["embedded"] {
				t.Errorf("the engines answer differently\n%s", lineDiff(answers["embedded"], answers["cluster"]))
			}
		})
	}
}

// hasWords reports whether the request u searches for words.
func hasWords(u string) bool {
	return strings.Contains(u, "?q=") || strings.Contains(u, "&q=")
}

// withoutScores is a CSV export without its score column.
func withoutScores(t *testing.T, s string) string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export is not CSV: %v\n%s", err, s)
	}
	col := slices.Index(rows[0], "score")
	if col < 0 {
		t.Fatalf("export has no score column: %v", rows[0])
	}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	for _, r := range rows {
		_ = w.Write(slices.Delete(r, col, col+1))
	}
	w.Flush()
	return sb.String()
}

// lineDiff shows the first lines where a (embedded) and b (cluster) differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 10; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("line %d\n  embedded: %.300s\n  cluster:  %.300s", i+1, x, y))
		}
	}
	return strings.Join(out, "\n")
}
