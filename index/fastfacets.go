package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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

type segCols struct {
	cols map[string]*column
	pub  []int64 // publication time (UnixNano) per local document; 0 when missing
}

// facetCache holds the columns of the segments in use.
type facetCache struct {
	mu    sync.Mutex
	dicts map[string]*dict
	segs  map[segapi.Segment]*segCols
}

const noPub = 0

// columns returns, for every segment of snap, the columns of fields (built
// on first use) and the dictionaries' current value names.
func (fc *facetCache) columns(snap *scorch.IndexSnapshot, fields []string) ([]*segCols, map[string][]string, error) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.segs == nil {
		fc.segs = map[segapi.Segment]*segCols{}
		fc.dicts = map[string]*dict{}
	}
	segs := snap.Segments()
	out := make([]*segCols, len(segs))
	live := make(map[segapi.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		live[seg] = true
		sc := fc.segs[seg]
		if sc == nil {
			sc = &segCols{cols: map[string]*column{}}
			pub, err := pubColumn(seg)
			if err != nil {
				return nil, nil, err
			}
			sc.pub = pub
			fc.segs[seg] = sc
		}
		for _, f := range fields {
			if sc.cols[f] != nil {
				continue
			}
			d := fc.dicts[f]
			if d == nil {
				d = &dict{ord: map[string]uint32{}}
				fc.dicts[f] = d
			}
			c, err := buildColumn(seg, f, d)
			if err != nil {
				return nil, nil, err
			}
			sc.cols[f] = c
		}
		out[i] = sc
	}
	for seg := range fc.segs {
		if !live[seg] {
			delete(fc.segs, seg)
		}
	}
	names := make(map[string][]string, len(fields))
	for _, f := range fields {
		names[f] = fc.dicts[f].names
	}
	return out, names, nil
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
	segs, _, err := ix.fast.columns(snap, nil)
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

var matchPool = sync.Pool{New: func() any { s := make([]uint64, 0, 1<<16); return &s }}

// fastSearch answers req (query main, its term and date-range facets, its
// fields and highlight) in one pass over the matches. ok is false when the
// request needs what the fast path does not do; the caller then asks
// Bleve. With collapse, the hits are one per near-duplicate group and
// similar counts the group's other matching members.
func (ix *Index) fastSearch(ctx context.Context, req *bleve.SearchRequest, main query.Query, q Query, collapse bool) (*bleve.SearchResult, map[string]int, bool, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, nil, false, nil
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, nil, false, err
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil, false, nil
	}
	fields := []string{}
	for _, fr := range req.Facets {
		if len(fr.NumericRanges) > 0 {
			return nil, nil, false, nil
		}
		if len(fr.DateTimeRanges) == 0 {
			fields = append(fields, fr.Field)
		}
	}
	if collapse {
		fields = append(fields, fGroup)
	}
	segs, names, err := ix.fast.columns(snap, fields)
	if err != nil {
		return nil, nil, false, err
	}
	offsets := make([]uint64, len(segs)+1)
	for i, ss := range snap.Segments() {
		offsets[i+1] = offsets[i] + ss.Segment().Count()
	}

	need := q.Page * q.Size
	window := need
	if collapse {
		window = min(max(3*need, 50), 5000)
	}
	// The matches are scanned in ranges of document numbers, one searcher
	// per range on its own core: Bleve's searcher is single-threaded, and a
	// broad word on a large index has hundreds of thousands of matches.
	// Every range reads the same snapshot, so scores are those of one pass.
	stats, _ := req.PreSearchData[search.BM25PreSearchDataKey].(*search.BM25Stats)
	scans := ix.scanRanges(offsets[len(segs)])
	parts := make([]scanPart, len(scans))
	var wg sync.WaitGroup
	for pi := range scans {
		wg.Add(1)
		go func(pi int) {
			defer wg.Done()
			parts[pi] = ix.scanRange(withBM25(ctx, stats), snap, main, segs, offsets, scans[pi], q.Sort, window)
		}(pi)
	}
	wg.Wait()
	defer func() {
		for _, p := range parts {
			if p.mp != nil {
				*p.mp = p.matched[:0]
				matchPool.Put(p.mp)
			}
		}
	}()
	total := 0
	rk := &ranker{order: q.Sort, snap: snap}
	for _, p := range parts {
		if p.err != nil {
			return nil, nil, false, p.err
		}
		total += len(p.matched)
		for _, c := range p.rk.c {
			rk.offer(c, window)
		}
	}
	ranked := make([]cand, len(rk.c))
	for i := len(ranked) - 1; i >= 0; i-- {
		ranked[i] = heap.Pop(rk).(cand)
	}
	// local resolves a global document number to its segment's columns.
	local := func(g uint64) (*segCols, uint64) {
		i := sort.Search(len(segs), func(i int) bool { return offsets[i+1] > g })
		return segs[i], g - offsets[i]
	}

	// The page: ranked hits, or the best hit of each group.
	lo := (q.Page - 1) * q.Size
	var page []cand
	var pageGroups map[uint32]int
	if collapse {
		pageGroups = map[uint32]int{}
		seen := map[uint32]bool{}
		var order []cand
		for _, c := range ranked {
			sc, d := local(c.global)
			gs := sc.cols[fGroup].of(d)
			if len(gs) == 0 {
				order = append(order, c)
				continue
			}
			if !seen[gs[0]] {
				seen[gs[0]] = true
				order = append(order, c)
			}
		}
		if len(order) < need && len(ranked) < total {
			return nil, nil, false, nil // window too small: let Bleve do it
		}
		if lo < len(order) {
			page = order[lo:min(len(order), need)]
		}
		for _, c := range page {
			sc, d := local(c.global)
			if gs := sc.cols[fGroup].of(d); len(gs) > 0 {
				pageGroups[gs[0]] = 0
			}
		}
	} else if lo < len(ranked) {
		page = ranked[lo:]
	}

	// Facets: integer counts over the matches.
	counts := map[string][]uint32{}
	for _, f := range fields {
		counts[f] = make([]uint32, len(names[f]))
	}
	type drange struct {
		name       string
		start, end int64
		n          int
	}
	var dateName string
	var ranges []drange
	for name, fr := range req.Facets {
		if len(fr.DateTimeRanges) > 0 {
			dateName = name
			for _, r := range fr.DateTimeRanges {
				dr := drange{name: r.Name, start: -1 << 63, end: 1<<63 - 1}
				if !r.Start.IsZero() {
					dr.start = r.Start.UnixNano()
				}
				if !r.End.IsZero() {
					dr.end = r.End.UnixNano()
				}
				ranges = append(ranges, dr)
			}
		}
	}
	sorted := sort.SliceIsSorted(ranges, func(i, j int) bool { return ranges[i].start < ranges[j].start })
	// Each part counts its own matches into arrays of its own; the arrays
	// are then added up.
	type tally struct {
		counts map[string][]uint32
		dates  []int
	}
	tallies := make([]tally, len(parts))
	for pi := range parts {
		wg.Add(1)
		go func(pi int) {
			defer wg.Done()
			t := tally{counts: map[string][]uint32{}, dates: make([]int, len(ranges))}
			for _, f := range fields {
				t.counts[f] = make([]uint32, len(names[f]))
			}
			si := 0
			for _, g := range parts[pi].matched {
				for si+1 < len(segs) && g >= offsets[si+1] {
					si++
				}
				sc, d := segs[si], g-offsets[si]
				for _, f := range fields {
					cnt := t.counts[f]
					for _, o := range sc.cols[f].of(d) {
						if int(o) < len(cnt) {
							cnt[o]++
						}
					}
				}
				if p := sc.pub[d]; p != noPub && len(ranges) > 0 {
					if sorted {
						k := sort.Search(len(ranges), func(i int) bool { return ranges[i].end > p })
						for ; k < len(ranges) && ranges[k].start <= p; k++ {
							if p < ranges[k].end {
								t.dates[k]++
							}
						}
					} else {
						for k := range ranges {
							if ranges[k].start <= p && p < ranges[k].end {
								t.dates[k]++
							}
						}
					}
				}
			}
			tallies[pi] = t
		}(pi)
	}
	wg.Wait()
	for _, t := range tallies {
		for _, f := range fields {
			sum, part := counts[f], t.counts[f]
			for i := range sum {
				sum[i] += part[i]
			}
		}
		for k := range ranges {
			ranges[k].n += t.dates[k]
		}
	}
	res := &bleve.SearchResult{Total: uint64(total), Facets: search.FacetResults{}}
	for name, fr := range req.Facets {
		if name == dateName {
			out := &search.FacetResult{Field: fr.Field}
			for _, r := range ranges {
				out.DateRanges = append(out.DateRanges, &search.DateRangeFacet{Name: r.name, Count: r.n})
			}
			res.Facets[name] = out
			continue
		}
		res.Facets[name] = topTerms(fr.Field, fr.Size, counts[fr.Field], names[fr.Field])
	}

	// The page's hits, with stored fields and highlights, through Bleve.
	var similar map[string]int
	if len(page) == 0 {
		return res, similar, true, nil
	}
	ids := make([]string, len(page))
	for i := range page {
		ids[i] = rk.idOf(&page[i])
	}
	r2 := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{main, query.NewDocIDQuery(ids)}), len(ids), 0, false)
	r2.Fields = req.Fields
	r2.Highlight = req.Highlight
	res2, err := ix.b.SearchInContext(ctx, r2)
	if err != nil {
		return nil, nil, false, err
	}
	byID := map[string]*search.DocumentMatch{}
	for _, h := range res2.Hits {
		byID[h.ID] = h
	}
	if collapse {
		gc := counts[fGroup]
		similar = map[string]int{}
		for i, c := range page {
			sc, d := local(c.global)
			if gs := sc.cols[fGroup].of(d); len(gs) > 0 && int(gs[0]) < len(gc) {
				similar[ids[i]] = int(gc[gs[0]]) - 1
			}
		}
		delete(res.Facets, fGroup)
	}
	for i, c := range page {
		h, ok := byID[ids[i]]
		if !ok {
			continue
		}
		h.Score = c.score
		res.Hits = append(res.Hits, h)
	}
	return res, similar, true, nil
}

// scanPart is what one range of document numbers contributed: its best
// candidates and every match, in document order.
type scanPart struct {
	rk      *ranker
	matched []uint64
	mp      *[]uint64 // pooled backing array of matched
	err     error
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

// scanRange runs main over the documents of r with a searcher of its own,
// keeping the best window candidates and recording every match. ctx
// carries the ranking's statistics (withBM25).
func (ix *Index) scanRange(ctx context.Context, snap *scorch.IndexSnapshot, main query.Query, segs []*segCols, offsets []uint64, r docRange, order string, window int) (p scanPart) {
	p.rk = &ranker{order: order, snap: snap}
	p.mp = matchPool.Get().(*[]uint64)
	p.matched = (*p.mp)[:0]
	searcher, err := main.Searcher(ctx, snap, ix.b.Mapping(), search.SearcherOptions{})
	if err != nil {
		p.err = err
		return p
	}
	defer searcher.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0), IndexReader: snap}
	var dm *search.DocumentMatch
	if r.lo > 0 {
		var id [8]byte
		binary.BigEndian.PutUint64(id[:], r.lo)
		dm, err = searcher.Advance(sctx, id[:])
	} else {
		dm, err = searcher.Next(sctx)
	}
	si := 0
	for n := 0; dm != nil && err == nil; n++ {
		if n&1023 == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		g := binary.BigEndian.Uint64(dm.IndexInternalID)
		if g >= r.hi {
			break
		}
		c := cand{score: dm.Score, global: g}
		if math.IsNaN(c.score) {
			c.score = 0 // filter-only clauses score NaN; Bleve's collector ranks them as equal
		}
		sctx.DocumentMatchPool.Put(dm)
		for si+1 < len(segs) && g >= offsets[si+1] {
			si++
		}
		if g < offsets[si] {
			si = sort.Search(len(segs), func(i int) bool { return offsets[i+1] > g })
		}
		c.pub = segs[si].pub[g-offsets[si]]
		p.matched = append(p.matched, g)
		p.rk.offer(c, window)
		dm, err = searcher.Next(sctx)
	}
	p.err = err
	return p
}

// topTerms is a term facet's top size values, by count then value. It
// keeps a heap of size values rather than sorting every value that occurs:
// a place facet can have tens of thousands.
func topTerms(field string, size int, cnt []uint32, names []string) *search.FacetResult {
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
	fr := &search.FacetResult{Field: field, Terms: &search.TermFacets{}}
	for _, t := range top {
		fr.Terms.Add(&search.TermFacet{Term: names[t.o], Count: int(t.n)})
	}
	return fr
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
