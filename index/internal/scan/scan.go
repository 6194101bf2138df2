package scan

import (
	"container/heap"
	"context"
	"encoding/binary"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// Plan is a search in the scan's terms.
type Plan struct {
	Text    query.Query // words, phrases and exclusions; nil: every article
	Mapping mapping.IndexMapping
	Filters []Filter // the facets filtered on
	Dated   bool     // only articles published in [Lo, Hi)
	Lo, Hi  int64    // UnixNano
	Order   Order
	Page    int
	Size    int
	// Collapse shows one hit per near-duplicate group.
	Collapse bool
	// Facets are the row fields to count and how many values of each to
	// return.
	Facets map[string]int
	// Bars cuts the matches' dates into the histogram's bars once the
	// matches (and so their span, 0, 0 when none is dated) are known; nil:
	// no histogram.
	Bars func(lo, hi int64) []Range
	// Workers is how many ranges of documents are scanned in parallel (0:
	// one per core, for an index large enough).
	Workers int
}

// Filter is one facet filtered on: an article passes when Field has one
// of Values (terms as indexed). Facets lists the row fields that count the
// articles that pass every other filter.
type Filter struct {
	Field  string
	Values []string
	Facets []string
	// Also are terms of AlsoField that pass too (the namesake territories
	// of a place filtered on, in the entity field).
	AlsoField string
	Also      []string
}

// Range is one bar of a date histogram: [Start, End) in UnixNano.
type Range struct{ Start, End int64 }

// Term is a facet value and the articles that have it.
type Term struct {
	Value string
	Count int
}

// Hit is a document of the page asked for.
type Hit struct {
	ID    string
	Score float64
	// Similar counts the other matches of its near-duplicate group.
	Similar int
}

// Result is what a scan found.
type Result struct {
	Total int
	Hits  []Hit
	Terms map[string][]Term
	Bars  []int // matches per Range that Plan.Bars returned
}

// partial is a document that fails only the filter of facet dim: it
// counts for that facet's values.
type partial struct {
	g   uint64
	dim int
}

// scanPart is what one range of document numbers contributed.
type scanPart struct {
	rk       *ranker
	matched  []uint64 // every match, in document order
	mp       *[]uint64
	partial  []partial
	min, max int64 // publication span of the dated matches
	err      error
}

// Run answers p on snap. ctx carries the ranking's statistics for Bleve's
// searchers.
func (fc *Cache) Run(ctx context.Context, snap *scorch.IndexSnapshot, p *Plan) (*Result, error) {
	// The row fields to count, by row position; "": not counted.
	fields := make([]string, len(fc.fields.Rows))
	for fi, f := range fc.fields.Rows {
		if _, ok := p.Facets[f]; ok || (f == fc.fields.Group && p.Collapse) {
			fields[fi] = f
		}
	}
	segs, names, err := fc.columns(snap)
	if err != nil {
		return nil, err
	}
	ss := snap.Segments()
	offsets := make([]uint64, len(segs)+1)
	for i, s := range ss {
		offsets[i+1] = offsets[i] + s.Segment().Count()
	}
	filt, err := filterBitmaps(ss, p.Filters)
	if err != nil {
		return nil, err
	}
	need := p.Page * p.Size
	window := need
	if p.Collapse {
		window = min(max(3*need, 50), 5000)
	}
	for {
		out, again, err := fc.runWindow(ctx, snap, p, segs, names, offsets, filt, fields, window)
		if err != nil || !again {
			return out, err
		}
		window *= 4 // too few groups among the best: rank more
	}
}

// filterBitmaps returns, per segment and filtered facet, the documents that
// pass the facet's filter.
func filterBitmaps(ss []*scorch.SegmentSnapshot, dims []Filter) ([][]*roaring.Bitmap, error) {
	if len(dims) == 0 {
		return nil, nil
	}
	out := make([][]*roaring.Bitmap, len(ss))
	for i, s := range ss {
		out[i] = make([]*roaring.Bitmap, len(dims))
		for k, dim := range dims {
			bm, err := TermsBitmap(s.Segment(), dim.Field, dim.Values)
			if err != nil {
				return nil, err
			}
			if len(dim.Also) > 0 {
				also, err := TermsBitmap(s.Segment(), dim.AlsoField, dim.Also)
				if err != nil {
					return nil, err
				}
				bm.Or(also)
			}
			out[i][k] = bm
		}
	}
	return out, nil
}

type orIntoer interface{ OrInto(*roaring.Bitmap) }

// EachPosting calls fn for every (term, document) pair of field in seg,
// term by term; fn returns false to skip the rest of a term's postings.
func EachPosting(seg segapi.Segment, field string, fn func(term string, doc uint64) bool) error {
	return eachPosting(seg, field, fn)
}

// TermCounts calls fn with every term of field in seg and the number of
// its documents that are not in except (the segment's deleted ones).
func TermCounts(seg segapi.Segment, field string, except *roaring.Bitmap, fn func(term string, n uint64)) error {
	d, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	it := d.AutomatonIterator(nil, nil, nil)
	var pl segapi.PostingsList
	for {
		e, err := it.Next()
		if err != nil || e == nil {
			return err
		}
		if pl, err = d.PostingsList([]byte(e.Term), except, pl); err != nil {
			return err
		}
		if n := pl.Count(); n > 0 {
			fn(e.Term, n)
		}
	}
}

// TermsBitmap is the documents of seg that have one of terms in field
// (deleted ones included: the caller removes them).
func TermsBitmap(seg segapi.Segment, field string, terms []string) (*roaring.Bitmap, error) {
	bm := roaring.New()
	d, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	var pl segapi.PostingsList
	var pi segapi.PostingsIterator
	for _, t := range terms {
		pl, err = d.PostingsList([]byte(t), nil, pl)
		if err != nil {
			return nil, err
		}
		if pl == nil {
			continue
		}
		if o, ok := pl.(orIntoer); ok {
			o.OrInto(bm)
			continue
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			bm.Add(uint32(p.Number()))
		}
	}
	return bm, nil
}

// runWindow is one pass keeping the best window matches; again reports
// that collapsing needs a larger window.
func (fc *Cache) runWindow(ctx context.Context, snap *scorch.IndexSnapshot, p *Plan, segs []*segCols, names map[string][]string,
	offsets []uint64, filt [][]*roaring.Bitmap, fields []string, window int) (*Result, bool, error) {
	// The articles are scanned in ranges of document numbers, one per
	// core: Bleve's searcher is single-threaded, and a broad word on a
	// large index has hundreds of thousands of matches. Every range reads
	// the same snapshot, so scores are those of one pass.
	scans := scanRanges(offsets[len(segs)], p.Workers)
	parts := make([]scanPart, len(scans))
	var wg sync.WaitGroup
	for pi := range scans {
		wg.Add(1)
		go func(pi int) {
			defer wg.Done()
			parts[pi] = scanRange(ctx, snap, p, segs, offsets, filt, scans[pi], window)
		}(pi)
	}
	wg.Wait()
	defer func() {
		for _, sp := range parts {
			if sp.mp != nil {
				*sp.mp = sp.matched[:0]
				matchPool.Put(sp.mp)
			}
		}
	}()
	out := &Result{Terms: map[string][]Term{}}
	rk := &ranker{order: p.Order, snap: snap}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, sp := range parts {
		if sp.err != nil {
			return nil, false, sp.err
		}
		out.Total += len(sp.matched)
		for _, c := range sp.rk.c {
			rk.offer(c, window)
		}
		lo, hi = min(lo, sp.min), max(hi, sp.max)
	}
	ranked := make([]cand, len(rk.c))
	for i := len(ranked) - 1; i >= 0; i-- {
		ranked[i] = heap.Pop(rk).(cand)
	}
	local := func(g uint64) (*segCols, uint64) {
		i := sort.Search(len(segs), func(i int) bool { return offsets[i+1] > g })
		return segs[i], g - offsets[i]
	}
	group := func(c cand) (uint32, bool) {
		sc, d := local(c.global)
		gs := sc.of(d, fc.index[fc.fields.Group])
		if len(gs) == 0 {
			return 0, false
		}
		return gs[0], true
	}

	// The page: ranked hits, or the best hit of each group.
	need := p.Page * p.Size
	first := (p.Page - 1) * p.Size
	var page []cand
	if p.Collapse {
		seen := map[uint32]bool{}
		var order []cand
		for _, c := range ranked {
			if g, ok := group(c); ok {
				if seen[g] {
					continue
				}
				seen[g] = true
			}
			order = append(order, c)
		}
		if len(order) < need && len(ranked) < out.Total {
			return nil, true, nil
		}
		if first < len(order) {
			page = order[first:min(len(order), need)]
		}
	} else if first < len(ranked) {
		page = ranked[first:]
	}

	// The histogram's bars, now that the matches' span is known.
	var ranges []Range
	if p.Bars != nil {
		if lo > hi {
			lo, hi = 0, 0 // no dated match
		}
		ranges = p.Bars(lo, hi)
	}

	// Facets: integer counts over the matches, and over the articles that
	// fail one filter for that filter's facets.
	// Per filtered facet, the row positions of its fields.
	dimFields := make([][]int, len(p.Filters))
	for k, dim := range p.Filters {
		for _, f := range dim.Facets {
			if fi, ok := fc.index[f]; ok && fields[fi] != "" {
				dimFields[k] = append(dimFields[k], fi)
			}
		}
	}
	type tally struct {
		counts [][]uint32
		dates  []int
	}
	tallies := make([]tally, len(parts))
	for pi := range parts {
		wg.Add(1)
		go func(pi int) {
			defer wg.Done()
			t := tally{counts: make([][]uint32, len(fields)), dates: make([]int, len(ranges))}
			for fi, f := range fields {
				if f != "" {
					t.counts[fi] = make([]uint32, len(names[f]))
				}
			}
			si := 0
			for _, g := range parts[pi].matched {
				for si+1 < len(segs) && g >= offsets[si+1] {
					si++
				}
				d := g - offsets[si]
				sc := segs[si]
				row := sc.data[sc.start[d]:sc.start[d+1]]
				for fi := range fields {
					n := row[0]
					vals := row[1 : 1+n]
					row = row[1+n:]
					cnt := t.counts[fi]
					for _, o := range vals {
						if int(o) < len(cnt) {
							cnt[o]++
						}
					}
				}
				if pub := segs[si].pub[d]; pub != noPub && len(ranges) > 0 {
					k := sort.Search(len(ranges), func(i int) bool { return ranges[i].End > pub })
					if k < len(ranges) && ranges[k].Start <= pub {
						t.dates[k]++
					}
				}
			}
			si = 0
			for _, m := range parts[pi].partial {
				for si+1 < len(segs) && m.g >= offsets[si+1] {
					si++
				}
				d := m.g - offsets[si]
				for _, fi := range dimFields[m.dim] {
					cnt := t.counts[fi]
					for _, o := range segs[si].of(d, fi) {
						if int(o) < len(cnt) {
							cnt[o]++
						}
					}
				}
			}
			tallies[pi] = t
		}(pi)
	}
	wg.Wait()
	counts := map[string][]uint32{}
	for fi, f := range fields {
		if f == "" {
			continue
		}
		sum := tallies[0].counts[fi]
		for _, t := range tallies[1:] {
			for i, n := range t.counts[fi] {
				sum[i] += n
			}
		}
		counts[f] = sum
	}
	out.Bars = make([]int, len(ranges))
	for _, t := range tallies {
		for k := range ranges {
			out.Bars[k] += t.dates[k]
		}
	}
	for f, size := range p.Facets {
		out.Terms[f] = topTerms(size, counts[f], names[f])
	}
	out.Hits = make([]Hit, len(page))
	gc := counts[fc.fields.Group]
	for i := range page {
		out.Hits[i] = Hit{ID: rk.idOf(&page[i]), Score: page[i].score}
		if g, ok := group(page[i]); ok && p.Collapse && int(g) < len(gc) {
			out.Hits[i].Similar = int(gc[g]) - 1
		}
	}
	return out, false, nil
}

var matchPool = sync.Pool{New: func() any { s := make([]uint64, 0, 1<<16); return &s }}

// scanRange finds the matches of p among the documents of r: with the
// query's own searcher when it has words, else every live document.
func scanRange(ctx context.Context, snap *scorch.IndexSnapshot, p *Plan, segs []*segCols, offsets []uint64, filt [][]*roaring.Bitmap, r docRange, window int) (sp scanPart) {
	sp.rk = &ranker{order: p.Order, snap: snap}
	sp.mp = matchPool.Get().(*[]uint64)
	sp.matched = (*sp.mp)[:0]
	sp.min, sp.max = math.MaxInt64, math.MinInt64
	si := 0
	// visit decides what document g is; score is its query score.
	visit := func(g uint64, score float64) {
		for si+1 < len(segs) && g >= offsets[si+1] {
			si++
		}
		if g < offsets[si] {
			si = sort.Search(len(segs), func(i int) bool { return offsets[i+1] > g })
		}
		d := g - offsets[si]
		pub := segs[si].pub[d]
		if p.Dated && (pub == noPub || pub < p.Lo || pub >= p.Hi) {
			return
		}
		fail, dim := 0, -1
		for k := range p.Filters {
			if !filt[si][k].Contains(uint32(d)) {
				fail++
				dim = k
			}
		}
		switch {
		case fail == 1:
			sp.partial = append(sp.partial, partial{g: g, dim: dim})
			return
		case fail > 1:
			return
		}
		if math.IsNaN(score) {
			score = 0 // filter-only clauses score NaN; Bleve's collector ranks them as equal
		}
		sp.matched = append(sp.matched, g)
		if pub != noPub {
			sp.min, sp.max = min(sp.min, pub), max(sp.max, pub)
		}
		sp.rk.offer(cand{score: score, pub: pub, global: g}, window)
	}
	if p.Text == nil {
		// Every article scores 1, as Bleve scores a match-all search, and
		// 0 under filters or dates, as Bleve scores its filter terms.
		score := 1.0
		if len(p.Filters) > 0 || p.Dated {
			score = 0
		}
		sp.err = scanAll(ctx, snap, offsets, r, score, visit)
		return sp
	}
	searcher, err := p.Text.Searcher(ctx, snap, p.Mapping, search.SearcherOptions{})
	if err != nil {
		sp.err = err
		return sp
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
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		visit(g, score)
		dm, err = searcher.Next(sctx)
	}
	sp.err = err
	return sp
}

// scanAll visits every live document of r with score: a search without
// words ranks every article equally.
func scanAll(ctx context.Context, snap *scorch.IndexSnapshot, offsets []uint64, r docRange, score float64, visit func(uint64, float64)) error {
	for i, s := range snap.Segments() {
		lo, hi := max(r.lo, offsets[i]), min(r.hi, offsets[i+1])
		if lo >= hi {
			continue
		}
		del := s.Deleted()
		for g := lo; g < hi; g++ {
			if (g-lo)&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if del != nil && del.Contains(uint32(g-offsets[i])) {
				continue
			}
			visit(g, score)
		}
	}
	return nil
}

// docRange is a half-open range [lo, hi) of global document numbers.
type docRange struct{ lo, hi uint64 }

// minDocsPerScan is the smallest range worth a goroutine of its own.
const minDocsPerScan = 10000

// scanRanges cuts the n documents of a snapshot into the ranges a search
// scans in parallel: one per core, each of at least minDocsPerScan
// documents (one range for a small index), unless workers says.
func scanRanges(n uint64, workers int) []docRange {
	if workers > 0 {
		return docRanges(n, workers, 1)
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
