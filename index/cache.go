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
type resultCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	items map[string]*list.Element
	gen   uint64 // writes so far: an answer computed before a write is not kept
}

type cacheEntry struct {
	key string
	res *Results
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
	if c.items == nil {
		c.items = map[string]*list.Element{}
		c.ll = list.New()
	}
	if e, ok := c.items[key]; ok {
		e.Value.(*cacheEntry).res = r.clone()
		c.ll.MoveToFront(e)
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key, r.clone()})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}

func (c *resultCache) clear() {
	c.mu.Lock()
	c.items, c.ll = nil, nil
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
