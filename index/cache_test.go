package index

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// manyPlaces is n articles, each naming a place of its own, so that a
// facet lookup of 5,000 values makes a large answer.
func manyPlaces(n int) []*Article {
	out := make([]*Article, n)
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		name := fmt.Sprintf("Settlement number %04d of the long list", i)
		out[i] = &Article{
			ID: fmt.Sprintf("p%04d", i), Title: fmt.Sprintf("Report %d", i), Text: fmt.Sprintf("Shelling near %s, word%d.", name, i%50),
			Published: day.AddDate(0, 0, i%300),
			Locations: []Location{{Name: name, Country: "UA", Mentions: []string{name}, Path: []string{name, "Ukraine"}}},
		}
	}
	return out
}

// TestCacheBoundedInBytes is issue 13's row 13: distinct facet lookups
// (5,000 values each) once grew the cache by half a gigabyte because it
// was bounded by entries only.
func TestCacheBoundedInBytes(t *testing.T) {
	tests := []struct {
		name     string
		maxBytes int64
		queries  int
	}{
		{name: "4 MiB budget, 300 lookups", maxBytes: 4 << 20, queries: 300},
		{name: "1 MiB budget: answers too large to keep", maxBytes: 1 << 20, queries: 100},
	}
	arts := manyPlaces(3000)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := Open(t.TempDir()+"/idx", Options{CacheBytes: tc.maxBytes, CacheSize: 100000})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if err := ix.Apply(context.Background(), arts, nil); err != nil {
				t.Fatal(err)
			}
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var one int64
			for i := 0; i < tc.queries; i++ {
				res, err := ix.Search(context.Background(), Query{Text: fmt.Sprintf("word%d OR shelling", i), Size: 1, FacetSize: 5000})
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					one = res.approxBytes()
					b, _ := json.Marshal(res)
					if one < int64(len(b)) {
						t.Errorf("estimate %d bytes is below the answer's JSON (%d bytes)", one, len(b))
					}
					if len(res.Facets.Locations) < 3000 {
						t.Fatalf("%d location values, want 3000", len(res.Facets.Locations))
					}
				}
			}
			n, bytes := ix.CacheStats()
			if bytes > tc.maxBytes {
				t.Errorf("cache holds %d bytes, budget %d", bytes, tc.maxBytes)
			}
			switch want := tc.maxBytes / one; {
			case one > tc.maxBytes/8 && n != 0:
				t.Errorf("cache holds %d answers of ~%d bytes, each over an eighth of the budget", n, one)
			case one <= tc.maxBytes/8 && (int64(n) > want+1 || n == 0):
				t.Errorf("cache holds %d answers of ~%d bytes, want about %d", n, one, want)
			}
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
			if grew > 3*tc.maxBytes+(8<<20) {
				t.Errorf("heap grew by %d MB for a %d MB cache", grew>>20, tc.maxBytes>>20)
			}
			t.Logf("%d answers of ~%d KB cached, %d KB estimated; heap grew %d KB", n, one>>10, bytes>>10, grew>>10)
		})
	}
}

func TestCacheSkipsHugeAnswers(t *testing.T) {
	c := newResultCache(10, 8000)
	small := &Results{Hits: []Hit{{ID: "a", Title: "t"}}}
	big := &Results{Facets: Facets{Locations: make([]FacetValue, 100)}}
	c.Put("small", 0, small, small.approxBytes())
	c.Put("big", 0, big, big.approxBytes())
	if _, _, ok := c.Get("big"); ok {
		t.Error("an answer over an eighth of the budget was kept")
	}
	if _, _, ok := c.Get("small"); !ok {
		t.Error("the small answer was not kept")
	}
	c.Clear()
	if n, b := c.Stats(); n != 0 || b != 0 {
		t.Errorf("after clear: %d answers, %d bytes", n, b)
	}
}
