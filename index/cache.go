package index

import (
	"encoding/json"

	"github.com/sitrep/sitrep/index/internal/lru"
)

// The result cache keeps the answers to recent queries until the next
// write (internal/lru). The same searches come back again and again — the
// front page, a widget embedded in many pages, paging back, a shared link —
// and each one otherwise counts facets over every match anew. Any write
// (Apply) empties the cache, so an answer is never older than the index.
// Answers are cloned in and out, so that a caller may change its copy.

// resultCache is the index's cache of answers.
type resultCache = lru.Cache[*Results]

func newResultCache(max int, maxBytes int64) *resultCache {
	return lru.New[*Results](max, maxBytes)
}

func cacheKey(q Query) string {
	// Every field that changes the answer, including the ones hidden from
	// JSON.
	b, _ := json.Marshal(struct {
		Q          Query
		Fragments  int
		NoFacets   bool
		PageFacets bool
		FacetSize  int
	}{q, q.Fragments, q.NoFacets, q.PageFacets, q.FacetSize})
	return string(b)
}

// clone copies r deeply enough that a caller may reassign its fields and
// hits without touching the cached answer.
func (r *Results) clone() *Results {
	out := *r
	out.Hits = append([]Hit(nil), r.Hits...)
	if out.Hits == nil {
		out.Hits = []Hit{}
	}
	return &out
}

// approxBytes estimates the memory an answer holds: its strings and the
// headers of its slices, maps and structs. It errs on the high side.
func (r *Results) approxBytes() int64 {
	const (
		str   = 16 // string header
		slice = 24 // slice header
		word  = 8
	)
	strs := func(ss []string) int64 {
		n := int64(slice + len(ss)*str)
		for _, s := range ss {
			n += int64(len(s))
		}
		return n
	}
	q := r.Query
	n := int64(256) + int64(len(q.Text)+len(q.From)+len(q.To)+len(q.Sort)) +
		strs(q.Locations) + strs(q.Actors) + strs(q.Sources)
	for i := range r.Hits {
		h := &r.Hits[i]
		n += 8*str + 6*word + 3*slice + word // the Hit struct
		n += int64(len(h.ID) + len(h.Title) + len(h.URL) + len(h.Source) + len(h.Published) + len(h.Cluster))
		n += strs(h.Locations) + strs(h.Actors)
		n += 48 // map header
		for k, v := range h.Highlights {
			n += str + int64(len(k)) + strs(v) + 2*word // bucket share
		}
		for _, p := range h.Places {
			n += 10*word + 4*str + 2*slice + int64(len(p.Name)+len(p.Country)+len(p.Admin1)+len(p.Admin2)+len(p.Kind)) +
				strs(p.Mentions) + strs(p.Path)
			if p.Lat != nil {
				n += word
			}
			if p.Lon != nil {
				n += word
			}
		}
	}
	f := r.Facets
	for _, vals := range [][]FacetValue{f.Locations, f.Actors, f.Sources} {
		n += slice
		for _, v := range vals {
			n += 2*str + word + int64(len(v.Value)+len(v.Kind))
		}
	}
	for _, d := range f.Dates {
		n += 2*str + word + int64(len(d.Start)+len(d.End))
	}
	for _, p := range f.Places {
		n += word + strs(p.Path)
	}
	for _, p := range f.Points {
		n += str + 3*word + int64(len(p.Name))
	}
	return n
}

// CacheStats reports how many answers the result cache holds and their
// approximate size in bytes.
func (ix *Index) CacheStats() (entries int, bytes int64) { return ix.cache.Stats() }
