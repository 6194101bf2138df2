package harness

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// TestDateBucketsMatchSitrep holds the peers' date bars to the bars of
// sitrep's own date facet for windows of each bar size.
func TestDateBucketsMatchSitrep(t *testing.T) {
	ix, err := index.Open(filepath.Join(t.TempDir(), "idx"), index.Options{CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []*index.Article
	for i, d := range []string{"2019-03-07", "2022-02-24", "2022-05-17", "2024-12-31"} {
		p, _ := time.Parse(time.DateOnly, d)
		arts = append(arts, &index.Article{ID: fmt.Sprint("a", i), Title: "Report " + d, Text: "Shelling was reported.", Published: p})
	}
	if err := ix.Apply(t.Context(), arts, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, interval string
	}{
		{"days", "2022-05-01", "2022-05-31", "day"},
		{"weeks", "2022-01-01", "2022-12-31", "week"},
		{"weeks from a Wednesday", "2022-02-23", "2022-09-30", "week"},
		{"months", "2019-01-01", "2024-12-31", "month"},
		{"years", "2001-06-15", "2024-12-31", "year"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(t.Context(), index.Query{From: tc.from, To: tc.to, Size: 1})
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := queryWindow(Query{From: tc.from, To: tc.to})
			interval, bars := dateBuckets(lo, hi)
			if interval != tc.interval {
				t.Errorf("interval %q, want %q", interval, tc.interval)
			}
			got := res.Facets.Dates
			if len(got) != len(bars) {
				t.Fatalf("%d bars, sitrep has %d", len(bars), len(got))
			}
			for i, b := range bars {
				if s, e := b.Start.Format(time.DateOnly), b.End.Format(time.DateOnly); s != got[i].Start || e != got[i].End {
					t.Fatalf("bar %d is [%s, %s), sitrep's is [%s, %s)", i, s, e, got[i].Start, got[i].End)
				}
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer that a process's stderr and the test may
// use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// syntheticArticles writes n articles as JSON Lines, with place names the
// extractor knows, so that searches have facets and highlights.
func syntheticArticles(w io.Writer, first, n int) {
	places := []string{"Kharkiv", "Kyiv", "Odesa", "Kursk", "Gaza", "Beirut", "Sudzha", "Izium"}
	verbs := []string{"shelled", "struck", "evacuated", "reinforced", "bombed", "defended"}
	for i := first; i < first+n; i++ {
		p, q := places[i%len(places)], places[(i/len(places))%len(places)]
		fmt.Fprintf(w, `{"id":"s%06d","title":"Forces %s %s on day %d","published":"2025-%02d-%02dT08:00:00Z","text":"Officials said troops %s positions near %s and %s; report %d counted %d drones and %d shells in sector %d."}`+"\n",
			i, verbs[i%len(verbs)], p, i, 1+i%12, 1+i%28, verbs[(i/3)%len(verbs)], p, q, i, i%17, i%29, i%97)
	}
}

// TestLoadWhileIngesting is the bounded load test of issue 13 at test
// size (the 100,000-article run is `make bench ARGS='ingest-load'`): 16
// concurrent searchers with facets and highlighting against the real
// server while a writer posts articles to it. Zero errors, and the
// match-all total only grows and ends at the start plus what was written.
func TestLoadWhileIngesting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sitrep and runs a few seconds of load")
	}
	t.Parallel() // mostly waiting on other processes
	dir := t.TempDir()
	sitrepBin, err := BuildSitrep(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(dir, "synthetic.jsonl")
	var buf bytes.Buffer
	syntheticArticles(&buf, 0, 1000)
	if err := os.WriteFile(input, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "load.index")
	ingest := exec.CommandContext(t.Context(), sitrepBin, "ingest", "--no-progress", "--index", idx, input)
	ingest.Env = append(os.Environ(), "SITREP_CONFIG=")
	if out, err := ingest.CombinedOutput(); err != nil {
		t.Fatalf("sitrep ingest: %v\n%s", err, out)
	}
	env := []string{"SITREP_CONFIG=", "SITREP_SERVER_TOKEN=load", "SITREP_LOG_LEVEL=warn", "SITREP_SERVER_MAX_CONCURRENT_PER_CLIENT=32"}
	var logs lockedBuffer
	base, stop, err := StartServe(t.Context(), []string{sitrepBin, "serve"}, idx, env, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	qs := []Query{
		{Words: []string{"shelled"}}, {Words: []string{"drones", "Kharkiv"}}, {Words: []string{"troops", "positions"}, Phrase: true},
		{Locations: []string{"Kyiv"}}, {Words: []string{"report"}, From: "2025-03-01", To: "2025-06-30"}, {Words: []string{"evacuated"}, Locations: []string{"Odesa"}},
	}
	batch := func(i int) []byte {
		var b bytes.Buffer
		syntheticArticles(&b, 100000+i*50, 50)
		return b.Bytes()
	}
	res, err := LoadWhileIngesting(t.Context(), base, "load", qs, 16, 4*time.Second, batch)
	if err != nil {
		t.Fatal(err)
	}
	l := res.Load
	t.Logf("searches: %d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d; writes: %d articles in %d batches (%.0f/s), errors %d; totals %d -> %d, %d checks",
		l.Requests, l.PerSecond, l.P50, l.P99, l.Errors, res.Written, res.Batches, res.WrittenPerS, res.WriteErrors, res.TotalBefore, res.TotalAfter, res.TotalChecks)
	if l.Errors != 0 || res.WriteErrors != 0 {
		t.Errorf("%d search errors (first: %s), %d write errors (first: %s)", l.Errors, l.FirstErr, res.WriteErrors, res.FirstWriteErr)
	}
	if l.Requests < 16 || res.Written == 0 || res.TotalChecks == 0 {
		t.Errorf("too little happened: %d requests, %d written, %d total checks", l.Requests, res.Written, res.TotalChecks)
	}
	if !res.Consistent() {
		t.Errorf("totals: %d before, %d after, %d written, %d decreases", res.TotalBefore, res.TotalAfter, res.Written, res.TotalDecrease)
	}
}
