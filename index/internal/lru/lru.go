// Package lru is a cache of the most recently used values, bounded by
// count and by an approximate size in bytes, that a writer invalidates
// at once: Clear starts a new generation, and a value computed before it
// is not kept. Values differ in size by orders of magnitude (a page of ten
// hits against thousands of facet values), so a bound by count alone is not
// enough.
package lru

import (
	"container/list"
	"sync"
)

// Cache holds values by key. The zero value holds nothing; New bounds it.
type Cache[V any] struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64      // approximate size of the values held
	ll       *list.List // front: most recently used
	items    map[string]*list.Element
	gen      uint64 // Clears so far
}

type entry[V any] struct {
	key   string
	val   V
	bytes int64
}

// New returns a cache of at most max values (none when max <= 0) and
// maxBytes bytes (no byte bound when maxBytes <= 0).
func New[V any](max int, maxBytes int64) *Cache[V] {
	return &Cache[V]{max: max, maxBytes: maxBytes}
}

// Get returns the value of key, and the generation to pass to Put.
func (c *Cache[V]) Get(key string) (v V, gen uint64, ok bool) {
	if c.max <= 0 {
		return v, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*entry[V]).val, c.gen, true
	}
	return v, c.gen, false
}

// Put keeps v, of about size bytes, unless the cache was cleared since Get
// returned gen. A value larger than an eighth of the byte bound is not kept:
// one value may not push out most of the others.
func (c *Cache[V]) Put(key string, gen uint64, v V, size int64) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	size += int64(len(key))
	if c.maxBytes > 0 && size > c.maxBytes/8 {
		return
	}
	if c.items == nil {
		c.items = map[string]*list.Element{}
		c.ll = list.New()
	}
	if e, ok := c.items[key]; ok {
		en := e.Value.(*entry[V])
		c.bytes += size - en.bytes
		en.val, en.bytes = v, size
		c.ll.MoveToFront(e)
	} else {
		c.items[key] = c.ll.PushFront(&entry[V]{key, v, size})
		c.bytes += size
	}
	for c.ll.Len() > c.max || (c.maxBytes > 0 && c.bytes > c.maxBytes) {
		last := c.ll.Back()
		en := last.Value.(*entry[V])
		c.ll.Remove(last)
		delete(c.items, en.key)
		c.bytes -= en.bytes
	}
}

// Stats returns the number of values held and their approximate size.
func (c *Cache[V]) Stats() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.bytes
}

// Clear drops every value and starts a new generation.
func (c *Cache[V]) Clear() {
	c.mu.Lock()
	c.items, c.ll = nil, nil
	c.bytes = 0
	c.gen++
	c.mu.Unlock()
}
