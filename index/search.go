package index

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/internal/scan"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Results is the answer to a Query.
type Results struct {
	Query  Query   `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	URL        string              `json:"url,omitempty"`
	Source     string              `json:"source,omitempty"`
	Published  string              `json:"published,omitempty"`
	Score      float64             `json:"score"`
	Locations  []string            `json:"locations"`
	Actors     []string            `json:"actors"`
	Highlights map[string][]string `json:"highlights"`
	Similar    int                 `json:"similar,omitempty"`
	Cluster    string              `json:"cluster,omitempty"`
	// Geo carries the points of the article's places, for maps.
	Places []Location `json:"places,omitempty"`
	// Matched are the article's places and actors that a query word names
	// ("Kiev" -> Kyiv): why a hit without the word matched.
	Matched []EntityMatch `json:"matched,omitempty"`
}

// FacetValue is one value of a term facet with its count.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	// Kind is the actor kind (person, military, ...) when the query asked
	// for PageFacets.
	Kind string `json:"kind,omitempty"`
}

// DateBucket is one bar of the date histogram: [Start, End).
type DateBucket struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Count int    `json:"count"`
}

// Facets are the counts beside the results.
type Facets struct {
	Locations []FacetValue `json:"locations"`
	Actors    []FacetValue `json:"actors"`
	Sources   []FacetValue `json:"sources"`
	Dates     []DateBucket `json:"dates"`
	// Interval is the bucket size of Dates: day, week, month or year.
	Interval string `json:"interval,omitempty"`
	// Places and Points are filled for PageFacets (see pagefacets.go).
	Places []PlaceCount `json:"places,omitempty"`
	Points []PointCount `json:"points,omitempty"`
}

// Search runs q. Problems the user can fix return an error wrapping ErrBadQuery.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	start := time.Now()
	from, to, err := q.normalize(ix.opts)
	if err != nil {
		return nil, err
	}
	key := cacheKey(q)
	cached, gen, ok := ix.cache.Get(key) // cache.go
	if ok {
		cached = cached.clone()
		cached.TookMS = float64(time.Since(start).Microseconds()) / 1000
		return cached, nil
	}
	p, hasText, refs, err := ix.plan(q, from, to)
	if err != nil {
		return nil, err
	}
	stats, err := ix.scoringStats() // bm25.go
	if err != nil {
		return nil, err
	}
	var bars *histogram
	if !q.NoFacets {
		if bars, err = ix.planFacets(p, q, from, to); err != nil {
			return nil, err
		}
	}
	out, err := ix.scan(withBM25(ctx, stats), p)
	if err != nil {
		return nil, searchError(err)
	}
	res := &Results{Query: q, Total: uint64(out.Total), Hits: make([]Hit, 0, len(out.Hits))}
	if len(out.Hits) > 0 {
		ids := make([]string, len(out.Hits))
		for i, h := range out.Hits {
			ids[i] = h.ID
		}
		docs, err := ix.pageDocs(ctx, p.Text, ids, hasText, q.Text)
		if err != nil {
			return nil, searchError(err)
		}
		for _, sh := range out.Hits {
			h, ok := docs[sh.ID]
			if !ok {
				continue
			}
			h.Score = sh.Score
			hit := toHit(h, q.Fragments, refs)
			hit.Similar = sh.Similar
			res.Hits = append(res.Hits, hit)
		}
	}
	if !q.NoFacets {
		terms := make(map[string][]FacetValue, len(out.Terms))
		for f, ts := range out.Terms {
			vals := make([]FacetValue, len(ts))
			for i, t := range ts {
				vals[i] = FacetValue{Value: t.Value, Count: t.Count}
			}
			terms[f] = vals
		}
		res.Facets = Facets{
			Locations: terms[fLoc],
			Actors:    terms[fActor],
			Sources:   terms[fSource],
			Dates:     dateFacet(bars.buckets, out.Bars),
			Interval:  bars.interval,
		}
		readPageFacets(&res.Facets, terms, q)
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	ix.cache.Put(key, gen, res.clone(), res.approxBytes())
	return res, nil
}

// searchError is err as Search returns it: a query too broad for Bleve is
// the user's to fix.
func searchError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("search: %w", err)
	}
	if strings.Contains(err.Error(), "TooManyClauses") {
		return badQuery("query expands to too many words; be more specific")
	}
	return fmt.Errorf("search: %w", err)
}

// pageFields are the stored fields a hit shows.
var pageFields = []string{fBody, fTitle, fURL, fSource, fPublished, fEntities, fCluster, fText, fLang}

// pageDocs reads the page's articles, with their stored fields and, when
// the query has words, the fragments that show them (highlight.go).
func (ix *Index) pageDocs(ctx context.Context, text query.Query, ids []string, hasText bool, qtext string) (map[string]*search.DocumentMatch, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = pageFields
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	var hl *highlights
	if hasText {
		if hl, err = newHighlights(text, ix.b.Mapping(), HighlightFields(qtext)); err != nil {
			return nil, err
		}
	}
	out := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		unpackBody(h.Fields) // body.go
		if hl != nil {
			a := scalarFields(h.ID, h.Fields)
			a.Lang = str(h.Fields, fLang)
			h.Fragments = hl.fragments(a)
		}
		out[h.ID] = h
	}
	return out, nil
}

// plan turns q into the scan's plan: the words as one Bleve query, the
// facet filters and the publication range. refs are the entities its
// free-text words name.
func (ix *Index) plan(q Query, from, to time.Time) (*scan.Plan, bool, []entityRef, error) {
	text, hasText, refs, err := ix.buildQuery(q)
	if err != nil {
		return nil, false, nil, err
	}
	p := &scan.Plan{Text: text, Mapping: ix.b.Mapping(), Page: q.Page, Size: q.Size,
		Collapse: q.Collapse == nil || *q.Collapse, Workers: ix.opts.ScanWorkers}
	switch q.Sort {
	case SortDate:
		p.Order = scan.DateAsc
	case SortDateDesc:
		p.Order = scan.DateDesc
	}
	for _, f := range []struct {
		field  string
		vals   []string
		facets []string
	}{{fLoc, q.Locations, []string{fLoc, fLocPath}}, {fActor, q.Actors, []string{fActor, fActorKind}}, {fSource, q.Sources, []string{fSource}}} {
		if len(f.vals) == 0 {
			continue
		}
		// Filters take any case: the names of the field equal to a value
		// but for case (names.go).
		dim := scan.Filter{Field: f.field, Facets: f.facets}
		for _, v := range f.vals {
			names, err := ix.foldedNames(f.field, v)
			if err != nil {
				return nil, false, nil, err
			}
			dim.Values = append(dim.Values, names...)
			if f.field == fLoc {
				// the namesake territories of the place (entities.go)
				dim.AlsoField = fEntity
				dim.Also = append(dim.Also, ix.namesakeTerms(v)...)
			}
		}
		p.Filters = append(p.Filters, dim)
	}
	if !from.IsZero() || !to.IsZero() {
		p.Dated = true
		p.Lo, p.Hi = math.MinInt64, math.MaxInt64
		if !from.IsZero() {
			p.Lo = from.UnixNano()
		}
		if !to.IsZero() {
			p.Hi = to.AddDate(0, 0, 1).UnixNano()
		}
	}
	return p, hasText, refs, nil
}

// histogram is the date bars of a search, cut once its matches are known.
type histogram struct {
	interval string
	buckets  []bucket
}

// planFacets adds the facets of q to p: the term facets and the date
// histogram, whose bars span the range asked, else the matches' dates
// (PageFacets) or the whole index's.
func (ix *Index) planFacets(p *scan.Plan, q Query, from, to time.Time) (*histogram, error) {
	fs := ix.opts.FacetSize
	if q.FacetSize > 0 {
		fs = q.FacetSize
	}
	p.Facets = map[string]int{fLoc: fs, fActor: fs, fSource: fs}
	if q.PageFacets {
		p.Facets[fLocPath] = max(pathFacetSize, fs)
		p.Facets[fLocGeo] = pointFacetSize
		p.Facets[fActorKind] = max(fs*2, 50)
	}
	lo, hi := from, to
	if !hi.IsZero() {
		hi = hi.AddDate(0, 0, 1)
	}
	fit := q.PageFacets && (lo.IsZero() || hi.IsZero())
	if !fit && (lo.IsZero() || hi.IsZero()) {
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
	h := &histogram{}
	p.Bars = func(mlo, mhi int64) []scan.Range {
		l, hh := lo, hi
		if fit {
			if mlo == 0 && mhi == 0 {
				return nil // no dated match: no bars
			}
			if l.IsZero() {
				l = time.Unix(0, mlo).UTC()
			}
			if hh.IsZero() {
				hh = time.Unix(0, mhi).UTC().Add(time.Nanosecond)
			}
		}
		if l.IsZero() || !hh.After(l) {
			return nil
		}
		h.interval, h.buckets = dateBuckets(l, hh)
		out := make([]scan.Range, len(h.buckets))
		for i, b := range h.buckets {
			out[i] = scan.Range{Start: b.start.UnixNano(), End: b.end.UnixNano()}
		}
		return out
	}
	return h, nil
}

// scan runs p on the index's current snapshot.
func (ix *Index) scan(ctx context.Context, p *scan.Plan) (*scan.Result, error) {
	snap, done, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer done()
	return ix.rows.Run(ctx, snap, p)
}

// snapshot returns the index's current scorch snapshot and its release.
func (ix *Index) snapshot() (*scorch.IndexSnapshot, func(), error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		reader.Close()
		return nil, nil, fmt.Errorf("index reader %T is not a scorch snapshot", reader)
	}
	return snap, func() { reader.Close() }, nil
}

// spanFromColumns is the earliest and latest publication time of the live
// articles, read from the scan's publication columns: a few milliseconds at
// a million articles, where asking Bleve to sort every document by date
// took seconds.
func (ix *Index) spanFromColumns() (dateSpan, error) {
	snap, done, err := ix.snapshot()
	if err != nil {
		return dateSpan{}, err
	}
	defer done()
	lo, hi, err := ix.rows.Span(snap)
	if err != nil || (lo == 0 && hi == 0) {
		return dateSpan{}, err
	}
	return dateSpan{min: time.Unix(0, lo).UTC(), max: time.Unix(0, hi).UTC()}, nil
}

// buildQuery turns the words of q into one Bleve query (nil: none), with
// its exclusions. refs are the entities its free-text words name.
func (ix *Index) buildQuery(q Query) (query.Query, bool, []entityRef, error) {
	groups, negs, err := parseQueryString(q.Text)
	if err != nil {
		return nil, false, nil, err
	}
	var must []query.Query
	var refs []entityRef
	hasText := false
	for _, g := range groups {
		var alts []query.Query
		for _, c := range g {
			cq, cr, err := ix.clauseQuery(c)
			if err != nil {
				return nil, false, nil, err
			}
			if cq != nil {
				alts = append(alts, cq)
				refs = append(refs, cr...)
			}
		}
		switch len(alts) {
		case 0:
		case 1:
			must = append(must, alts[0])
			hasText = true
		default:
			must = append(must, query.NewDisjunctionQuery(alts))
			hasText = true
		}
	}
	var nots []query.Query
	for _, c := range negs {
		cq, _, err := ix.clauseQuery(c)
		if err != nil {
			return nil, false, nil, err
		}
		if cq != nil {
			nots = append(nots, cq)
		}
	}
	if len(groups) > 0 && len(must) == 0 {
		// Only words the analyzer drops ("the", "themselves"): they are
		// not indexed, so nothing matches them (Elasticsearch's
		// zero_terms_query "none"), rather than everything.
		return query.NewMatchNoneQuery(), false, refs, nil
	}
	var base query.Query
	switch len(must) {
	case 0:
		if len(nots) == 0 {
			return nil, hasText, refs, nil
		}
		base = query.NewMatchAllQuery()
	case 1:
		base = must[0]
	default:
		base = query.NewConjunctionQuery(must)
	}
	if len(nots) == 0 {
		return base, hasText, refs, nil
	}
	return query.NewBooleanQuery([]query.Query{base}, nil, nots), hasText, refs, nil
}

// textFields are what a free-text word is looked for in, with boosts: the
// words of the article only. Place, actor and source names are searched
// with location:, actor: and source:, and a word that names a place or
// actor also finds that entity (entities.go).
var textFields = []struct {
	name  string
	boost float64
}{{fTitle, 2}, {fText, 1}}

// clauseQuery builds the query of one clause; nil when the clause is only
// stop words. refs are the entities a free-text word or phrase names.
func (ix *Index) clauseQuery(c clause) (q query.Query, refs []entityRef, err error) {
	fields := textFields
	if c.Field == "" {
		fields = append(fields[:len(fields):len(fields)], langTextFields(c.Text)...) // langfields.go
	}
	if c.Field != "" {
		fields = fields[:0:0]
		fields = append(fields, struct {
			name  string
			boost float64
		}{c.Field, 1})
	}
	if !c.Prefix && c.Fuzzy == 0 {
		refs = ix.ents.resolveClause(c.Field, c.Text) // entities.go
	}
	if !c.Phrase && !c.Prefix && c.Fuzzy == 0 && c.Field == "" && len(refs) == 0 && OnlyStopWords(c.Text) {
		return nil, nil, nil
	}
	var alts []query.Query
	if _, ok := nameFields[c.Field]; ok {
		fields = fields[:0] // names.go
		nq, err := ix.namesClause(context.Background(), c)
		if err != nil {
			return nil, nil, err
		}
		alts = append(alts, nq)
	}
	for _, f := range fields {
		var fq query.Query
		switch {
		case f.name == fLang || f.name == fDataset:
			t := query.NewTermQuery(c.Text)
			t.SetField(f.name)
			fq = t
		case c.Phrase:
			fq = newPhraseQuery(c.Text, f.name, f.boost) // phrase.go
		case c.Prefix:
			prefix := strings.ToLower(c.Text)
			n, err := ix.countPrefix(f.name, prefix)
			if err != nil {
				return nil, nil, err
			}
			if n > maxExpansions {
				return nil, nil, badQuery(fmt.Sprintf("wildcard %q matches more than %d words; add letters before the *", c.Text+"*", maxExpansions))
			}
			p := query.NewPrefixQuery(prefix)
			p.SetField(f.name)
			p.SetBoost(f.boost)
			fq = p
		case c.Fuzzy > 0:
			z := query.NewFuzzyQuery(strings.ToLower(c.Text))
			z.SetFuzziness(c.Fuzzy)
			z.SetField(f.name)
			z.SetBoost(f.boost)
			fq = z
		default:
			m := query.NewMatchQuery(c.Text)
			m.SetField(f.name)
			m.SetBoost(f.boost)
			m.SetOperator(query.MatchQueryOperatorAnd)
			fq = m
		}
		alts = append(alts, fq)
	}
	var words query.Query
	switch {
	case len(alts) == 1:
		words = alts[0]
	case len(alts) > 1:
		words = query.NewDisjunctionQuery(alts)
	}
	if len(refs) == 0 {
		return words, nil, nil
	}
	// The words and the entities they name, as two alternatives: an
	// article with both scores their sum, one with either half of it
	// (Bleve's coordination factor).
	ents := entityQueries(refs)
	if len(ents) > 1 {
		ents = []query.Query{query.NewDisjunctionQuery(ents)}
	}
	if words == nil { // only stop words, yet a name ("The Hague" minus "the")
		return ents[0], refs, nil
	}
	return query.NewDisjunctionQuery([]query.Query{words, ents[0]}), refs, nil
}

func (ix *Index) countPrefix(field, prefix string) (int, error) {
	d, err := ix.b.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return 0, fmt.Errorf("search: expand %q: %w", prefix, err)
	}
	defer d.Close()
	n := 0
	for {
		e, err := d.Next()
		if err != nil {
			return 0, fmt.Errorf("search: expand %q: %w", prefix, err)
		}
		if e == nil || n > maxExpansions {
			return n, nil
		}
		n++
	}
}

const snippetLen = 240

func toHit(h *search.DocumentMatch, fragments int, refs []entityRef) Hit {
	a := hitArticle(h.ID, h.Fields)
	score := h.Score
	if math.IsNaN(score) || math.IsInf(score, 0) {
		// Filters on fields without norms score NaN; JSON cannot carry it.
		score = 0
	}
	hit := Hit{
		ID: h.ID, Title: a.Title, URL: a.URL, Source: a.Source, Score: score,
		Locations: a.LocationNames(), Actors: a.ActorNames(), Cluster: a.Cluster,
		Highlights: map[string][]string{},
	}
	if hit.Locations == nil {
		hit.Locations = []string{}
	}
	if hit.Actors == nil {
		hit.Actors = []string{}
	}
	for _, l := range a.Locations {
		if l.Lat != nil && l.Lon != nil {
			// the whole hierarchy, as extraction gave it, without the mentions
			l.Mentions, l.Path = []string{}, nil
			hit.Places = append(hit.Places, l)
		}
	}
	if !a.Published.IsZero() {
		hit.Published = a.Published.Format(time.RFC3339)
	}
	for _, f := range []string{fTitle, fText} {
		fr := textFragments(h.Fragments, f) // langfields.go
		if len(fr) > 0 {
			if len(fr) > fragments {
				fr = fr[:fragments]
			}
			hit.Highlights[f] = fr
		}
	}
	hit.Matched = matchedEntities(a, refs) // entities.go
	if len(hit.Matched) > 0 && !marked(hit.Highlights[fText]) {
		// No word of the query is in the text: show where it names the
		// entity instead ("Київ" for a search on Kiev).
		if fr := mentionFragment(a.Text, entityMentions(str(h.Fields, fEntities), hit.Matched), snippetLen); fr != "" {
			hit.Highlights[fText] = []string{fr}
		}
	}
	if len(hit.Highlights[fText]) == 0 && a.Text != "" {
		hit.Highlights[fText] = []string{html.EscapeString(leadSnippet(a.Text, snippetLen))}
	}
	return hit
}

// Warm prepares what the first search would otherwise build: the facet
// facet rows of every segment (internal/scan) and the index's date span.
func (ix *Index) Warm(ctx context.Context) error {
	if _, err := ix.Search(ctx, Query{Size: 1, PageFacets: true}); err != nil {
		return err
	}
	_, err := ix.dateSpan()
	return err
}

// hitEntities is the part of the stored entities a hit shows: decoding
// only these (no mentions, aliases or dates) took a third of the time of
// the whole JSON, which was a quarter of a search's CPU.
type hitEntities struct {
	Locations []struct {
		Name      string   `json:"name"`
		Country   string   `json:"country"`
		Admin1    string   `json:"admin1"`
		Admin2    string   `json:"admin2"`
		Lat       *float64 `json:"lat"`
		Lon       *float64 `json:"lon"`
		GeonameID int      `json:"geonameid"`
		Approx    bool     `json:"approx"`
		Kind      string   `json:"kind"`
		Path      []string `json:"path"`
	} `json:"locations"`
	Actors []struct {
		Name string `json:"name"`
	} `json:"actors"`
}

// hitArticle is articleFromFields with only what toHit reads.
func hitArticle(id string, f map[string]any) *Article {
	a := scalarFields(id, f)
	if e := str(f, fEntities); e != "" {
		var ents hitEntities
		if decodeEntities(e, &ents) {
			a.Locations = make([]Location, len(ents.Locations))
			for i, l := range ents.Locations {
				a.Locations[i] = Location{Name: l.Name, Country: l.Country, Admin1: l.Admin1, Admin2: l.Admin2,
					Lat: l.Lat, Lon: l.Lon, GeonameID: l.GeonameID, Approx: l.Approx, Kind: l.Kind, Path: l.Path}
			}
			a.Actors = make([]Actor, len(ents.Actors))
			for i, ac := range ents.Actors {
				a.Actors[i] = Actor{Name: ac.Name}
			}
		}
	}
	return a
}

// leadSnippet cuts s to about n bytes at a word boundary.
func leadSnippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return s[:cut] + "…"
}

type bucket struct {
	name       string
	start, end time.Time
}

// dateBuckets splits [lo, hi) into bars whose size fits the span: days up
// to two months, weeks up to a year, months up to ten years, else years.
func dateBuckets(lo, hi time.Time) (string, []bucket) {
	lo, hi = lo.UTC(), hi.UTC()
	days := hi.Sub(lo).Hours() / 24
	var interval string
	var first time.Time
	var next func(time.Time) time.Time
	switch {
	case days <= 62:
		interval = "day"
		first = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	case days <= 400:
		interval = "week"
		d := time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
		wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
		first = d.AddDate(0, 0, -wd)
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case days <= 3660:
		interval = "month"
		first = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
		next = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	default:
		interval = "year"
		first = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		next = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	var out []bucket
	for t := first; t.Before(hi) && len(out) < 500; t = next(t) {
		out = append(out, bucket{name: t.Format(time.DateOnly), start: t, end: next(t)})
	}
	return interval, out
}

func dateFacet(buckets []bucket, counts []int) []DateBucket {
	out := make([]DateBucket, 0, len(buckets))
	for i, b := range buckets {
		out = append(out, DateBucket{Start: b.start.Format(time.DateOnly), End: b.end.Format(time.DateOnly), Count: counts[i]})
	}
	return out
}

// dateSpan returns the earliest and latest publication dates, cached until
// the next write.
func (ix *Index) dateSpan() (dateSpan, error) {
	ix.mu.Lock()
	if ix.spanGood {
		s := ix.span
		ix.mu.Unlock()
		return s, nil
	}
	ix.mu.Unlock()
	span, err := ix.spanFromColumns()
	if err != nil {
		return span, fmt.Errorf("search: date span: %w", err)
	}
	ix.mu.Lock()
	ix.span, ix.spanGood = span, true
	ix.mu.Unlock()
	return span, nil
}
