package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlfmt "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index/internal/schema"
)

// Highlights. The index keeps positions but not offsets
// (internal/schema/positions.go), so the fragments of a page's hits are
// made from their stored text: each highlighted field is analysed again,
// the words the query's clauses match are found in it (a phrase's words
// only where they make the phrase), and Bleve's HTML highlighter cuts and
// marks the fragments from those locations, as it does from term vectors.

// fieldMarks is what the query marks in one field.
type fieldMarks struct {
	an       analysis.Analyzer
	terms    map[string]bool
	phrases  []markPhrase
	prefixes []string
	fuzzy    []markFuzzy
}

type markPhrase struct {
	words  [][]byte
	offset []int // place of each word after the first
}

type markFuzzy struct {
	term []rune
	max  int
}

// highlights are the marks of a query, per field.
type highlights struct {
	fields map[string]*fieldMarks
	hl     highlight.Highlighter
}

// newHighlights collects the marks of q's clauses in fields (excluded
// clauses mark nothing).
func newHighlights(q query.Query, m mapping.IndexMapping, fields []string) (*highlights, error) {
	hl, err := bleve.Config.Cache.HighlighterNamed(htmlfmt.Name)
	if err != nil {
		return nil, err
	}
	h := &highlights{fields: map[string]*fieldMarks{}, hl: hl}
	want := map[string]bool{}
	for _, f := range fields {
		want[f] = true
	}
	marks := func(field string) *fieldMarks {
		if !want[field] {
			return nil
		}
		fm := h.fields[field]
		if fm == nil {
			an := schema.BaseAnalyzer(m, field)
			if an == nil {
				return nil
			}
			fm = &fieldMarks{an: an, terms: map[string]bool{}}
			h.fields[field] = fm
		}
		return fm
	}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *query.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				walk(c)
			}
		case *query.BooleanQuery:
			walk(q.Must)
			walk(q.Should)
		case *query.MatchQuery:
			if fm := marks(q.FieldVal); fm != nil {
				for _, t := range fm.an.Analyze([]byte(q.Match)) {
					fm.terms[string(t.Term)] = true
				}
			}
		case *query.TermQuery:
			if fm := marks(q.FieldVal); fm != nil {
				fm.terms[q.Term] = true
			}
		case *phraseQuery:
			if fm := marks(q.field); fm != nil {
				ts := fm.an.Analyze([]byte(q.text))
				switch {
				case len(ts) == 1:
					fm.terms[string(ts[0].Term)] = true
				case len(ts) > 1:
					var p markPhrase
					for _, t := range ts {
						p.words = append(p.words, t.Term)
						p.offset = append(p.offset, t.Position-ts[0].Position)
					}
					fm.phrases = append(fm.phrases, p)
				}
			}
		case *query.PrefixQuery:
			if fm := marks(q.FieldVal); fm != nil {
				fm.prefixes = append(fm.prefixes, q.Prefix)
			}
		case *query.FuzzyQuery:
			if fm := marks(q.FieldVal); fm != nil {
				fm.fuzzy = append(fm.fuzzy, markFuzzy{term: []rune(q.Term), max: q.Fuzziness})
			}
		}
	}
	for _, f := range fields {
		marks(f) // a field without marks still shows its first fragment
	}
	if q != nil {
		walk(q)
	}
	return h, nil
}

// fragments returns the best fragment of each field of h that a's text
// has (the per-language fields only for an article in that language), as
// Bleve's highlighter returns them: HTML-escaped, words in <mark>.
func (h *highlights) fragments(a *Article) search.FieldFragmentMap {
	out := search.FieldFragmentMap{}
	for field, fm := range h.fields {
		var value string
		switch base, lang, _ := strings.Cut(field, "_"); {
		case lang != "" && lang != a.Lang:
			continue
		case base == fTitle:
			value = a.Title
		case base == fText:
			value = a.Text
		default:
			continue
		}
		dm := &search.DocumentMatch{ID: a.ID, Locations: search.FieldTermLocationMap{field: fm.locate([]byte(value))}}
		doc := document.NewDocument(a.ID)
		doc.AddField(document.NewTextField(field, nil, []byte(value)))
		if fr := h.hl.BestFragmentsInField(dm, doc, field, 1); len(fr) > 0 {
			out[field] = fr
		}
	}
	return out
}

// locate finds the words fm marks in value.
func (fm *fieldMarks) locate(value []byte) search.TermLocationMap {
	ts := fm.an.Analyze(value)
	locs := search.TermLocationMap{}
	add := func(t *analysis.Token) {
		locs.AddLocation(string(t.Term), &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
	}
	marked := make([]bool, len(ts))
	for i, t := range ts {
		if fm.matches(t.Term) {
			marked[i] = true
		}
	}
	// A phrase marks its words where they make it; a word it dropped
	// (a stop word) leaves a place any word fills, as in Bleve's phrases.
	for _, p := range fm.phrases {
		for i, t := range ts {
			if string(t.Term) != string(p.words[0]) {
				continue
			}
			at := phraseAt(ts, i, p.words, p.offset)
			for _, j := range at {
				marked[j] = true
			}
		}
	}
	for i, t := range ts {
		if marked[i] {
			add(t)
		}
	}
	return locs
}

// matches reports whether a word of the text is one fm marks on its own.
func (fm *fieldMarks) matches(term []byte) bool {
	if fm.terms[string(term)] {
		return true
	}
	for _, p := range fm.prefixes {
		if strings.HasPrefix(string(term), p) {
			return true
		}
	}
	if len(fm.fuzzy) > 0 {
		r := []rune(string(term))
		for _, f := range fm.fuzzy {
			if withinEdits(r, f.term, f.max) {
				return true
			}
		}
	}
	return false
}

// withinEdits reports whether a and b are at most max insertions,
// deletions or substitutions of a letter apart, as a fuzzy query counts.
func withinEdits(a, b []rune, max int) bool {
	if d := len(a) - len(b); d > max || -d > max {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= max
}

// phraseAt returns the tokens that make the phrase starting at ts[i], or
// nil when it does not.
func phraseAt(ts analysis.TokenStream, i int, words [][]byte, offset []int) []int {
	at := []int{i}
	j := i
	for k := 1; k < len(words); k++ {
		want := ts[i].Position + offset[k]
		for j < len(ts) && ts[j].Position < want {
			j++
		}
		if j == len(ts) || ts[j].Position != want || string(ts[j].Term) != string(words[k]) {
			return nil
		}
		at = append(at, j)
	}
	return at
}
