package opensearch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/searchsuite"
)

const suiteDir = "../../testdata/search"

// clusterURL is the cluster the tests run against: SITREP_TEST_OPENSEARCH
// (`make test-cluster` sets it to the cluster it starts). Without it the
// tests skip: a cluster that happens to answer on this machine may be
// someone else's, and may go away in the middle of a run.
func clusterURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("SITREP_TEST_OPENSEARCH")
	if u == "" {
		t.Skip("SITREP_TEST_OPENSEARCH not set: no OpenSearch cluster to test against (`make test-cluster` starts one and sets it)")
	}
	c := http.Client{Timeout: 5 * time.Second}
	res, err := c.Get(u + "/_cluster/health")
	if err != nil {
		t.Fatalf("SITREP_TEST_OPENSEARCH=%s does not answer: %v", u, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("SITREP_TEST_OPENSEARCH=%s: cluster health answers %s", u, res.Status)
	}
	return u
}

// openTest opens a fresh index with a name of its own on the cluster,
// deleted when the test ends.
func openTest(t *testing.T, opts index.Options) *Engine {
	t.Helper()
	u := clusterURL(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	s := Settings{URLs: []string{u}, Index: "sitrep-test-" + hex.EncodeToString(b), Shards: 3, Replicas: 1}
	ctx := context.Background()
	e, err := Open(ctx, s, opts, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = e.do(context.Background(), http.MethodDelete, "/"+s.Index, nil, nil)
	})
	return e
}

func TestOpenSearchSearches(t *testing.T) {
	arts := searchsuite.Articles(t, suiteDir)
	e := openTest(t, index.Options{Entities: searchsuite.EntitiesOf(arts)})
	if err := e.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	searchsuite.Run(t, e, suiteDir)
}

func TestOpenSearchStoreGetDelete(t *testing.T) {
	arts := searchsuite.Articles(t, suiteDir)
	e := openTest(t, index.Options{})
	ctx := context.Background()
	if err := e.Apply(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	// Writing the same articles again changes nothing: writes are by id.
	if err := e.Apply(ctx, searchsuite.Articles(t, suiteDir), nil); err != nil {
		t.Fatal(err)
	}
	if n, err := e.Count(); err != nil || n != uint64(len(arts)) {
		t.Fatalf("count = %d, %v; want %d", n, err, len(arts))
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	have, err := e.Hashes(ctx, append(ids, "nope"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range searchsuite.Articles(t, suiteDir) {
		if have[a.ID] != index.ContentHash(a) {
			t.Errorf("%s: stored hash %q, hash of the article %q", a.ID, have[a.ID], index.ContentHash(a))
		}
	}
	if _, ok := have["nope"]; ok {
		t.Error("hash for an id never stored")
	}
	got, err := e.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != arts[0].Title || len(got.Locations) != 4 || got.Locations[0].Name != "Makhnovka" || got.Locations[0].Admin1 != "Kursk Oblast" {
		t.Errorf("Get(a1) = %+v", got)
	}
	if _, err := e.Get(ctx, "nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Get(nope) error = %v, want ErrNotFound", err)
	}
	n, err := e.Delete(ctx, []string{"a1", "nope"})
	if err != nil || n != 1 {
		t.Errorf("Delete = %d, %v; want 1", n, err)
	}
	if c, _ := e.Count(); c != uint64(len(arts)-1) {
		t.Errorf("count after delete = %d, want %d", c, len(arts)-1)
	}
	sug, err := e.Suggest(ctx, "kur", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug) == 0 || sug[0].Value != "Kursk Oblast" || sug[0].Kind != "location" {
		t.Errorf("Suggest(kur) = %+v, want Kursk Oblast first", sug)
	}
	st, err := e.Stats(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != uint64(len(arts)-1) || st.Earliest == "" || len(st.Locations) == 0 {
		t.Errorf("Stats = %+v", st)
	}
}

// TestOpenSearchRefusesForeignIndex checks that an index sitrep did not
// make is refused with a message, not written into.
func TestOpenSearchRefusesForeignIndex(t *testing.T) {
	e := openTest(t, index.Options{})
	ctx := context.Background()
	foreign := e.name + "-foreign"
	if _, err := e.do(ctx, http.MethodPut, "/"+foreign, map[string]any{"settings": map[string]any{"number_of_replicas": 0}}, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = e.do(context.Background(), http.MethodDelete, "/"+foreign, nil, nil) })
	s := e.s
	s.Index = foreign
	_, err := Open(ctx, s, index.Options{}, true, nil)
	if err == nil || !contains(err.Error(), "not made by sitrep") {
		t.Fatalf("Open(foreign index) error = %v, want one saying it was not made by sitrep", err)
	}
	s.Index = e.name + "-missing"
	if _, err := Open(ctx, s, index.Options{}, false, nil); !errors.Is(err, ErrNoIndex) {
		t.Fatalf("Open(missing, no create) error = %v, want ErrNoIndex", err)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub)))
}

// TestOpenSearchScanRoundTrip moves the suite's articles from the embedded
// index to the cluster and back by Scan and Apply, as `sitrep reindex`
// does, and checks that the articles and the answers come back the same.
func TestOpenSearchScanRoundTrip(t *testing.T) {
	arts := searchsuite.Articles(t, suiteDir)
	ctx := context.Background()
	bl, err := index.Open(t.TempDir()+"/a", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	if err := bl.Apply(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	e := openTest(t, index.Options{})
	copyAll := func(from index.Scanner, to index.Engine) int {
		n := 0
		if err := from.Scan(ctx, 3, func(page []*index.Article) error {
			n += len(page)
			return to.Apply(ctx, page, nil)
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := copyAll(bl, e); n != len(arts) {
		t.Fatalf("scanned %d articles from the embedded index, want %d", n, len(arts))
	}
	back, err := index.Open(t.TempDir()+"/b", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if n := copyAll(e, back); n != len(arts) {
		t.Fatalf("scanned %d articles from the cluster, want %d", n, len(arts))
	}
	for _, a := range arts {
		got, err := back.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != a.Title || got.Text != a.Text || !got.Published.Equal(a.Published) || len(got.Locations) != len(a.Locations) || len(got.Actors) != len(a.Actors) {
			t.Errorf("%s after the round trip = %+v, want %+v", a.ID, got, a)
		}
	}
	q := index.Query{Text: "Kursk", Sort: index.SortDate}
	r1, err := bl.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := back.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Total != r2.Total || len(r1.Hits) != len(r2.Hits) || len(r1.Hits) == 0 || r1.Hits[0].ID != r2.Hits[0].ID {
		t.Errorf("search after the round trip: %d hits, before %d", r2.Total, r1.Total)
	}
}

func TestOpenSearchLanguageSearches(t *testing.T) {
	dir := "../../testdata/search_lang"
	arts := searchsuite.Articles(t, dir)
	e := openTest(t, index.Options{Entities: searchsuite.EntitiesOf(arts)})
	if err := e.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	searchsuite.Run(t, e, dir)
}

// TestOpenSearchAnalyzersMatchEmbedded checks that the cluster's
// Ukrainian, Russian and Arabic analyzers index the terms the embedded
// index does, on the texts of the language suite.
func TestOpenSearchAnalyzersMatchEmbedded(t *testing.T) {
	e := openTest(t, index.Options{})
	for _, a := range searchsuite.Articles(t, "../../testdata/search_lang") {
		want, err := index.AnalyzeLang(a.Lang, a.Title+"\n"+a.Text)
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Tokens []struct {
				Token string `json:"token"`
			} `json:"tokens"`
		}
		body := map[string]any{"analyzer": langAnalyzer[a.Lang], "text": a.Title + "\n" + a.Text}
		if _, err := e.do(context.Background(), http.MethodPost, "/"+e.name+"/_analyze", body, &res); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range res.Tokens {
			got = append(got, tk.Token)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s (%s): cluster indexes\n  %q\nembedded index\n  %q", a.ID, a.Lang, got, want)
		}
	}
}
