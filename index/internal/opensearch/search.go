package opensearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
)

type obj = map[string]any

// searchResponse is the part of a search answer sitrep reads.
type searchResponse struct {
	Hits struct {
		Total struct {
			Value uint64 `json:"value"`
		} `json:"total"`
		Hits []struct {
			ID        string              `json:"_id"`
			Score     *float64            `json:"_score"`
			Source    map[string]any      `json:"_source"`
			Highlight map[string][]string `json:"highlight"`
			InnerHits map[string]struct {
				Hits struct {
					Total struct {
						Value int `json:"value"`
					} `json:"total"`
				} `json:"hits"`
			} `json:"inner_hits"`
		} `json:"hits"`
	} `json:"hits"`
	Aggs map[string]json.RawMessage `json:"aggregations"`
}

type bucketsAgg struct {
	Buckets []struct {
		Key      any    `json:"key"`
		DocCount int    `json:"doc_count"`
		KeyStr   string `json:"key_as_string"`
	} `json:"buckets"`
}

// agg is the result of the aggregation name, looking through the filter
// aggregation that built.facetAgg may have wrapped it in.
func (r *searchResponse) agg(name string) (json.RawMessage, bool) {
	raw, ok := r.Aggs[name]
	if !ok {
		return nil, false
	}
	var wrapped struct {
		V json.RawMessage `json:"v"`
	}
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.V != nil {
		return wrapped.V, true
	}
	return raw, true
}

// terms reads a terms aggregation as facet values, in the facets' order.
func (r *searchResponse) terms(name string) []index.FacetValue {
	var b bucketsAgg
	out := []index.FacetValue{}
	if raw, ok := r.agg(name); !ok || json.Unmarshal(raw, &b) != nil {
		return out
	}
	for _, x := range b.Buckets {
		if s, ok := x.Key.(string); ok {
			out = append(out, index.FacetValue{Value: s, Count: x.DocCount})
		}
	}
	return index.SortFacet(out)
}

// span reads the "lo" and "hi" (min, max of published) aggregations.
func (r *searchResponse) span() (lo, hi time.Time, ok bool) {
	read := func(name string) (time.Time, bool) {
		var v struct {
			Value *float64 `json:"value"`
		}
		if raw, found := r.Aggs[name]; !found || json.Unmarshal(raw, &v) != nil || v.Value == nil {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(*v.Value)).UTC(), true
	}
	lo, ok1 := read("lo")
	hi, ok2 := read("hi")
	return lo, hi, ok1 && ok2
}

// termsAgg counts the values of a keyword field. Each shard returns more
// than the size asked for, so that the merged top values and their counts
// are exact unless a field has very many values.
func termsAgg(field string, size int) obj {
	return obj{"terms": obj{"field": field, "size": size, "shard_size": max(size*5, 500),
		"order": []any{obj{"_count": "desc"}, obj{"_key": "asc"}}}}
}

// Placeholders the cluster puts around highlighted words; the fragments
// are then HTML-escaped and the placeholders become <mark> and </mark>.
const (
	markOpen  = "\ue000"
	markClose = "\ue001"
)

// built is a query in the cluster's DSL with what Search needs besides.
type built struct {
	// query is the words, the exclusions and the date range: what the
	// hits and every facet count are drawn from.
	query obj
	// facets are the location, actor and source filters. They go into
	// the request's post_filter, which narrows the hits (and the total)
	// without touching the aggregations: each facet aggregation applies
	// the other facets' filters itself ("disjunctive" facets, as the
	// embedded engine counts them, index/run.go). Filters do not score,
	// so the hits' scores are those of the words alone either way.
	facets  []facetFilter
	text    obj // the query-string part alone, for highlighting
	hasText bool
	refs    []index.EntityRef
}

// facetFilter is the filter on one facet: an article passes when it has
// one of the values.
type facetFilter struct {
	facet  string // facetLocation, facetActor or facetSource
	clause obj
}

// The filtered facets, and the aggregations each one's filter leaves out:
// the counts of a filtered facet's values say what choosing one more value
// of it would add, so they apply every filter but its own. The place
// hierarchy belongs to the location facet and the actor kinds to the actor
// facet; the map points, the date bars and everything else count the
// matches, which pass every filter.
const (
	facetLocation = "location"
	facetActor    = "actor"
	facetSource   = "source"
)

var facetOfAgg = map[string]string{
	index.FieldLoc:       facetLocation,
	index.FieldLocPath:   facetLocation,
	index.FieldActor:     facetActor,
	index.FieldActorKind: facetActor,
	index.FieldSource:    facetSource,
}

// filtersBut is the facet filters other than facet's as one filter; nil
// when there are none.
func (b *built) filtersBut(facet string) obj {
	var fs []any
	for _, f := range b.facets {
		if f.facet != facet {
			fs = append(fs, f.clause)
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return obj{"bool": obj{"filter": fs}}
}

// matches is the query of the articles that pass every filter: the hits.
func (b *built) matches() obj {
	all := b.filtersBut("")
	if all == nil {
		return b.query
	}
	return obj{"bool": obj{"must": []any{b.query}, "filter": []any{all}}}
}

// facetAgg is the aggregation agg, named name, over the articles that
// pass the filters that apply to it: wrapped in a filter aggregation,
// whose own result holds agg's as "v" (read by searchResponse.agg).
func (b *built) facetAgg(name string, agg obj) obj {
	f := b.filtersBut(facetOfAgg[name]) // "" for the aggregations of no facet: every filter
	if f == nil {
		return agg
	}
	return obj{"filter": f, "aggs": obj{"v": agg}}
}

// buildQuery translates q: the query string's groups (AND) of clauses
// (OR), the location/actor/source filters (values of one facet OR-ed,
// matched without case), the date range and the excluded clauses.
func (e *Engine) buildQuery(q index.Query, from, to time.Time) (*built, error) {
	groups, negs, err := index.ParseQueryText(q.Text)
	if err != nil {
		return nil, err
	}
	b := &built{}
	var must, filter, not []any
	for _, g := range groups {
		var alts []any
		for _, c := range g {
			cq, refs := e.clauseQuery(c)
			if cq != nil {
				alts = append(alts, cq)
				b.refs = append(b.refs, refs...)
			}
		}
		switch len(alts) {
		case 0:
		case 1:
			must = append(must, alts[0])
		default:
			must = append(must, obj{"bool": obj{"should": alts, "minimum_should_match": 1}})
		}
	}
	b.hasText = len(must) > 0
	if len(groups) > 0 && len(must) == 0 {
		// Only words the analyzer drops: nothing matches, as on the
		// embedded engine.
		must = append(must, obj{"match_none": obj{}})
	}
	for _, f := range []struct {
		facet string
		field string
		vals  []string
	}{{facetLocation, index.FieldLocCI, q.Locations}, {facetActor, index.FieldActorCI, q.Actors}, {facetSource, index.FieldSourceCI, q.Sources}} {
		if len(f.vals) == 0 {
			continue
		}
		vals := make([]string, len(f.vals))
		var ents []string
		for i, v := range f.vals {
			vals[i] = strings.ToLower(v)
			if f.field == index.FieldLocCI {
				// A place's namesake territories (Gaza Strip for Gaza), as
				// the embedded index filters.
				for _, t := range e.ents.Territories(v) {
					ents = append(ents, index.EntityTerm(index.EntityLocation, t))
				}
			}
		}
		clause := obj{"terms": obj{f.field: vals}}
		if len(ents) > 0 {
			clause = obj{"bool": obj{"should": []any{clause, obj{"terms": obj{index.FieldEntity: ents}}}, "minimum_should_match": 1}}
		}
		b.facets = append(b.facets, facetFilter{facet: f.facet, clause: clause})
	}
	if !from.IsZero() || !to.IsZero() {
		r := obj{}
		if !from.IsZero() {
			r["gte"] = from.UTC().Format(time.RFC3339)
		}
		if !to.IsZero() {
			r["lt"] = to.AddDate(0, 0, 1).UTC().Format(time.RFC3339)
		}
		filter = append(filter, obj{"range": obj{index.FieldPublished: r}})
	}
	for _, c := range negs {
		if cq, _ := e.clauseQuery(c); cq != nil {
			not = append(not, cq)
		}
	}
	bq := obj{}
	if len(must) > 0 {
		bq["must"] = must
		b.text = obj{"bool": obj{"must": must}}
	} else if len(filter) == 0 && len(b.facets) == 0 || len(not) > 0 {
		// Every article (but the excluded), scored 1 as the embedded
		// engine scores a search without words, filters or dates.
		bq["must"] = []any{obj{"match_all": obj{}}}
	} else if len(filter) == 0 {
		// Filters alone: every hit scores 0, as on the embedded engine
		// (the facet filters, in the post_filter, do not score).
		filter = append(filter, obj{"match_all": obj{}})
	}
	if len(filter) > 0 {
		bq["filter"] = filter
	}
	if len(not) > 0 {
		bq["must_not"] = not
	}
	b.query = obj{"bool": bq}
	return b, nil
}

// clauseQuery is the query of one clause, as the embedded index builds it;
// nil when the clause is only stop words.
func (e *Engine) clauseQuery(c index.Clause) (obj, []index.EntityRef) {
	var fields []index.FieldBoost
	if c.Field != "" {
		fields = []index.FieldBoost{{Name: c.Field, Boost: 1}}
	} else {
		fields = index.TextFields(c.Text)
	}
	var refs []index.EntityRef
	if !c.Prefix && c.Fuzzy == 0 {
		refs = e.ents.ResolveClause(c.Field, c.Text)
	}
	if !c.Phrase && !c.Prefix && c.Fuzzy == 0 && c.Field == "" && len(refs) == 0 && index.OnlyStopWords(c.Text) {
		return nil, nil
	}
	var alts []any
	for _, f := range fields {
		var fq obj
		switch {
		case f.Name == index.FieldLang || f.Name == index.FieldDataset:
			fq = obj{"term": obj{f.Name: c.Text}}
		case c.Phrase:
			fq = obj{"match_phrase": obj{f.Name: obj{"query": c.Text, "boost": f.Boost}}}
		case c.Prefix:
			fq = obj{"prefix": obj{f.Name: obj{"value": strings.ToLower(c.Text), "boost": f.Boost}}}
		case c.Fuzzy > 0:
			fq = obj{"fuzzy": obj{f.Name: obj{"value": strings.ToLower(c.Text), "fuzziness": c.Fuzzy,
				"transpositions": false, "prefix_length": 0, "max_expansions": index.MaxPrefixExpansions, "boost": f.Boost}}}
		default:
			fq = obj{"match": obj{f.Name: obj{"query": c.Text, "operator": "and", "boost": f.Boost}}}
		}
		alts = append(alts, fq)
	}
	var words obj
	switch {
	case len(alts) == 1:
		words = alts[0].(obj)
	case len(alts) > 1:
		words = obj{"bool": obj{"should": alts, "minimum_should_match": 1}}
	}
	if len(refs) == 0 {
		return words, nil
	}
	// The words and the entities they name, as alternatives: an article
	// with both scores their sum.
	var ents []any
	for _, r := range refs {
		ents = append(ents, obj{"term": obj{index.FieldEntity: obj{"value": index.EntityTerm(r.Kind, r.Name), "boost": index.EntityBoost}}})
	}
	should := ents
	if words != nil && !index.OnlyStopWords(c.Text) {
		should = append([]any{words}, ents...)
	}
	return obj{"bool": obj{"should": should, "minimum_should_match": 1}}, refs
}

// sortOf is the order of q's hits: relevance, then newest, then id; or
// by date, undated last, then id.
func sortOf(q index.Query) []any {
	pub := func(order string) obj {
		return obj{index.FieldPublished: obj{"order": order, "missing": "_last"}}
	}
	id := obj{index.FieldID: "asc"}
	switch q.Sort {
	case index.SortDate:
		return []any{pub("asc"), id}
	case index.SortDateDesc:
		return []any{pub("desc"), id}
	default:
		return []any{obj{"_score": "desc"}, pub("desc"), id}
	}
}

// dateSpan returns the earliest and latest publication dates of the
// articles that match query (nil: of every article).
func (e *Engine) dateSpan(ctx context.Context, query obj) (lo, hi time.Time, err error) {
	if query == nil {
		e.mu.Lock()
		if e.spanGood && time.Since(e.spanAt) < spanTTL {
			lo, hi = e.span[0], e.span[1]
			e.mu.Unlock()
			return lo, hi, nil
		}
		e.mu.Unlock()
	}
	body := obj{"size": 0, "aggs": obj{
		"lo": obj{"min": obj{"field": index.FieldPublished}},
		"hi": obj{"max": obj{"field": index.FieldPublished}},
	}}
	if query != nil {
		body["query"] = query
	}
	var res searchResponse
	if _, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search", body, &res); err != nil {
		return lo, hi, fmt.Errorf("opensearch: date span: %w", err)
	}
	lo, hi, _ = res.span()
	if query == nil {
		e.mu.Lock()
		e.span, e.spanAt, e.spanGood = [2]time.Time{lo, hi}, time.Now(), true
		e.mu.Unlock()
	}
	return lo, hi, nil
}

// Search runs q on the cluster. Problems the user can fix return an error
// wrapping index.ErrBadQuery.
func (e *Engine) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	start := time.Now()
	from, to, err := index.NormalizeQuery(&q, e.opts)
	if err != nil {
		return nil, err
	}
	b, err := e.buildQuery(q, from, to)
	if err != nil {
		return nil, err
	}
	body := obj{
		"query":            b.query,
		"from":             (q.Page - 1) * q.Size,
		"size":             q.Size,
		"track_total_hits": true,
		"track_scores":     true,
		"sort":             sortOf(q),
		"_source":          []string{index.FieldTitle, "url", index.FieldSource, index.FieldPublished, index.FieldEntities, index.FieldCluster, index.FieldText},
	}
	if b.hasText {
		fields := obj{}
		for _, f := range index.HighlightFields(q.Text) {
			if f == index.FieldTitle || strings.HasPrefix(f, index.FieldTitle+"_") {
				fields[f] = obj{"number_of_fragments": 0}
			} else {
				fields[f] = obj{"fragment_size": 200, "number_of_fragments": q.Fragments}
			}
		}
		body["highlight"] = obj{"pre_tags": []string{markOpen}, "post_tags": []string{markClose},
			"type": "unified", "fields": fields, "highlight_query": b.text}
	}
	if f := b.filtersBut(""); f != nil {
		body["post_filter"] = f
	}
	collapse := q.Collapse == nil || *q.Collapse
	if collapse {
		body["collapse"] = obj{"field": index.FieldGroup, "inner_hits": obj{"name": "similar", "size": 0}}
	}
	var buckets []index.DateBar
	var interval string
	if !q.NoFacets {
		fs := e.opts.FacetSize
		if q.FacetSize > 0 {
			fs = q.FacetSize
		}
		sizes := map[string]int{index.FieldLoc: fs, index.FieldActor: fs, index.FieldSource: fs}
		if q.PageFacets {
			sizes[index.FieldLocPath] = max(index.PathFacetSize, fs)
			sizes[index.FieldLocGeo] = index.PointFacetSize
			sizes[index.FieldActorKind] = max(fs*2, 50)
		}
		aggs := obj{}
		for field, size := range sizes {
			aggs[field] = b.facetAgg(field, termsAgg(field, size))
		}
		lo, hi := from, to
		if !hi.IsZero() {
			hi = hi.AddDate(0, 0, 1)
		}
		fitted := false
		if q.PageFacets && (lo.IsZero() || hi.IsZero()) {
			mlo, mhi, err := e.dateSpan(ctx, b.matches())
			if err != nil {
				return nil, err
			}
			fitted = true
			if lo.IsZero() {
				lo = mlo
			}
			if hi.IsZero() && !mhi.IsZero() {
				hi = mhi.Add(time.Millisecond)
			}
		}
		if !fitted && (lo.IsZero() || hi.IsZero()) {
			slo, shi, err := e.dateSpan(ctx, nil)
			if err != nil {
				return nil, err
			}
			if lo.IsZero() {
				lo = slo
			}
			if hi.IsZero() && !shi.IsZero() {
				hi = shi.Add(time.Millisecond)
			}
		}
		if !lo.IsZero() && hi.After(lo) {
			interval, buckets = index.DateBars(lo, hi)
			var ranges []any
			for _, bar := range buckets {
				ranges = append(ranges, obj{"key": bar.Start.Format(time.DateOnly), "from": bar.Start.UnixMilli(), "to": bar.End.UnixMilli()})
			}
			aggs["dates"] = b.facetAgg("dates", obj{"date_range": obj{"field": index.FieldPublished, "ranges": ranges}})
		}
		body["aggs"] = aggs
	}
	var res searchResponse
	// A search that some shard could not answer fails rather than count
	// part of the index.
	status, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search?allow_partial_search_results=false", body, &res)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("search: %w", err)
		}
		if status == http.StatusBadRequest && (strings.Contains(err.Error(), "too_many_clauses") || strings.Contains(err.Error(), "TooManyClauses") ||
			strings.Contains(err.Error(), "too_many_nested_clauses")) {
			return nil, &index.QueryError{Msg: "query expands to too many words; be more specific"}
		}
		return nil, fmt.Errorf("opensearch search: %w", err)
	}
	out := &index.Results{Query: q, Total: res.Hits.Total.Value, Hits: make([]index.Hit, 0, len(res.Hits.Hits))}
	for _, h := range res.Hits.Hits {
		score := 0.0
		if h.Score != nil {
			score = *h.Score
		}
		frags := map[string][]string{}
		for f, frs := range h.Highlight {
			for _, fr := range frs {
				frags[f] = append(frags[f], markFragment(fr))
			}
		}
		hit := index.HitOf(h.ID, score, h.Source, frags, q.Fragments, b.refs)
		if _, ok := hit.Highlights[index.FieldTitle]; !ok && b.hasText && hit.Title != "" {
			// The embedded index's highlighter gives a field without a
			// match its beginning: the whole title.
			hit.Highlights[index.FieldTitle] = []string{html.EscapeString(hit.Title)}
		}
		if ih, ok := h.InnerHits["similar"]; ok && ih.Hits.Total.Value > 1 {
			hit.Similar = ih.Hits.Total.Value - 1
		}
		out.Hits = append(out.Hits, hit)
	}
	if !q.NoFacets {
		out.Facets = index.Facets{
			Locations: res.terms(index.FieldLoc),
			Actors:    res.terms(index.FieldActor),
			Sources:   res.terms(index.FieldSource),
			Dates:     res.dates(buckets),
			Interval:  interval,
		}
		if q.PageFacets {
			index.ReadPageFacets(&out.Facets, map[string][]index.FacetValue{
				index.FieldLocPath:   res.terms(index.FieldLocPath),
				index.FieldLocGeo:    res.terms(index.FieldLocGeo),
				index.FieldActorKind: res.terms(index.FieldActorKind),
			}, q)
		}
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// dates reads the date_range aggregation as the bars of buckets.
func (r *searchResponse) dates(buckets []index.DateBar) []index.DateBucket {
	out := make([]index.DateBucket, 0, len(buckets))
	counts := map[string]int{}
	var b bucketsAgg
	if raw, ok := r.agg("dates"); ok && json.Unmarshal(raw, &b) == nil {
		for _, x := range b.Buckets {
			if k, ok := x.Key.(string); ok {
				counts[k] = x.DocCount
			}
		}
	}
	for _, bar := range buckets {
		k := bar.Start.Format(time.DateOnly)
		out = append(out, index.DateBucket{Start: k, End: bar.End.Format(time.DateOnly), Count: counts[k]})
	}
	return out
}

// markFragment turns a fragment with placeholder marks into HTML-escaped
// text with only <mark> and </mark>, one pair per word as the embedded
// index marks a phrase.
func markFragment(fr string) string {
	var sb strings.Builder
	for {
		i := strings.Index(fr, markOpen)
		if i < 0 {
			break
		}
		j := strings.Index(fr[i:], markClose)
		if j < 0 {
			break
		}
		j += i
		sb.WriteString(html.EscapeString(strip(fr[:i])))
		words := strings.Fields(strip(fr[i+len(markOpen) : j]))
		for k, w := range words {
			if k > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString("<mark>" + html.EscapeString(w) + "</mark>")
		}
		fr = fr[j+len(markClose):]
	}
	sb.WriteString(html.EscapeString(strip(fr)))
	return sb.String()
}

func strip(s string) string {
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}
