package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/sitrep/sitrep/index/internal/schema"
)

// Engine is what the commands, the ingest pipeline and the server use of an
// index, whichever engine stores it: the embedded Bleve index (*Index) or
// an OpenSearch cluster (index/internal/opensearch, opened by
// index/engines). Both take the same Query and give the same Results.
type Engine interface {
	Search(ctx context.Context, q Query) (*Results, error)
	Get(ctx context.Context, id string) (*Article, error)
	Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
	Count() (uint64, error)
	Stats(ctx context.Context, top int) (*Stats, error)
	// Warm prepares what the first search would otherwise build.
	Warm(ctx context.Context) error
	// Apply writes articles (by id: writing one again replaces it) and
	// deletions.
	Apply(ctx context.Context, put []*Article, del []string) error
	// Hashes returns the ContentHash of each of ids that is stored.
	Hashes(ctx context.Context, ids []string) (map[string]string, error)
	// Delete removes articles by id and returns how many existed.
	Delete(ctx context.Context, ids []string) (int, error)
	// AssignClusters sets the Cluster of articles that are near-duplicates
	// of stored ones or of each other.
	AssignClusters(ctx context.Context, arts []*Article) (int, error)
	ReadOnly() bool
	// Path names the index for people: a folder or a cluster's index.
	Path() string
	Close() error
}

var _ Engine = (*Index)(nil)

// What follows lends the query language, the document fields and the hit
// building of this package to the other engines, so that an article is
// stored, a query read and a hit shown the same way whichever engine holds
// the index.

// NormalizeQuery validates q in place and fills its defaults as Search
// does; from and to are the date bounds (zero: none). Errors wrap
// ErrBadQuery.
func NormalizeQuery(q *Query, opts Options) (from, to time.Time, err error) {
	opts.defaults()
	return q.normalize(opts)
}

// Clause is one element of a parsed query string.
type Clause struct {
	// Field is the document field a field: clause names ("" for free text).
	Field  string
	Text   string
	Phrase bool
	Prefix bool // word*
	Fuzzy  int  // word~N
}

// ParseQueryText splits a query string into AND-ed groups of OR-ed
// clauses and the excluded clauses, with the bounds Search applies.
func ParseQueryText(s string) (groups [][]Clause, neg []Clause, err error) {
	gs, ns, err := parseQueryString(s)
	if err != nil {
		return nil, nil, err
	}
	conv := func(c clause) Clause {
		return Clause{Field: c.Field, Text: c.Text, Phrase: c.Phrase, Prefix: c.Prefix, Fuzzy: c.Fuzzy}
	}
	for _, g := range gs {
		var out []Clause
		for _, c := range g {
			out = append(out, conv(c))
		}
		groups = append(groups, out)
	}
	for _, c := range ns {
		neg = append(neg, conv(c))
	}
	return groups, neg, nil
}

// Query-language limits other engines apply the same way.
const (
	// MaxPrefixExpansions is the number of words a prefix* may stand for.
	MaxPrefixExpansions = maxExpansions
	// EntityBoost weighs a match on the entity field against the words.
	EntityBoost = entityBoost
	// SnippetLen is the length of the lead snippet of a hit without
	// highlights.
	SnippetLen = snippetLen
)

// Field names that queries of other engines name.
const (
	FieldTitle     = fTitle
	FieldText      = fText
	FieldID        = "id" // the article id as a field, for engines that sort on it
	FieldSource    = fSource
	FieldSourceCI  = fSourceCI
	FieldLoc       = fLoc
	FieldLocCI     = fLocCI
	FieldActor     = fActor
	FieldActorCI   = fActorCI
	FieldPublished = fPublished
	FieldLang      = fLang
	FieldDataset   = fDataset
	FieldCluster   = fCluster
	FieldHash      = fHash
	FieldEntity    = fEntity
	FieldEntities  = fEntities
	FieldGroup     = fGroup
	FieldSimBand   = fSimBand
	FieldSimHash   = fSimHash
	FieldLocPath   = fLocPath
	FieldLocGeo    = fLocGeo
	FieldActorKind = fActorKind
	// PathFacetSize, PointFacetSize: sizes of the page facets.
	PathFacetSize  = pathFacetSize
	PointFacetSize = pointFacetSize
)

// FieldBoost is a field a free-text word is looked for in, with its weight.
type FieldBoost struct {
	Name  string
	Boost float64
}

// TextFields are the fields a free-text word is looked for in: title and
// text, and the per-language fields its script calls for.
func TextFields(word string) []FieldBoost {
	var out []FieldBoost
	for _, f := range textFields {
		out = append(out, FieldBoost{f.name, f.boost})
	}
	for _, f := range langTextFields(word) {
		out = append(out, FieldBoost{f.name, f.boost})
	}
	return out
}

// HighlightFields are the fields whose fragments a hit may show for text.
func HighlightFields(text string) []string {
	out := []string{fTitle, fText}
	for _, l := range queryLangs(text) {
		out = append(out, langField(fTitle, l), langField(fText, l))
	}
	return out
}

// LangAnalyzed are the per-language fields with the language of each.
func LangAnalyzed() map[string]string {
	out := map[string]string{}
	for l := range langAnalyzers {
		out[langField(fTitle, l)] = l
		out[langField(fText, l)] = l
	}
	return out
}

var (
	enOnce sync.Once
	enAn   analysis.Analyzer
)

// OnlyStopWords reports whether s is made only of English stop words,
// which a search ignores.
func OnlyStopWords(s string) bool {
	enOnce.Do(func() {
		a, err := registry.NewCache().AnalyzerNamed(schema.English)
		if err == nil {
			enAn = a
		}
	})
	if enAn == nil {
		return false
	}
	return len(enAn.Analyze([]byte(s))) == 0
}

// EntityRef is a place or actor that a word or phrase of a query names.
type EntityRef = entityRef

// EntityResolver reads what query words name, remembering the answers.
type EntityResolver struct{ r entityResolver }

// NewEntityResolver reads with fn (nil: words name nothing).
func NewEntityResolver(fn EntityFunc) *EntityResolver {
	return &EntityResolver{r: entityResolver{fn: fn}}
}

// Resolve returns the entities that text, as a whole, names.
func (e *EntityResolver) Resolve(text string) []EntityRef { return e.r.resolve(text) }

// ResolveClause returns the entities a clause names: any place or actor
// for free text (field ""), the actors for actor:, the places for
// location:.
func (e *EntityResolver) ResolveClause(field, text string) []EntityRef {
	return e.r.resolveClause(field, text)
}

// Territories returns the territories named after the place a location
// filter value names ("Gaza Strip" for Gaza): the filter also selects the
// articles naming them (entities.go).
func (e *EntityResolver) Territories(value string) []string { return e.r.territories(value) }

// EntityTerm is the term of the entity field for a place or actor.
func EntityTerm(kind, name string) string { return entityTerm(kind, name) }

// Document is the stored form of an article: the fields, by name, of the
// embedded index's documents, which other engines map field by field.
func Document(a *Article) map[string]any {
	d := toDoc(a)
	delete(d, "_type")
	// What the embedded index keeps elsewhere: the band terms (in memory,
	// collapse.go), the names as text and lower-cased (matched in the
	// names' dictionaries, names.go), the dates spoken of and the geo
	// point (in the stored entities).
	d[FieldSimBand] = fingerprintOf(a).Bands()
	delete(d, fActorAlias)
	if a.Source != "" {
		d[fSourceTxt] = a.Source
		d[fSourceCI] = a.Source
	}
	if locs := a.LocationNames(); len(locs) > 0 {
		d[fLocTxt] = locs
		d[fLocCI] = locs
	}
	if acts := a.ActorNames(); len(acts) > 0 {
		d[fActorCI] = acts
		d[fActorTxt] = append(acts, actorAliases(a)...)
	}
	if len(a.Dates) > 0 {
		ds := make([]string, 0, len(a.Dates))
		for _, x := range a.Dates {
			ds = append(ds, x.Date)
		}
		d[fDates] = ds
	}
	if a.Geo != nil {
		d[fGeo] = map[string]any{"lat": a.Geo.Lat, "lon": a.Geo.Lon}
	}
	d[FieldID] = a.ID
	return d
}

// ArticleOf reads an article back from a stored document.
func ArticleOf(id string, doc map[string]any) *Article { return articleFromFields(id, doc) }

// HitOf builds a result hit from a stored document and the highlighted
// fragments of its fields (HTML-escaped text with only <mark> added), as
// Search does: the fragments of a per-language field stand in for its base
// field, a hit matched through an entity shows where the text names it,
// and a hit without fragments shows the lead of its text.
func HitOf(id string, score float64, doc map[string]any, fragments map[string][]string, n int, refs []EntityRef) Hit {
	if n <= 0 {
		n = 2
	}
	return toHit(&search.DocumentMatch{ID: id, Score: score, Fields: doc, Fragments: fragments}, n, refs)
}

// SortFacet orders facet values as Search does: most frequent first, then
// by value.
func SortFacet(vals []FacetValue) []FacetValue {
	return sortFacet(append([]FacetValue{}, vals...))
}

// ReadPageFacets fills the page facets of f (place hierarchy, map points,
// actor kinds) from the term counts of the packed page-facet fields.
func ReadPageFacets(f *Facets, counts map[string][]FacetValue, q Query) {
	sorted := make(map[string][]FacetValue, len(counts))
	for field, vals := range counts {
		sorted[field] = SortFacet(vals)
	}
	readPageFacets(f, sorted, q)
}

// MatchesSuggestPrefix reports whether a name starts with prefix (lower
// case) at its start or at a later word, as Suggest matches.
func MatchesSuggestPrefix(name, prefix string) bool { return matchesPrefix(name, prefix) }

// RankSuggestions orders suggestions as every engine shows them: names
// that start with prefix (lower case) first, then by count, then by name;
// it keeps at most limit.
func RankSuggestions(out []Suggestion, prefix string, limit int) []Suggestion {
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := strings.HasPrefix(strings.ToLower(out[i].Value), prefix), strings.HasPrefix(strings.ToLower(out[j].Value), prefix)
		if pi != pj {
			return pi
		}
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// DeleteExisting deletes from eng those of ids that it holds, and returns
// how many they were: the delete of every engine.
func DeleteExisting(ctx context.Context, eng interface {
	Hashes(ctx context.Context, ids []string) (map[string]string, error)
	Apply(ctx context.Context, put []*Article, del []string) error
}, ids []string) (int, error) {
	have, err := eng.Hashes(ctx, ids)
	if err != nil {
		return 0, err
	}
	var del []string
	for _, id := range ids {
		if _, ok := have[id]; ok {
			del = append(del, id)
			delete(have, id)
		}
	}
	return len(del), eng.Apply(ctx, nil, del)
}

// EnglishStopWords is the stop list of the English analyzer, which other
// engines' analyzers use so that the same words are ignored.
func EnglishStopWords() []string { return schema.EnglishStopWords() }

// AnalyzeLang returns the terms the per-language field of lang ("uk",
// "ru", "ar") indexes for text, in order: what another engine's analyzer
// of that language must give too.
func AnalyzeLang(lang, text string) ([]string, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	an := m.AnalyzerNamed(langAnalyzers[lang])
	if an == nil {
		return nil, fmt.Errorf("no analyzer for language %q", lang)
	}
	var out []string
	for _, t := range an.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out, nil
}
