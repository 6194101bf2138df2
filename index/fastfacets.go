package index

import (
	"container/heap"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// Fast facets. Bleve counts a facet by decoding, for every matching
// document, its doc values into strings and adding them up in a map: at a
// few hundred thousand matches that is most of a request's time, and the
// collapsed search pays a second and third pass on top. Here every facet
// field of every (immutable) segment is un-inverted once into arrays of
// value ordinals, and a search makes one pass over its matches: it scores
// and keeps the best hits, and records the match; the facets are then
// counts into integer arrays. Only the page of hits is fetched through
// Bleve, with its stored fields and highlights.

// column is one facet field of one segment: the value ordinals of local
// document d are ords[start[d]:start[d+1]].
type column struct {
	start []uint32
	ords  []uint32
}

func (c *column) of(d uint64) []uint32 {
	if int(d)+1 >= len(c.start) {
		return nil
	}
	return c.ords[c.start[d]:c.start[d+1]]
}

// dict maps a field's values to ordinals, shared by every segment.
type dict struct {
	ord   map[string]uint32
	names []string
}

// rowFields are the facet fields a segment's rows hold, in row order.
var rowFields = []string{fLoc, fActor, fSource, fGroup, fLocPath, fLocGeo, fActorKind}

// rowIndex is the position of each row field.
var rowIndex = func() map[string]int {
	m := map[string]int{}
	for i, f := range rowFields {
		m[f] = i
	}
	return m
}()

// segCols holds the facet values of one segment's documents as rows: the
// values of local document d are data[start[d]:start[d+1]], for each row
// field in turn its number of values and then their ordinals. A search
// that counts seven facets over its matches then reads one run of memory
// per match instead of one per facet, which made the tally a third of a
// page request's time.
type segCols struct {
	start []uint32
	data  []uint32
	pub   []int64 // publication time (UnixNano) per local document; 0 when missing
}

// of returns the value ordinals of row field fi for local document d.
func (sc *segCols) of(d uint64, fi int) []uint32 {
	if int(d)+1 >= len(sc.start) {
		return nil
	}
	row := sc.data[sc.start[d]:sc.start[d+1]]
	for ; fi > 0; fi-- {
		row = row[1+row[0]:]
	}
	return row[1 : 1+row[0]]
}

// facetCache holds the rows of the segments in use.
type facetCache struct {
	mu    sync.Mutex
	dicts map[string]*dict
	segs  map[segapi.Segment]*segCols
}

const noPub = 0

// columns returns, for every segment of snap, its rows (built on first
// use), and the dictionaries' current value names of every row field.
func (fc *facetCache) columns(snap *scorch.IndexSnapshot) ([]*segCols, map[string][]string, error) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.segs == nil {
		fc.segs = map[segapi.Segment]*segCols{}
		fc.dicts = map[string]*dict{}
		for _, f := range rowFields {
			fc.dicts[f] = &dict{ord: map[string]uint32{}}
		}
	}
	segs := snap.Segments()
	out := make([]*segCols, len(segs))
	live := make(map[segapi.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		live[seg] = true
		sc := fc.segs[seg]
		if sc == nil {
			var err error
			if sc, err = buildRows(seg, fc.dicts); err != nil {
				return nil, nil, err
			}
			fc.segs[seg] = sc
		}
		out[i] = sc
	}
	for seg := range fc.segs {
		if !live[seg] {
			delete(fc.segs, seg)
		}
	}
	names := make(map[string][]string, len(rowFields))
	for _, f := range rowFields {
		names[f] = fc.dicts[f].names
	}
	return out, names, nil
}

// buildRows un-inverts the row fields of seg and interleaves them by
// document.
func buildRows(seg segapi.Segment, dicts map[string]*dict) (*segCols, error) {
	pub, err := pubColumn(seg)
	if err != nil {
		return nil, err
	}
	n := seg.Count()
	cols := make([]*column, len(rowFields))
	size := uint64(0)
	for fi, f := range rowFields {
		if cols[fi], err = buildColumn(seg, f, dicts[f]); err != nil {
			return nil, err
		}
		size += uint64(len(cols[fi].ords))
	}
	sc := &segCols{start: make([]uint32, n+1), data: make([]uint32, 0, size+n*uint64(len(rowFields))), pub: pub}
	for d := uint64(0); d < n; d++ {
		for _, c := range cols {
			vals := c.of(d)
			sc.data = append(sc.data, uint32(len(vals)))
			sc.data = append(sc.data, vals...)
		}
		sc.start[d+1] = uint32(len(sc.data))
	}
	return sc, nil
}

// eachPosting calls fn for every (term, document) pair of field in seg,
// term by term; fn returns false to skip the rest of a term's postings.
func eachPosting(seg segapi.Segment, field string, fn func(term string, doc uint64) bool) error {
	td, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	it := td.AutomatonIterator(nil, nil, nil)
	var pl segapi.PostingsList
	var pi segapi.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		pl, err = td.PostingsList([]byte(e.Term), nil, pl)
		if err != nil {
			return err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return err
			}
			if p == nil || !fn(e.Term, p.Number()) {
				break
			}
		}
	}
}

func buildColumn(seg segapi.Segment, field string, d *dict) (*column, error) {
	n := seg.Count()
	var docs, ords []uint32
	last, o := "", uint32(0)
	err := eachPosting(seg, field, func(term string, doc uint64) bool {
		if term != last || len(docs) == 0 {
			var ok bool
			if o, ok = d.ord[term]; !ok {
				o = uint32(len(d.names))
				d.ord[term] = o
				d.names = append(d.names, term)
			}
			last = term
		}
		docs = append(docs, uint32(doc))
		ords = append(ords, o)
		return true
	})
	if err != nil {
		return nil, err
	}
	// Counting sort by document.
	c := &column{start: make([]uint32, n+1), ords: make([]uint32, len(ords))}
	for _, doc := range docs {
		c.start[doc+1]++
	}
	for i := 1; i <= int(n); i++ {
		c.start[i] += c.start[i-1]
	}
	fill := append([]uint32(nil), c.start[:n]...)
	for i, doc := range docs {
		c.ords[fill[doc]] = ords[i]
		fill[doc]++
	}
	return c, nil
}

// pubColumn reads the publication time of every document from the exact
// (shift 0) terms of the date field.
func pubColumn(seg segapi.Segment) ([]int64, error) {
	pub := make([]int64, seg.Count())
	err := eachPosting(seg, fPublished, func(term string, doc uint64) bool {
		pc := numeric.PrefixCoded(term)
		if s, err := pc.Shift(); err != nil || s != 0 {
			return false
		}
		v, err := pc.Int64()
		if err != nil {
			return false
		}
		pub[doc] = v
		return true
	})
	return pub, err
}

// spanFromColumns is the earliest and latest publication time of the live
// documents, read from the publication columns: a few milliseconds at a
// million articles, where asking Bleve to sort every document by date took
// seconds (and every concurrent search asked it again until one finished).
func (ix *Index) spanFromColumns() (dateSpan, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return dateSpan{}, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return dateSpan{}, err
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return dateSpan{}, fmt.Errorf("index reader %T is not a scorch snapshot", reader)
	}
	segs, _, err := ix.fast.columns(snap)
	if err != nil {
		return dateSpan{}, err
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i, ss := range snap.Segments() {
		del := ss.Deleted()
		for d, p := range segs[i].pub {
			if p == noPub || (del != nil && del.Contains(uint32(d))) {
				continue
			}
			lo, hi = min(lo, p), max(hi, p)
		}
	}
	if lo > hi {
		return dateSpan{}, nil // no dated article
	}
	return dateSpan{min: time.Unix(0, lo).UTC(), max: time.Unix(0, hi).UTC()}, nil
}

// cand is a hit candidate in the ranking heap.
type cand struct {
	score  float64
	pub    int64
	global uint64
	id     string // looked up only to break ties
}

type ranker struct {
	c     []cand
	order string
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
	case SortDate, SortDateDesc:
		if (a.pub == noPub) != (b.pub == noPub) {
			return b.pub == noPub
		}
		if a.pub != b.pub {
			if r.order == SortDate {
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

// docRange is a half-open range [lo, hi) of global document numbers.
type docRange struct{ lo, hi uint64 }

// minDocsPerScan is the smallest range worth a goroutine of its own.
const minDocsPerScan = 10000

// scanRanges cuts the n documents of a snapshot into the ranges a search
// scans in parallel: one per core, each of at least minDocsPerScan
// documents (one range for a small index), unless Options.ScanWorkers says.
func (ix *Index) scanRanges(n uint64) []docRange {
	if ix.opts.ScanWorkers > 0 {
		return docRanges(n, ix.opts.ScanWorkers, 1)
	}
	return docRanges(n, runtime.GOMAXPROCS(0), minDocsPerScan)
}

// docRanges cuts [0, n) into at most k ranges of at least minDocs
// documents each.
func docRanges(n uint64, k int, minDocs uint64) []docRange {
	k = max(1, min(k, int(n/minDocs)))
	out := make([]docRange, k)
	for i := range out {
		out[i] = docRange{lo: n * uint64(i) / uint64(k), hi: n * uint64(i+1) / uint64(k)}
	}
	out[k-1].hi = math.MaxUint64 // whatever comes after the last number counted
	return out
}

// topTerms is a term facet's top size values, by count then value. It
// keeps a heap of size values rather than sorting every value that occurs:
// a place facet can have tens of thousands.
func topTerms(size int, cnt []uint32, names []string) []FacetValue {
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
	out := make([]FacetValue, len(top))
	for i, t := range top {
		out[i] = FacetValue{Value: names[t.o], Count: int(t.n)}
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
