package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// benchCorpus is the articles the index benchmarks ingest: the sample
// articles that `sitrep demo` ships (655 articles, see
// cmd/sitrep/demodata/ATTRIBUTION.md), so that the benchmarks run in a fresh
// clone. SITREP_BENCH_CORPUS names a larger file of articles instead (any
// format ingest reads, e.g. ../shared/data/corpus/articles.en.jsonl).
func benchCorpus(root string) string {
	if p := os.Getenv("SITREP_BENCH_CORPUS"); p != "" {
		return p
	}
	return filepath.Join(root, "cmd", "sitrep", "demodata", "articles.jsonl.gz")
}

// benchIndex ingests the benchmark corpus, with entity extraction, into an
// index in a temporary folder and returns that folder.
func benchIndex(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "idx")
	ex, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	sum, err := ingest.Run(context.Background(), ix, []string{benchCorpus("..")}, ingest.Options{Extractor: ex})
	if err != nil {
		b.Fatal(err)
	}
	if sum.Indexed == 0 {
		b.Fatalf("no articles indexed from %s", benchCorpus(".."))
	}
	return dir
}

// BenchmarkSearch is the full request of the search page (top 10,
// highlighting, facets, exact total) for a few typical queries, with the
// facet rows scanned in parallel ranges and in one pass.
func BenchmarkSearch(b *testing.B) {
	dir := benchIndex(b)
	queries := []struct {
		name string
		q    index.Query
	}{
		{"word", index.Query{Text: "ukraine"}},
		{"words2", index.Query{Text: "military aid"}},
		{"phrase", index.Query{Text: `"prime minister"`}},
		{"place", index.Query{Text: "attack", Locations: []string{"Kharkiv"}}},
		{"browse", index.Query{From: "2022-01-01", To: "2022-12-31"}},
	}
	for _, mode := range []struct {
		name string
		opts index.Options
	}{
		{"fast", index.Options{}},                     // ranges of documents scanned in parallel
		{"fast-1scan", index.Options{ScanWorkers: 1}}, // the same in one pass
	} {
		mode.opts.CacheSize = -1
		ix, err := index.Open(dir, mode.opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range queries {
			b.Run(mode.name+"/"+tc.name, func(b *testing.B) {
				res, err := ix.Search(context.Background(), tc.q)
				if err != nil {
					b.Fatal(err)
				}
				if res.Total == 0 {
					b.Fatalf("%+v matches nothing: the benchmark would measure an empty answer", tc.q)
				}
				b.ResetTimer()
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
