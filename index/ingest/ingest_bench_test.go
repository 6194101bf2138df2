package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// BenchmarkRun ingests articles end to end (reading, cleaning,
// extraction, near-duplicate check, batches) and reports articles/s. The
// articles are the sample articles `sitrep demo` ships (655, see
// cmd/sitrep/demodata/ATTRIBUTION.md), so that it runs in a fresh clone;
// SITREP_BENCH_CORPUS names a larger file of articles (any format
// ingest reads) instead, e.g. ../shared/data/corpus/articles.en.jsonl.
func BenchmarkRun(b *testing.B) {
	path := os.Getenv("SITREP_BENCH_CORPUS")
	if path == "" {
		path = filepath.Join("..", "..", "cmd", "sitrep", "demodata", "articles.jsonl.gz")
	}
	ex, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(filepath.Join(b.TempDir(), "idx"), index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sum, err := ingest.Run(context.Background(), ix, []string{path}, ingest.Options{Extractor: ex})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
		if sum.Indexed == 0 {
			b.Fatalf("no articles indexed from %s", path)
		}
		b.ReportMetric(float64(sum.Indexed)/sum.Seconds, "articles/s")
	}
}
