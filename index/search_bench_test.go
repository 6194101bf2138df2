package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/bench"
)

// benchArticles is the size of the corpus BenchmarkSearch builds (once per
// run, in a temporary folder, from the shared corpus).
const benchArticles = 20000

func benchIndex(b *testing.B, dir string, opts index.Options) *index.Index {
	b.Helper()
	if !index.Exists(dir) {
		path, err := bench.FindCorpus("")
		if errors.Is(err, bench.ErrNoCorpus) {
			b.Skip("../shared absent: ", err)
		}
		c, err := bench.LoadCorpus(path, filepath.Join(os.TempDir(), "sitrep-bench-test-entities.json.gz"), nil)
		if err != nil {
			b.Fatal(err)
		}
		ix, err := index.Open(dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		g := bench.NewGenerator(c, 1)
		var batch []*index.Article
		for i := 0; i < benchArticles; i++ {
			batch = append(batch, g.Article(i, true))
			if len(batch) == 1000 {
				if err := ix.Apply(context.Background(), batch, nil); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		ix.Close()
	}
	opts.CacheSize = -1
	ix, err := index.Open(dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkSearch is the full request of the search page (top 10,
// highlighting, facets, exact total) for a few typical queries, with the
// fast facet columns (scanned in parallel ranges and in one pass) and with
// Bleve's own facets.
func BenchmarkSearch(b *testing.B) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-bench-search-%d", benchArticles))
	queries := []struct {
		name string
		q    index.Query
	}{
		{"word", index.Query{Text: "ukraine"}},
		{"words2", index.Query{Text: "military aid"}},
		{"phrase", index.Query{Text: `"prime minister"`}},
		{"place", index.Query{Text: "attack", Locations: []string{"Gaza"}}},
		{"browse", index.Query{From: "2024-01-01", To: "2024-12-31"}},
	}
	for _, mode := range []struct {
		name string
		opts index.Options
	}{
		{"fast", index.Options{}},                     // ranges of documents scanned in parallel
		{"fast-1scan", index.Options{ScanWorkers: 1}}, // the same in one pass
	} {
		ix := benchIndex(b, dir, mode.opts)
		for _, tc := range queries {
			b.Run(mode.name+"/"+tc.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := ix.Search(context.Background(), tc.q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		ix.Close()
	}
}
