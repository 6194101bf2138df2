package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"
)

// TestScanAgreesWithBleve asks every search of the data-driven suite (and
// a few more) twice, through the scan and through the Bleve oracle
// (oracle_test.go), and wants the same answer.
func TestScanAgreesWithBleve(t *testing.T) {
	arts := loadArticles(t, "testdata/search/articles.jsonl")
	ix := openTestIndexOpts(t, arts, Options{Entities: entitiesOf(arts), CacheSize: -1}) // every search computed
	b, err := os.ReadFile("testdata/search/searches.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []searchCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	off := false
	cases = append(cases,
		searchCase{Name: "every article", Query: Query{}},
		searchCase{Name: "by date", Query: Query{Text: "Kyiv", Sort: SortDate}},
		searchCase{Name: "not collapsed", Query: Query{Text: "attack", Collapse: &off}},
		searchCase{Name: "page 2", Query: Query{Text: "the", Page: 2, Size: 3}},
		searchCase{Name: "page facets", Query: Query{Text: "attack", PageFacets: true}},
		searchCase{Name: "page facets, no words", Query: Query{PageFacets: true}},
		searchCase{Name: "page facets from a date", Query: Query{From: "2022-03-01", PageFacets: true}},
		searchCase{Name: "a place filter counts the other places", Query: Query{Locations: []string{"Ukraine"}, PageFacets: true}},
		searchCase{Name: "two facets filtered", Query: Query{Text: "attack", Locations: []string{"Ukraine"}, Actors: []string{"Vladimir Putin"}, PageFacets: true}},
		searchCase{Name: "three facets filtered", Query: Query{Locations: []string{"Russia", "Kyiv"}, Actors: []string{"Volodymyr Zelensky"}, Sources: []string{"BBC"}}},
		searchCase{Name: "filters and dates", Query: Query{Locations: []string{"Ukraine"}, From: "2022-01-01", To: "2022-12-31", Sort: SortDate}},
		searchCase{Name: "only exclusions", Query: Query{Text: "-Kyiv", Locations: []string{"Ukraine"}}},
	)
	fastUsed := 0
	// The scan in one pass, and in several ranges of documents scanned
	// in parallel (the index is small: every range has a few documents).
	for _, workers := range []int{1, 3, 7} {
		for _, tc := range cases {
			tc.Name = fmt.Sprintf("%s (%d scans)", tc.Name, workers)
			ix.opts.ScanWorkers = workers
			fastUsed += compareFastSlow(t, ix, tc)
		}
	}
	if fastUsed < 30 {
		t.Errorf("only %d searches compared", fastUsed)
	}
}

// compareFastSlow asks tc through the scan and through the Bleve oracle
// and reports every difference; it returns 1 when both answered.
func compareFastSlow(t *testing.T, ix *Index, tc searchCase) int {
	t.Helper()
	fastUsed := 0
	{
		fast, ferr := ix.Search(context.Background(), tc.Query)
		slow, serr := oracleSearch(context.Background(), ix, tc.Query)
		if (ferr == nil) != (serr == nil) {
			t.Errorf("%s: fast error %v, Bleve error %v", tc.Name, ferr, serr)
			return 0
		}
		if ferr != nil {
			return 0
		}
		fastUsed++
		fast.TookMS, slow.TookMS = 0, 0
		if fast.Total != slow.Total {
			t.Errorf("%s: total %d, Bleve %d", tc.Name, fast.Total, slow.Total)
		}
		if !reflect.DeepEqual(fast.Facets, slow.Facets) {
			t.Errorf("%s: facets\n fast  %+v\n bleve %+v", tc.Name, fast.Facets, slow.Facets)
		}
		if !reflect.DeepEqual(fast.Hits, slow.Hits) {
			for i := range max(len(fast.Hits), len(slow.Hits)) {
				var f, s Hit
				if i < len(fast.Hits) {
					f = fast.Hits[i]
				}
				if i < len(slow.Hits) {
					s = slow.Hits[i]
				}
				if !reflect.DeepEqual(f, s) {
					t.Errorf("%s: hit %d\n fast  %s %.4f similar %d %v\n bleve %s %.4f similar %d %v", tc.Name, i, f.ID, f.Score, f.Similar, f.Highlights, s.ID, s.Score, s.Similar, s.Highlights)
				}
			}
		}
	}
	return fastUsed
}

func TestResultCache(t *testing.T) {
	arts := loadArticles(t, "testdata/search/articles.jsonl")
	ix := openTestIndex(t, arts[:len(arts)-1])
	q := Query{Text: "Kursk"}
	first, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	first.Hits[0].Title = "changed by the caller"
	again, _ := ix.Search(context.Background(), q)
	if again.Hits[0].Title == "changed by the caller" {
		t.Errorf("a caller's change reached the cached answer")
	}
	if again.Total != first.Total {
		t.Errorf("cached total %d, first %d", again.Total, first.Total)
	}
	// A write empties the cache.
	last := arts[len(arts)-1]
	last.Title, last.Text = "Kursk Kursk Kursk", "Kursk"
	if err := ix.Apply(context.Background(), []*Article{last}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := ix.Search(context.Background(), q)
	if after.Total != first.Total+1 {
		t.Errorf("after a write: total %d, want %d", after.Total, first.Total+1)
	}
}

// The date span read from the publication columns equals the one Bleve
// finds by sorting every document by date, before and after a delete.
func TestSpanFromColumns(t *testing.T) {
	arts := loadArticles(t, "testdata/search/articles.jsonl")
	ix := openTestIndex(t, arts)
	check := func(when string) {
		t.Helper()
		fast, err := ix.spanFromColumns()
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		var lo, hi time.Time
		for _, a := range arts {
			if a.Published.IsZero() {
				continue
			}
			if lo.IsZero() || a.Published.Before(lo) {
				lo = a.Published
			}
			if a.Published.After(hi) {
				hi = a.Published
			}
		}
		if !fast.min.Equal(lo) || !fast.max.Equal(hi) {
			t.Errorf("%s: span %s..%s, want %s..%s", when, fast.min, fast.max, lo, hi)
		}
	}
	check("fresh")
	// Delete the earliest article: the span must move.
	first := 0
	for i, a := range arts {
		if !a.Published.IsZero() && (arts[first].Published.IsZero() || a.Published.Before(arts[first].Published)) {
			first = i
		}
	}
	if err := ix.Apply(context.Background(), nil, []string{arts[first].ID}); err != nil {
		t.Fatal(err)
	}
	arts = append(arts[:first:first], arts[first+1:]...)
	check("after deleting the earliest")
}
