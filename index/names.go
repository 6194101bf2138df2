package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveapi "github.com/blevesearch/bleve_index_api"
)

// location:, actor: and source: clauses. Their words are matched against
// the names of the places, actors and sources the index holds (the terms of
// fLoc, fActor and fSource, with the place hierarchy), not against a copy
// of every article's names analysed as text: the names are few, the
// articles many. A clause's text is analysed as the names are (Bleve's
// standard analyzer) and matches a name
//
//   - as words: every word of the clause is a word of the name;
//   - as a phrase: the words follow each other in the name, as a phrase
//     query over the name would match (a dropped stop word leaves its slot);
//   - as a prefix: a word of the name starts with it;
//   - fuzzily: a word of the name is within the edit distance.
//
// The clause then matches the articles that hold one of the matching names
// (namesQuery), each scoring the same: which place an article names is a
// filter, and the words of the article rank it.

// nameFields are what each clause field matches: the exact field, and the
// field of aliases that came with an article's own actors.
var nameFields = map[string][]string{
	fLocTxt:    {fLoc},
	fActorTxt:  {fActor, fActorAlias},
	fSourceTxt: {fSource},
}

// nameToken is a word of a name and its position.
type nameToken struct {
	term string
	pos  int
}

// nameList is the names of one field: lower-cased for the facet filters,
// and analysed, with the names of each word, for the clauses (on first
// use: a filter needs only the names).
type nameList struct {
	names  []string
	folded map[string][]string // lower-cased name -> the names

	analysed sync.Once
	tokens   [][]nameToken
	byWord   map[string][]int32 // word -> names holding it, ascending
}

// analyse fills the words of the names, once.
func (l *nameList) analyse(an analysis.Analyzer) {
	l.analysed.Do(func() {
		l.byWord = map[string][]int32{}
		l.tokens = make([][]nameToken, len(l.names))
		for i, name := range l.names {
			toks := analyzeName(an, name)
			l.tokens[i] = toks
			for k, t := range toks {
				if !slices.ContainsFunc(toks[:k], func(o nameToken) bool { return o.term == t.term }) {
					l.byWord[t.term] = append(l.byWord[t.term], int32(i))
				}
			}
		}
	})
}

// nameLists keeps the name lists of the index until the next write.
type nameLists struct {
	mu    sync.Mutex
	lists map[string]*nameList
}

// invalidate drops the lists after a write.
func (nl *nameLists) invalidate() {
	nl.mu.Lock()
	nl.lists = nil
	nl.mu.Unlock()
}

// nameList returns the names of field, read from its dictionary on first
// use after a write.
func (ix *Index) nameList(ctx context.Context, field string) (*nameList, error) {
	ix.names.mu.Lock()
	defer ix.names.mu.Unlock()
	if l := ix.names.lists[field]; l != nil {
		return l, nil
	}
	d, err := ix.b.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("search: names of %s: %w", field, err)
	}
	defer d.Close()
	l := &nameList{folded: map[string][]string{}}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("search: names of %s: %w", field, err)
		}
		if e == nil {
			break
		}
		if e.Count == 0 {
			continue
		}
		l.names = append(l.names, e.Term)
		k := strings.ToLower(e.Term)
		l.folded[k] = append(l.folded[k], e.Term)
	}
	if ix.names.lists == nil {
		ix.names.lists = map[string]*nameList{}
	}
	ix.names.lists[field] = l
	return l, nil
}

func analyzeName(an analysis.Analyzer, s string) []nameToken {
	if an == nil {
		return nil
	}
	ts := an.Analyze([]byte(s))
	out := make([]nameToken, len(ts))
	for i, t := range ts {
		out[i] = nameToken{term: string(t.Term), pos: t.Position}
	}
	return out
}

// matchNames returns the names of l that c's text matches, or a bad query
// error when a prefix matches too many words.
func (ix *Index) matchNames(l *nameList, c clause) ([]string, error) {
	an := ix.b.Mapping().AnalyzerNamed(standard.Name)
	l.analyse(an)
	var hit []int32
	switch {
	case c.Prefix || c.Fuzzy > 0:
		word := strings.ToLower(c.Text)
		wr := []rune(word)
		var words []string
		for w := range l.byWord {
			if (c.Prefix && strings.HasPrefix(w, word)) || (!c.Prefix && withinEdits([]rune(w), wr, c.Fuzzy)) {
				words = append(words, w)
			}
		}
		if c.Prefix && len(words) > maxExpansions {
			return nil, badQuery(fmt.Sprintf("wildcard %q matches more than %d words; add letters before the *", c.Text+"*", maxExpansions))
		}
		seen := map[int32]bool{}
		for _, w := range words {
			for _, i := range l.byWord[w] {
				if !seen[i] {
					seen[i] = true
					hit = append(hit, i)
				}
			}
		}
	default:
		q := analyzeName(an, c.Text)
		if len(q) == 0 {
			return nil, nil
		}
		// The names holding the clause's rarest word, then the rest.
		rare := q[0].term
		for _, t := range q[1:] {
			if len(l.byWord[t.term]) < len(l.byWord[rare]) {
				rare = t.term
			}
		}
		for _, i := range l.byWord[rare] {
			if namesMatch(l.tokens[i], q, c.Phrase) {
				hit = append(hit, i)
			}
		}
	}
	out := make([]string, len(hit))
	for k, i := range hit {
		out[k] = l.names[i]
	}
	slices.Sort(out)
	return out, nil
}

// namesMatch reports whether a name's words hold the clause's words q: all
// of them, or as a phrase, at the same distances from each other.
func namesMatch(name, q []nameToken, phrase bool) bool {
	has := func(term string, pos int) bool {
		for _, t := range name {
			if t.term == term && (pos < 0 || t.pos == pos) {
				return true
			}
		}
		return false
	}
	if !phrase {
		for _, t := range q {
			if !has(t.term, -1) {
				return false
			}
		}
		return true
	}
	for _, start := range name {
		if start.term != q[0].term {
			continue
		}
		ok := true
		for _, t := range q[1:] {
			if !has(t.term, start.pos+t.pos-q[0].pos) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// namesClause is the query of a location:, actor: or source: clause.
func (ix *Index) namesClause(ctx context.Context, c clause) (query.Query, error) {
	var alts []query.Query
	for _, f := range nameFields[c.Field] {
		l, err := ix.nameList(ctx, f)
		if err != nil {
			return nil, err
		}
		names, err := ix.matchNames(l, c)
		if err != nil {
			return nil, err
		}
		if len(names) > 0 {
			alts = append(alts, &namesQuery{Field: f, Names: names})
		}
	}
	switch len(alts) {
	case 0:
		return query.NewMatchNoneQuery(), nil
	case 1:
		return alts[0], nil
	}
	return query.NewDisjunctionQuery(alts), nil
}

// namesQuery matches the articles holding any of Names in Field (an exact
// keyword field), each with the score 1: the field keeps no norms, and
// Bleve's BM25 would score it NaN.
type namesQuery struct {
	Field string
	Names []string
}

func (q *namesQuery) Searcher(ctx context.Context, i bleveapi.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := searcher.NewMultiTermSearcher(ctx, i, q.Names, q.Field, 1, options, false)
	if err != nil {
		return nil, err
	}
	one := func(context.Context, *search.DocumentMatch) (float64, error) { return 1, nil }
	return searcher.NewCustomScoreSearcher(ctx, s, one, nil, nil, nil, options.Explain), nil
}

// foldedNames are the names of field equal to v but for case: the terms a
// case-insensitive facet filter on v selects.
func (ix *Index) foldedNames(field, v string) ([]string, error) {
	l, err := ix.nameList(context.Background(), field)
	if err != nil {
		return nil, err
	}
	return l.folded[strings.ToLower(strings.TrimSpace(v))], nil
}
