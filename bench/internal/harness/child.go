package harness

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// ChildOptions is what a child process is told.
type ChildOptions struct {
	Engine   string
	Dir      string
	Corpus   string
	Cache    string // entity cache file
	Seed     uint64
	Articles int
	Extract  bool // end to end: JSON Lines in, extraction, index
	Batch    int
	Queries  string // query set file
	Rounds   int    // measured passes over the query set
	// ScanWorkers, for sitrep's queries: ranges of documents a search scans
	// in parallel (0: one per core; 1: one pass, the baseline).
	ScanWorkers int
	// Real: the real articles as they are instead of generated ones.
	Real bool
}

// IngestResult is what an ingest child reports.
type IngestResult struct {
	Engine       string  `json:"engine"`
	Extract      bool    `json:"extract"`
	Articles     int     `json:"articles"`
	Seconds      float64 `json:"seconds"`
	PerSecond    float64 `json:"articles_per_second"`
	RawBytes     int64   `json:"raw_bytes"`
	IndexBytes   int64   `json:"index_bytes"`
	PeakRSS      int64   `json:"peak_rss_bytes"`
	BaselineRSS  int64   `json:"baseline_rss_bytes"` // after loading the corpus, before the engine
	GenerateSecs float64 `json:"generate_seconds"`   // not counted in Seconds
}

// PeakRSS returns the process's peak resident set (VmHWM), in bytes.
func PeakRSS() int64 { return procStatus("VmHWM:") }

// RSS returns the process's resident set now (VmRSS), in bytes.
func RSS() int64 { return procStatus("VmRSS:") }

func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// IngestChild indexes o.Articles generated articles into a fresh index of
// o.Engine and reports speed, size and peak memory. Generation time is
// measured and left out; extraction (o.Extract) is counted.
func IngestChild(ctx context.Context, o ChildOptions) (*IngestResult, error) {
	if err := os.RemoveAll(o.Dir); err != nil {
		return nil, err
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	c, err := LoadCorpus(o.Corpus, o.Cache, nil)
	if err != nil {
		return nil, err
	}
	g := NewGenerator(c, o.Seed)
	if o.Real {
		g = NewRealGenerator(c)
	}
	var ex *extract.Extractor
	if o.Extract {
		if ex, err = extract.New(extract.Options{}); err != nil {
			return nil, err
		}
	}
	runtime.GC()
	res := &IngestResult{Engine: o.Engine, Extract: o.Extract, Articles: o.Articles, BaselineRSS: RSS()}
	if o.Extract && o.Engine == EngineSitrep {
		// sitrep's own pipeline, as `sitrep ingest -` runs it.
		if err := sitrepEndToEnd(ctx, g, ex, o, res); err != nil {
			return nil, err
		}
	} else {
		e, err := OpenEngine(o.Engine, o.Dir)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		var gen time.Duration
		if o.Extract {
			gen, err = peerEndToEnd(ctx, g, ex, e, o, res)
		} else {
			gen, err = indexOnly(ctx, g, e, o, res)
		}
		if err != nil {
			e.Close()
			return nil, err
		}
		if err := e.Close(); err != nil {
			return nil, err
		}
		res.Seconds = (time.Since(start) - gen).Seconds()
		if sz, ok := e.(interface{ SizeBytes() int64 }); ok {
			res.IndexBytes = sz.SizeBytes() // the cluster still answers after Close
		}
		res.GenerateSecs = gen.Seconds()
	}
	res.PerSecond = float64(res.Articles) / res.Seconds
	if res.IndexBytes == 0 {
		res.IndexBytes = DirSize(o.Dir)
	}
	res.PeakRSS = PeakRSS()
	return res, nil
}

func indexOnly(ctx context.Context, g *Generator, e Engine, o ChildOptions, res *IngestResult) (time.Duration, error) {
	var gen time.Duration
	batch := make([]*index.Article, 0, o.Batch)
	for i := 0; i < o.Articles; i++ {
		t := time.Now()
		a := g.Article(i, true)
		gen += time.Since(t)
		res.RawBytes += RawBytes(a)
		batch = append(batch, a)
		if len(batch) == o.Batch || i == o.Articles-1 {
			if err := e.Put(ctx, batch); err != nil {
				return gen, err
			}
			batch = batch[:0]
		}
	}
	return gen, nil
}

// jsonlPipe streams generated articles as JSON Lines, as a scraper would
// hand them over; the time spent generating is added to gen.
func jsonlPipe(g *Generator, n int, raw *int64, gen *time.Duration) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for i := 0; i < n; i++ {
			t := time.Now()
			a := g.Article(i, false)
			rec := jsonlRecord{ID: a.ID, URL: a.URL, Source: a.Source, Title: a.Title,
				Published: a.Published.Format(time.RFC3339), Lang: a.Lang, Dataset: a.Dataset, Text: a.Text}
			*gen += time.Since(t)
			*raw += RawBytes(a)
			if err := enc.Encode(rec); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	return pr
}

func sitrepEndToEnd(ctx context.Context, g *Generator, ex *extract.Extractor, o ChildOptions, res *IngestResult) error {
	ix, err := index.Open(o.Dir, index.Options{})
	if err != nil {
		return err
	}
	var gen time.Duration
	start := time.Now()
	sum, err := ingest.Run(ctx, ix, []string{"-"}, ingest.Options{
		Stdin: jsonlPipe(g, o.Articles, &res.RawBytes, &gen), Extractor: ex, Format: ingest.FormatJSONL,
		BatchSize: o.Batch, // the peers' batch size
	})
	if err != nil {
		ix.Close()
		return err
	}
	if err := ix.Close(); err != nil {
		return err
	}
	// Generation runs beside ingest in the pipe's goroutine: take its share
	// of the CPU out as if it had run alone.
	res.Seconds = (time.Since(start) - gen).Seconds()
	res.GenerateSecs = gen.Seconds()
	if got := sum.Indexed + sum.Updated + sum.Unchanged; got != o.Articles {
		return fmt.Errorf("sitrep ingest indexed %d of %d articles (%d rejected)", got, o.Articles, sum.Rejected)
	}
	return nil
}

// peerEndToEnd gives a peer the same work as sitrep's pipeline: decode JSON
// Lines, extract entities in one worker per core, index in batches.
func peerEndToEnd(ctx context.Context, g *Generator, ex *extract.Extractor, e Engine, o ChildOptions, res *IngestResult) (time.Duration, error) {
	var gen time.Duration
	sc := bufio.NewScanner(jsonlPipe(g, o.Articles, &res.RawBytes, &gen))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	lines := make(chan []byte, 64)
	arts := make(chan *index.Article, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range lines {
				var r jsonlRecord
				if json.Unmarshal(l, &r) != nil {
					continue
				}
				a := &index.Article{ID: r.ID, URL: r.URL, Source: r.Source, Title: r.Title, Text: r.Text, Lang: r.Lang, Dataset: r.Dataset}
				a.Published, _ = time.Parse(time.RFC3339, r.Published)
				ingest.Annotate(a, ex.Extract(a.Title, a.Text, a.Published))
				arts <- a
			}
		}()
	}
	go func() {
		for sc.Scan() {
			lines <- append([]byte(nil), sc.Bytes()...)
		}
		close(lines)
		wg.Wait()
		close(arts)
	}()
	batch := make([]*index.Article, 0, o.Batch)
	n := 0
	for a := range arts {
		batch = append(batch, a)
		n++
		if len(batch) == o.Batch {
			if err := e.Put(ctx, batch); err != nil {
				return gen, err
			}
			batch = batch[:0]
		}
	}
	if err := e.Put(ctx, batch); err != nil && len(batch) > 0 {
		return gen, err
	}
	if n != o.Articles {
		return gen, fmt.Errorf("%s: indexed %d of %d articles", o.Engine, n, o.Articles)
	}
	return gen, nil
}

// QueryResult is what a query child reports.
type QueryResult struct {
	Engine   string        `json:"engine"`
	OpenMS   float64       `json:"open_ms"`        // open the index
	FirstMS  float64       `json:"first_query_ms"` // the first query after opening
	RSS      int64         `json:"rss_bytes"`      // after all queries
	Queries  []QueryTiming `json:"queries"`
	Failures int           `json:"failures"`
}

// QueryTiming is one query's answer and its latencies (one per round).
type QueryTiming struct {
	Class     string    `json:"class"`
	Total     int       `json:"total"`
	Fragments int       `json:"fragments"`
	TopLoc    string    `json:"top_location,omitempty"`
	TopActor  string    `json:"top_actor,omitempty"`
	DateSum   int       `json:"date_sum"`
	MS        []float64 `json:"ms"`
	Err       string    `json:"error,omitempty"`
}

// QueryChild opens o.Engine's index (timed: cold open), asks the first
// query (timed), runs one warm-up pass over the query set and then
// o.Rounds measured passes.
func QueryChild(ctx context.Context, o ChildOptions) (*QueryResult, error) {
	qs, err := LoadQueries(o.Queries)
	if err != nil {
		return nil, err
	}
	if o.Rounds <= 0 {
		o.Rounds = 2
	}
	start := time.Now()
	e, err := openEngine(o.Engine, o.Dir, o.ScanWorkers)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	res := &QueryResult{Engine: o.Engine, OpenMS: ms(time.Since(start))}
	t := time.Now()
	if _, err := e.Search(ctx, qs[0]); err != nil {
		return nil, fmt.Errorf("%s: first query %s: %w", o.Engine, qs[0], err)
	}
	res.FirstMS = ms(time.Since(t))
	res.Queries = make([]QueryTiming, len(qs))
	for round := -1; round < o.Rounds; round++ {
		for i, q := range qs {
			t := time.Now()
			a, err := e.Search(ctx, q)
			d := ms(time.Since(t))
			qt := &res.Queries[i]
			qt.Class = q.Class
			if err != nil {
				qt.Err = err.Error()
				continue
			}
			if round < 0 {
				qt.Total, qt.Fragments, qt.TopLoc, qt.TopActor, qt.DateSum = a.Total, a.Fragments, a.TopLoc, a.TopActor, a.DateSum
				continue
			}
			qt.MS = append(qt.MS, d)
		}
	}
	for _, q := range res.Queries {
		if q.Err != "" {
			res.Failures++
		}
	}
	res.RSS = RSS()
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile returns the p-th percentile (0..100) of xs, nearest rank.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	k := int(p/100*float64(len(s))+0.5) - 1
	k = max(0, min(k, len(s)-1))
	return s[k]
}
