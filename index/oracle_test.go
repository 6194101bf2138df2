package index

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The test oracle: Search answered by Bleve alone, the way sitrep searched
// before its own scan (run.go) — Bleve's query with the filters, Bleve's
// facets and sort, collapsing by ranking a window of hits, a search per
// filtered facet for its disjunctive counts and two sorted searches for
// the span of the matches' dates. Slow, and independent of the scan: the
// differential tests ask both and want the same answer.

func oracleSearch(ctx context.Context, ix *Index, q Query) (*Results, error) {
	from, to, err := q.normalize(ix.opts)
	if err != nil {
		return nil, err
	}
	res, err := oracleOne(ctx, ix, q, from, to)
	if err != nil || q.NoFacets {
		return res, err
	}
	// A facet filtered on counts what the other filters leave.
	for i, dim := range []*[]string{&q.Locations, &q.Actors, &q.Sources} {
		if len(*dim) == 0 {
			continue
		}
		oq := q
		switch i {
		case 0:
			oq.Locations = nil
		case 1:
			oq.Actors = nil
		case 2:
			oq.Sources = nil
		}
		oq.Size, oq.Page, oq.PageFacets = 1, 1, q.PageFacets
		side, err := oracleOne(ctx, ix, oq, from, to)
		if err != nil {
			return nil, err
		}
		switch i {
		case 0:
			res.Facets.Locations, res.Facets.Places = side.Facets.Locations, side.Facets.Places
		case 1:
			res.Facets.Actors = side.Facets.Actors
		case 2:
			res.Facets.Sources = side.Facets.Sources
		}
	}
	return res, nil
}

// oracleOne is one Bleve search of q, its filters applied as Bleve
// filters (which do not score, as the scan's do not).
func oracleOne(ctx context.Context, ix *Index, q Query, from, to time.Time) (*Results, error) {
	p, hasText, refs, err := ix.plan(q, from, to)
	if err != nil {
		return nil, err
	}
	var filters []query.Query
	for _, dim := range p.Filters {
		var alts []query.Query
		for _, v := range dim.Values {
			t := query.NewTermQuery(v)
			t.SetField(dim.Field)
			alts = append(alts, t)
		}
		for _, v := range dim.Also {
			t := query.NewTermQuery(v)
			t.SetField(dim.AlsoField)
			alts = append(alts, t)
		}
		filters = append(filters, query.NewDisjunctionQuery(alts))
	}
	if p.Dated {
		var lo, hi time.Time
		if !from.IsZero() {
			lo = from
		}
		if !to.IsZero() {
			hi = to.AddDate(0, 0, 1)
		}
		t, f := true, false
		dq := query.NewDateRangeInclusiveQuery(lo, hi, &t, &f)
		dq.SetField(fPublished)
		filters = append(filters, dq)
	}
	var main query.Query = query.NewMatchAllQuery()
	if p.Text != nil {
		main = p.Text
	}
	if len(filters) > 0 {
		bq := query.NewBooleanQuery([]query.Query{main}, nil, nil)
		bq.AddFilter(query.NewConjunctionQuery(filters))
		main = bq
	}
	req := bleve.NewSearchRequestOptions(main, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = pageFields
	stats, err := ix.scoringStats()
	if err != nil {
		return nil, err
	}
	if stats != nil {
		// The filters' searchers ask for statistics of every field ("*").
		card := map[string]int{"*": 0}
		for f, c := range stats.FieldCardinality {
			card[f] = c
		}
		stats = &search.BM25Stats{DocCount: stats.DocCount, FieldCardinality: card}
		req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: stats}
	}
	switch q.Sort {
	case SortDate:
		req.SortByCustom(search.SortOrder{publishedSort(false), &search.SortDocID{}})
	case SortDateDesc:
		req.SortByCustom(search.SortOrder{publishedSort(true), &search.SortDocID{}})
	default:
		req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, publishedSort(true), &search.SortDocID{}})
	}
	var buckets []bucket
	var interval string
	if !q.NoFacets {
		fs := ix.opts.FacetSize
		if q.FacetSize > 0 {
			fs = q.FacetSize
		}
		req.AddFacet(fLoc, bleve.NewFacetRequest(fLoc, fs))
		req.AddFacet(fActor, bleve.NewFacetRequest(fActor, fs))
		req.AddFacet(fSource, bleve.NewFacetRequest(fSource, fs))
		if q.PageFacets {
			req.AddFacet(fLocPath, bleve.NewFacetRequest(fLocPath, max(pathFacetSize, fs)))
			req.AddFacet(fLocGeo, bleve.NewFacetRequest(fLocGeo, pointFacetSize))
			req.AddFacet(fActorKind, bleve.NewFacetRequest(fActorKind, max(fs*2, 50)))
		}
		lo, hi := from, to
		if !hi.IsZero() {
			hi = hi.AddDate(0, 0, 1)
		}
		fitted := false
		if q.PageFacets && (lo.IsZero() || hi.IsZero()) {
			mlo, mhi, err := oracleSpan(ctx, ix, main)
			if err != nil {
				return nil, err
			}
			fitted = true
			if lo.IsZero() {
				lo = mlo
			}
			if hi.IsZero() && !mhi.IsZero() {
				hi = mhi.Add(time.Nanosecond)
			}
		}
		if !fitted && (lo.IsZero() || hi.IsZero()) {
			span, err := ix.dateSpan()
			if err != nil {
				return nil, err
			}
			if lo.IsZero() {
				lo = span.min
			}
			if hi.IsZero() {
				hi = span.max.Add(time.Nanosecond)
			}
		}
		if !lo.IsZero() && hi.After(lo) {
			interval, buckets = dateBuckets(lo, hi)
			df := bleve.NewFacetRequest(fPublished, len(buckets))
			for _, b := range buckets {
				df.AddDateTimeRange(b.name, b.start, b.end)
			}
			req.AddFacet(fPublished, df)
		}
	}
	var similar map[string]int
	var res *bleve.SearchResult
	if q.Collapse == nil || *q.Collapse {
		res, similar, err = oracleCollapsed(ctx, ix, req, main, q)
	} else {
		res, err = ix.b.SearchInContext(ctx, req)
	}
	if err != nil {
		if strings.Contains(err.Error(), "TooManyClauses") {
			return nil, badQuery("query expands to too many words; be more specific")
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Results{Query: q, Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	// Fragments are made as the scan's page makes them (highlight.go has
	// its own test against Bleve's highlighter over term vectors).
	var hl *highlights
	if hasText {
		if hl, err = newHighlights(p.Text, ix.b.Mapping(), HighlightFields(q.Text)); err != nil {
			return nil, err
		}
	}
	for _, h := range res.Hits {
		unpackBody(h.Fields)
		if hl != nil {
			a := scalarFields(h.ID, h.Fields)
			a.Lang = str(h.Fields, fLang)
			h.Fragments = hl.fragments(a)
		}
		if p.Text == nil {
			// Every article matches a search without words equally: 1
			// (match-all), 0 under filters or dates.
			h.Score = 1
			if len(p.Filters) > 0 || p.Dated {
				h.Score = 0
			}
		}
		out.Hits = append(out.Hits, toHit(h, q.Fragments, refs))
		out.Hits[len(out.Hits)-1].Similar = similar[h.ID]
	}
	if !q.NoFacets {
		counts := map[string]int{}
		if fr := res.Facets[fPublished]; fr != nil {
			for _, d := range fr.DateRanges {
				counts[d.Name] = d.Count
			}
		}
		bars := make([]int, len(buckets))
		for i, b := range buckets {
			bars[i] = counts[b.name]
		}
		out.Facets = Facets{
			Locations: termFacet(res.Facets[fLoc]),
			Actors:    termFacet(res.Facets[fActor]),
			Sources:   termFacet(res.Facets[fSource]),
			Dates:     dateFacet(buckets, bars),
			Interval:  interval,
		}
		terms := map[string][]FacetValue{}
		for _, f := range []string{fLocPath, fLocGeo, fActorKind} {
			terms[f] = termFacet(res.Facets[f])
		}
		readPageFacets(&out.Facets, terms, q)
	}
	return out, nil
}

// oracleSpan returns the first and last publication dates among the
// articles that match mq.
func oracleSpan(ctx context.Context, ix *Index, mq query.Query) (lo, hi time.Time, err error) {
	for _, desc := range []bool{false, true} {
		req := bleve.NewSearchRequestOptions(mq, 1, 0, false)
		req.Fields = []string{fPublished}
		req.SortByCustom(search.SortOrder{publishedSort(desc)})
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return lo, hi, fmt.Errorf("search: date span: %w", err)
		}
		if len(res.Hits) == 0 {
			return lo, hi, nil
		}
		p, _ := res.Hits[0].Fields[fPublished].(string)
		t, perr := time.Parse(time.RFC3339, p)
		if perr != nil {
			continue
		}
		if desc {
			hi = t
		} else {
			lo = t
		}
	}
	return lo, hi, nil
}

func publishedSort(desc bool) *search.SortField {
	return &search.SortField{Field: fPublished, Desc: desc, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}
}

// oracleCollapsed runs req showing one hit per near-duplicate group: the
// best-ranked member, with the number of other matching members. A first
// pass ranks a window of hits without highlighting and groups them; a
// second fetches the page's representatives with fields and highlights.
// Total and facets come from the first pass, so they count every article.
func oracleCollapsed(ctx context.Context, ix *Index, req *bleve.SearchRequest, main query.Query, q Query) (*bleve.SearchResult, map[string]int, error) {
	need := q.Page * q.Size
	const maxWindow = 5000
	window := min(max(3*need, 50), maxWindow)
	var res *bleve.SearchResult
	var order []string                // group keys in rank order
	var first, members map[string]int // group -> index of its best hit; hits in the window
	for {
		r1 := *req
		r1.From, r1.Size = 0, window
		r1.Fields = []string{fCluster}
		r1.Highlight = nil
		var err error
		res, err = ix.b.SearchInContext(ctx, &r1)
		if err != nil {
			return nil, nil, err
		}
		order, first, members = order[:0], map[string]int{}, map[string]int{}
		for i, h := range res.Hits {
			g := groupKey(h.ID, str(h.Fields, fCluster))
			if _, ok := first[g]; !ok {
				first[g] = i
				order = append(order, g)
			}
			members[g]++
		}
		if len(order) >= need || len(res.Hits) < window || window >= maxWindow {
			break
		}
		window = min(window*4, maxWindow)
	}
	complete := uint64(len(res.Hits)) >= res.Total
	lo := min((q.Page-1)*q.Size, len(order))
	hi := min(q.Page*q.Size, len(order))
	page := order[lo:hi]
	if len(page) == 0 {
		res.Hits = res.Hits[:0]
		return res, nil, nil
	}
	ids := make([]string, len(page))
	for i, g := range page {
		ids[i] = res.Hits[first[g]].ID
	}
	r2 := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{main, query.NewDocIDQuery(ids)}), len(ids), 0, false)
	r2.Fields = req.Fields
	r2.Highlight = req.Highlight
	res2, err := ix.b.SearchInContext(ctx, r2)
	if err != nil {
		return nil, nil, err
	}
	byID := map[string]*search.DocumentMatch{}
	for _, h := range res2.Hits {
		byID[h.ID] = h
	}
	hits := make(search.DocumentMatchCollection, 0, len(page))
	similar := map[string]int{}
	groupOf := map[string]string{}
	var open []query.Query // groups whose members may reach past the window
	for _, g := range page {
		h1 := res.Hits[first[g]]
		h, ok := byID[h1.ID]
		if !ok {
			continue
		}
		h.Score = h1.Score
		h.Sort = h1.Sort
		hits = append(hits, h)
		groupOf[h.ID] = g
		similar[h.ID] = members[g] - 1
		if !complete {
			t := query.NewTermQuery(g)
			t.SetField(fGroup)
			open = append(open, t)
		}
	}
	if len(open) > 0 {
		// Count every matching member of the page's groups, not only
		// those in the window.
		r3 := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{main, query.NewDisjunctionQuery(open)}), 0, 0, false)
		r3.AddFacet(fGroup, bleve.NewFacetRequest(fGroup, len(open)))
		if res3, err := ix.b.SearchInContext(ctx, r3); err == nil && res3.Facets[fGroup] != nil && res3.Facets[fGroup].Terms != nil {
			counts := map[string]int{}
			for _, t := range res3.Facets[fGroup].Terms.Terms() {
				counts[t.Term] = t.Count
			}
			for _, h := range hits {
				if g := groupOf[h.ID]; counts[g] > 0 {
					similar[h.ID] = max(similar[h.ID], counts[g]-1)
				}
			}
		}
	}
	res.Hits = hits
	return res, similar, nil
}

// termFacet is a Bleve term facet as facet values, by count then value.
func termFacet(fr *search.FacetResult) []FacetValue {
	out := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	return sortFacet(out)
}
