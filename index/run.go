package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// The one search path. A search is a plan: the words of the query (a Bleve
// query that finds and scores the articles), the facet filters (values of
// one facet OR together, facets AND) and a publication range. One pass
// over the articles that have the words (every article when there are
// none) does all of it:
//
//   - the publication range and the filters are checked on columns and
//     bitmaps, not by the query, so that an article that fails exactly one
//     facet's filter still counts for that facet: the facet counts say what
//     choosing one more value would add ("disjunctive" facets, as
//     Elasticsearch's post_filter and Algolia's faceting give them);
//   - an article that passes everything is a match: it is counted, ranked
//     in a bounded heap, and its facet values and date are tallied;
//   - the date bars fit the matches' first and last dates when asked.
//
// Only the page of hits is then read through Bleve, with its stored fields
// and highlights.

// plan is a search in the scan's terms.
type plan struct {
	text    query.Query // words, phrases and exclusions; nil: every article
	filters []filterDim // the facets filtered on
	dated   bool        // only articles published in [lo, hi)
	lo, hi  int64       // UnixNano
	order   string
	page    int
	size    int
	// collapse shows one hit per near-duplicate group.
	collapse bool
	// facets are the term facets to count and their sizes; none with
	// NoFacets.
	facets map[string]int
	// bars cuts the matches' dates into the histogram's bars once the
	// matches (and so their span) are known; nil: no histogram.
	bars  func(lo, hi int64) (string, []bucket)
	stats *search.BM25Stats
}

// filterDim is one facet filtered on: an article passes when its field
// has one of the (lower-cased) values. Facets lists the term facets that
// count the articles that pass every other filter.
type filterDim struct {
	field  string
	values []string
	facets []string
}

// scanOut is what a scan found.
type scanOut struct {
	total    int
	page     []cand
	ids      []string
	similar  []int // per page hit: other matching members of its group
	terms    map[string][]FacetValue
	interval string
	buckets  []bucket
	bars     []int
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

// run answers p on the index's current snapshot.
func (ix *Index) run(ctx context.Context, p *plan) (*scanOut, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index reader %T is not a scorch snapshot", reader)
	}
	// The row fields to count, by row position; nil: not counted.
	fields := make([]string, len(rowFields))
	for fi, f := range rowFields {
		if _, ok := p.facets[f]; ok || (f == fGroup && p.collapse) {
			fields[fi] = f
		}
	}
	segs, names, err := ix.fast.columns(snap)
	if err != nil {
		return nil, err
	}
	ss := snap.Segments()
	offsets := make([]uint64, len(segs)+1)
	for i, s := range ss {
		offsets[i+1] = offsets[i] + s.Segment().Count()
	}
	filt, err := filterBitmaps(ss, p.filters)
	if err != nil {
		return nil, err
	}
	need := p.page * p.size
	window := need
	if p.collapse {
		window = min(max(3*need, 50), 5000)
	}
	for {
		out, again, err := ix.runWindow(ctx, snap, p, segs, names, offsets, filt, fields, window)
		if err != nil || !again {
			return out, err
		}
		window *= 4 // too few groups among the best: rank more
	}
}

// filterBitmaps returns, per segment and filtered facet, the documents that
// pass the facet's filter.
func filterBitmaps(ss []*scorch.SegmentSnapshot, dims []filterDim) ([][]*roaring.Bitmap, error) {
	if len(dims) == 0 {
		return nil, nil
	}
	out := make([][]*roaring.Bitmap, len(ss))
	for i, s := range ss {
		out[i] = make([]*roaring.Bitmap, len(dims))
		for k, dim := range dims {
			bm, err := termsBitmap(s.Segment(), dim.field, dim.values)
			if err != nil {
				return nil, err
			}
			out[i][k] = bm
		}
	}
	return out, nil
}

type orIntoer interface{ OrInto(*roaring.Bitmap) }

// termsBitmap is the documents of seg that have one of terms in field.
func termsBitmap(seg segapi.Segment, field string, terms []string) (*roaring.Bitmap, error) {
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
func (ix *Index) runWindow(ctx context.Context, snap *scorch.IndexSnapshot, p *plan, segs []*segCols, names map[string][]string,
	offsets []uint64, filt [][]*roaring.Bitmap, fields []string, window int) (*scanOut, bool, error) {
	// The articles are scanned in ranges of document numbers, one per
	// core: Bleve's searcher is single-threaded, and a broad word on a
	// large index has hundreds of thousands of matches. Every range reads
	// the same snapshot, so scores are those of one pass.
	scans := ix.scanRanges(offsets[len(segs)])
	parts := make([]scanPart, len(scans))
	var wg sync.WaitGroup
	for pi := range scans {
		wg.Add(1)
		go func(pi int) {
			defer wg.Done()
			parts[pi] = ix.scanRange(withBM25(ctx, p.stats), snap, p, segs, offsets, filt, scans[pi], window)
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
	out := &scanOut{terms: map[string][]FacetValue{}}
	rk := &ranker{order: p.order, snap: snap}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, sp := range parts {
		if sp.err != nil {
			return nil, false, sp.err
		}
		out.total += len(sp.matched)
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
		gs := sc.of(d, rowIndex[fGroup])
		if len(gs) == 0 {
			return 0, false
		}
		return gs[0], true
	}

	// The page: ranked hits, or the best hit of each group.
	need := p.page * p.size
	first := (p.page - 1) * p.size
	if p.collapse {
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
		if len(order) < need && len(ranked) < out.total {
			return nil, true, nil
		}
		if first < len(order) {
			out.page = order[first:min(len(order), need)]
		}
	} else if first < len(ranked) {
		out.page = ranked[first:]
	}

	// The histogram's bars, now that the matches' span is known.
	var ranges []drange
	if p.bars != nil {
		if lo > hi {
			lo, hi = 0, 0 // no dated match
		}
		out.interval, out.buckets = p.bars(lo, hi)
		for _, b := range out.buckets {
			ranges = append(ranges, drange{start: b.start.UnixNano(), end: b.end.UnixNano()})
		}
	}

	// Facets: integer counts over the matches, and over the articles that
	// fail one filter for that filter's facets.
	// Per filtered facet, the row positions of its fields.
	dimFields := make([][]int, len(p.filters))
	for k, dim := range p.filters {
		for _, f := range dim.facets {
			if fi := rowIndex[f]; fields[fi] != "" {
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
					k := sort.Search(len(ranges), func(i int) bool { return ranges[i].end > pub })
					if k < len(ranges) && ranges[k].start <= pub {
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
	out.bars = make([]int, len(ranges))
	for _, t := range tallies {
		for k := range ranges {
			out.bars[k] += t.dates[k]
		}
	}
	for f, size := range p.facets {
		out.terms[f] = topTerms(size, counts[f], names[f])
	}
	out.ids = make([]string, len(out.page))
	for i := range out.page {
		out.ids[i] = rk.idOf(&out.page[i])
	}
	if p.collapse {
		gc := counts[fGroup]
		out.similar = make([]int, len(out.page))
		for i, c := range out.page {
			if g, ok := group(c); ok && int(g) < len(gc) {
				out.similar[i] = int(gc[g]) - 1
			}
		}
	}
	return out, false, nil
}

// drange is one bar of the histogram: [start, end) in UnixNano.
type drange struct{ start, end int64 }

var matchPool = sync.Pool{New: func() any { s := make([]uint64, 0, 1<<16); return &s }}

// scanRange finds the matches of p among the documents of r: with the
// query's own searcher when it has words, else every live document.
func (ix *Index) scanRange(ctx context.Context, snap *scorch.IndexSnapshot, p *plan, segs []*segCols, offsets []uint64, filt [][]*roaring.Bitmap, r docRange, window int) (sp scanPart) {
	sp.rk = &ranker{order: p.order, snap: snap}
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
		if p.dated && (pub == noPub || pub < p.lo || pub >= p.hi) {
			return
		}
		fail, dim := 0, -1
		for k := range p.filters {
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
	if p.text == nil {
		sp.err = scanAll(ctx, snap, offsets, r, visit)
		return sp
	}
	searcher, err := p.text.Searcher(ctx, snap, ix.b.Mapping(), search.SearcherOptions{})
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

// scanAll visits every live document of r, scored 0.
func scanAll(ctx context.Context, snap *scorch.IndexSnapshot, offsets []uint64, r docRange, visit func(uint64, float64)) error {
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
			visit(g, 0)
		}
	}
	return nil
}
