package scan

import (
	"container/heap"
	"encoding/binary"
	"strings"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Order is how hits rank.
type Order int

// Orders: by score (then newest, then id), by date, newest first.
const (
	Relevance Order = iota
	DateAsc
	DateDesc
)

// cand is a hit candidate in the ranking heap.
type cand struct {
	score  float64
	pub    int64
	global uint64
	id     string // looked up only to break ties
}

type ranker struct {
	c     []cand
	order Order
	snap  *scorch.IndexSnapshot
}

func (r *ranker) idOf(c *cand) string {
	if c.id == "" {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], c.global)
		c.id, _ = r.snap.ExternalID(b[:])
	}
	return c.id
}

// better reports whether a ranks before b, as Search's sort orders do:
// score, then newest (missing dates last), then id.
func (r *ranker) better(a, b *cand) bool {
	switch r.order {
	case DateAsc, DateDesc:
		if (a.pub == noPub) != (b.pub == noPub) {
			return b.pub == noPub
		}
		if a.pub != b.pub {
			if r.order == DateAsc {
				return a.pub < b.pub
			}
			return a.pub > b.pub
		}
	default:
		if a.score != b.score {
			return a.score > b.score
		}
		if (a.pub == noPub) != (b.pub == noPub) {
			return b.pub == noPub
		}
		if a.pub != b.pub {
			return a.pub > b.pub
		}
	}
	return r.idOf(a) < r.idOf(b)
}

// offer keeps c when it is among the best window candidates seen.
func (r *ranker) offer(c cand, window int) {
	if len(r.c) < window {
		heap.Push(r, c)
	} else if window > 0 && r.better(&c, &r.c[0]) {
		r.c[0] = c
		heap.Fix(r, 0)
	}
}

// The heap keeps the worst candidate on top.
func (r *ranker) Len() int           { return len(r.c) }
func (r *ranker) Less(i, j int) bool { return r.better(&r.c[j], &r.c[i]) }
func (r *ranker) Swap(i, j int)      { r.c[i], r.c[j] = r.c[j], r.c[i] }
func (r *ranker) Push(x any)         { r.c = append(r.c, x.(cand)) }
func (r *ranker) Pop() any {
	x := r.c[len(r.c)-1]
	r.c = r.c[:len(r.c)-1]
	return x
}

// topTerms is a term facet's top size values, by count then value. It
// keeps a heap of size values rather than sorting every value that occurs:
// a place facet can have tens of thousands.
func topTerms(size int, cnt []uint32, names []string) []Term {
	h := &termHeap{names: names}
	for o, n := range cnt {
		if n == 0 {
			continue
		}
		t := tv{uint32(o), n}
		if len(h.t) < size {
			heap.Push(h, t)
		} else if size > 0 && h.better(t, h.t[0]) {
			h.t[0] = t
			heap.Fix(h, 0)
		}
	}
	top := make([]tv, len(h.t))
	for i := len(top) - 1; i >= 0; i-- {
		top[i] = heap.Pop(h).(tv)
	}
	out := make([]Term, len(top))
	for i, t := range top {
		out[i] = Term{Value: names[t.o], Count: int(t.n)}
	}
	return out
}

type tv struct{ o, n uint32 }

// termHeap keeps the worst of the best values on top.
type termHeap struct {
	t     []tv
	names []string
}

func (h *termHeap) better(a, b tv) bool {
	if a.n != b.n {
		return a.n > b.n
	}
	return strings.Compare(h.names[a.o], h.names[b.o]) < 0
}
func (h *termHeap) Len() int           { return len(h.t) }
func (h *termHeap) Less(i, j int) bool { return h.better(h.t[j], h.t[i]) }
func (h *termHeap) Swap(i, j int)      { h.t[i], h.t[j] = h.t[j], h.t[i] }
func (h *termHeap) Push(x any)         { h.t = append(h.t, x.(tv)) }
func (h *termHeap) Pop() any {
	x := h.t[len(h.t)-1]
	h.t = h.t[:len(h.t)-1]
	return x
}
