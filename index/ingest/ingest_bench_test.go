package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/bench"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// BenchmarkRun ingests generated articles end to end (JSON Lines in,
// cleaning, extraction, near-duplicate check, batches) and reports
// articles/s; ../shared must be beside the project.
func BenchmarkRun(b *testing.B) {
	path, err := bench.FindCorpus("")
	if errors.Is(err, bench.ErrNoCorpus) {
		b.Skip("../shared absent: ", err)
	}
	c, err := bench.LoadCorpus(path, filepath.Join(os.TempDir(), "sitrep-bench-test-entities.json.gz"), nil)
	if err != nil {
		b.Fatal(err)
	}
	const n = 2000
	var in bytes.Buffer
	if _, err := bench.NewGenerator(c, 1).WriteJSONL(&in, n); err != nil {
		b.Fatal(err)
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
		sum, err := ingest.Run(context.Background(), ix, []string{"-"}, ingest.Options{Stdin: bytes.NewReader(in.Bytes()), Extractor: ex, Format: ingest.FormatJSONL})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
		b.ReportMetric(float64(sum.Indexed)/sum.Seconds, "articles/s")
	}
}
