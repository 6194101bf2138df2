package index

import (
	"container/list"
	"encoding/json"
	"sync"
)

// resultCache keeps the answers to recent queries until the next write.
// The same searches come back again and again — the front page, a widget
// embedded in many pages, paging back, a shared link — and each one
// otherwise counts facets over every match anew. Any write (Apply) empties
// the cache, so an answer is never older than the index.
//
// It is bounded twice: by answers (max) and by their approximate size in
// memory (maxBytes). Answers differ in size by three orders of magnitude
// (a page of ten hits against the 5,000 values of a filter-as-you-type
// lookup), so a bound by count alone let a thousand lookups hold half a
// gigabyte.
type resultCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64      // approximate size of the answers held
	ll       *list.List // front: most recently used
	items    map[string]*list.Element
	gen      uint64 // writes so far: an answer computed before a write is not kept
}

type cacheEntry struct {
	key   string
	res   *Results
	bytes int64
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

// get returns the cached answer for key, or the generation to pass to put.
func (c *resultCache) get(key string) (*Results, uint64, bool) {
	if c.max <= 0 {
		return nil, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*cacheEntry).res.clone(), c.gen, true
	}
	return nil, c.gen, false
}

// put keeps r unless the index was written since get returned gen.
func (c *resultCache) put(key string, gen uint64, r *Results) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	size := int64(len(key)) + r.approxBytes()
	if c.maxBytes > 0 && size > c.maxBytes/8 {
		return // one answer may not push out most of the others
	}
	if c.items == nil {
		c.items = map[string]*list.Element{}
		c.ll = list.New()
	}
	if e, ok := c.items[key]; ok {
		ce := e.Value.(*cacheEntry)
		c.bytes += size - ce.bytes
		ce.res, ce.bytes = r.clone(), size
		c.ll.MoveToFront(e)
	} else {
		c.items[key] = c.ll.PushFront(&cacheEntry{key, r.clone(), size})
		c.bytes += size
	}
	for c.ll.Len() > c.max || (c.maxBytes > 0 && c.bytes > c.maxBytes) {
		last := c.ll.Back()
		ce := last.Value.(*cacheEntry)
		c.ll.Remove(last)
		delete(c.items, ce.key)
		c.bytes -= ce.bytes
	}
}

// stats returns the number of answers held and their approximate size.
func (c *resultCache) stats() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.bytes
}

func (c *resultCache) clear() {
	c.mu.Lock()
	c.items, c.ll = nil, nil
	c.bytes = 0
	c.gen++
	c.mu.Unlock()
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
func (ix *Index) CacheStats() (entries int, bytes int64) { return ix.cache.stats() }
