package harness

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/engines"
)

// openOpenSearch opens the cluster index named after dir ("bench-" and the
// folder's name). The folder only marks that the index was made: when it
// is missing (an ingest child removed it), the index is made anew.
func openOpenSearch(dir string) (Engine, error) {
	u := os.Getenv("SITREP_BENCH_OPENSEARCH")
	if u == "" {
		u = "http://127.0.0.1:9200"
	}
	name := "bench-" + strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(filepath.Base(dir)), "-"), "-")
	s := engines.OpenSearch{URLs: strings.Split(u, ","), Index: name, Shards: 3, Replicas: 1}
	ctx := context.Background()
	fresh := false
	if _, err := os.Stat(dir); err != nil {
		fresh = true
		if err := engines.DropOpenSearch(ctx, s); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	e, err := engines.OpenOpenSearch(ctx, s, index.Options{CacheSize: -1}, fresh, nil)
	if err != nil {
		return nil, err
	}
	return &sitrepEngine{e}, nil
}

// SizeBytes is the engine's index size where it is not a folder of its own
// (the cluster's store, replicas included).
func (e *sitrepEngine) SizeBytes() int64 {
	if _, ok := e.ix.(*index.Index); ok {
		return 0
	}
	st, err := e.ix.Stats(context.Background(), 1)
	if err != nil {
		return 0
	}
	return st.SizeBytes
}

// Engine names.
const (
	EngineSitrep = "sitrep"
	EngineBleve  = "bleve"
	EngineFTS5   = "fts5"
	// EngineOpenSearch is sitrep on an OpenSearch cluster
	// (SITREP_BENCH_OPENSEARCH, default http://127.0.0.1:9200); not run
	// unless named in --engines.
	EngineOpenSearch = "opensearch"
)

// Engines in report order.
var Engines = []string{EngineSitrep, EngineBleve, EngineFTS5}

// Engine is one search engine under test.
type Engine interface {
	// Put indexes one batch of articles.
	Put(ctx context.Context, batch []*index.Article) error
	// Search answers q the way the search page asks: top 10 with
	// highlighted fragments, location/actor/source facets, date histogram,
	// exact total.
	Search(ctx context.Context, q Query) (*Answer, error)
	Close() error
}

// Answer is what the harness compares across engines.
type Answer struct {
	Total     int
	IDs       []string
	Fragments int // highlighted fragments returned
	TopLoc    string
	TopActor  string
	DateSum   int // sum of the date histogram
}

// OpenEngine opens (or creates) engine name's index in dir.
func OpenEngine(name, dir string) (Engine, error) {
	return openEngine(name, dir, 0)
}

// openEngine is OpenEngine with the number of ranges sitrep scans a
// search's matches in (0: its default, one per core).
func openEngine(name, dir string, scanWorkers int) (Engine, error) {
	switch name {
	case EngineSitrep:
		// No result cache: the query set repeats, and latency should be
		// the engine's, not the cache's (the HTTP run reports both).
		ix, err := index.Open(dir, index.Options{CacheSize: -1, ScanWorkers: scanWorkers})
		if err != nil {
			return nil, err
		}
		return &sitrepEngine{ix}, nil
	case EngineBleve:
		return openBleve(dir)
	case EngineFTS5:
		return openFTS5(dir)
	case EngineOpenSearch:
		return openOpenSearch(dir)
	}
	return nil, fmt.Errorf("unknown engine %q (sitrep, bleve, fts5, opensearch)", name)
}

// pageFacetSize is the facet size of the search page (server/page.go).
const pageFacetSize = 30

// sitrepEngine is sitrep's search, on either of its engines.
type sitrepEngine struct{ ix index.Engine }

func (e *sitrepEngine) Put(ctx context.Context, batch []*index.Article) error {
	return e.ix.Apply(ctx, batch, nil)
}

func (e *sitrepEngine) Search(ctx context.Context, q Query) (*Answer, error) {
	// As the search page asks: its facet size, the place hierarchy, map
	// points, actor kinds and date bars fitted to the matches.
	res, err := e.ix.Search(ctx, index.Query{Text: q.Text(), Locations: q.Locations, Actors: q.Actors, From: q.From, To: q.To, Size: 10,
		FacetSize: pageFacetSize, PageFacets: true})
	if err != nil {
		return nil, err
	}
	a := &Answer{Total: int(res.Total)}
	for _, h := range res.Hits {
		a.IDs = append(a.IDs, h.ID)
		for _, f := range h.Highlights {
			a.Fragments += len(f)
		}
	}
	if len(res.Facets.Locations) > 0 {
		a.TopLoc = res.Facets.Locations[0].Value
	}
	if len(res.Facets.Actors) > 0 {
		a.TopActor = res.Facets.Actors[0].Value
	}
	for _, d := range res.Facets.Dates {
		a.DateSum += d.Count
	}
	return a, nil
}

func (e *sitrepEngine) Close() error { return e.ix.Close() }

// DirSize is the bytes of every file under dir.
func DirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// dateBuckets are the bars of sitrep's date facet (index.DateBars), so
// that every engine counts the same bars.
func dateBuckets(lo, hi time.Time) (string, []index.DateBar) { return index.DateBars(lo, hi) }

// queryWindow is the date span a query's histogram covers: its own range,
// else the generation window (the peers do not look their span up).
func queryWindow(q Query) (time.Time, time.Time) {
	lo, hi := genStart, genEnd
	if q.From != "" {
		lo, _ = time.Parse(time.DateOnly, q.From)
	}
	if q.To != "" {
		t, _ := time.Parse(time.DateOnly, q.To)
		hi = t.AddDate(0, 0, 1)
	}
	return lo, hi
}
