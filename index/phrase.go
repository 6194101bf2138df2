package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveapi "github.com/blevesearch/bleve_index_api"
)

// Phrases. Bleve's phrase searcher finds the articles that have every word
// of the phrase and then, for each, turns the words' positions into maps of
// maps and walks them to find the words in order: allocations that made a
// phrase of common words the slowest query class by far (p99 several
// times that of any other at 100,000 articles). phraseQuery finds the same
// articles, with the same scores, from the same conjunction of the words,
// but checks the order on the flat list of positions the conjunction
// already carries. The highlighter finds the occurrences again in the
// stored text (highlight.go).

// phraseQuery matches text as a phrase in field, analysed as the field is.
type phraseQuery struct {
	text  string
	field string
	boost float64
}

func newPhraseQuery(text, field string, boost float64) *phraseQuery {
	return &phraseQuery{text: text, field: field, boost: boost}
}

// SetBoost and Boost make it a query.BoostableQuery, as Bleve's are.
func (q *phraseQuery) SetBoost(b float64) { q.boost = b }
func (q *phraseQuery) Boost() float64     { return q.boost }

// Searcher builds the conjunction of the phrase's words, with positions,
// and the check of their order around it.
func (q *phraseQuery) Searcher(ctx context.Context, r bleveapi.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	an := m.AnalyzerNamed(m.AnalyzerNameForPath(q.field))
	if an == nil {
		return nil, fmt.Errorf("phrase: no analyzer for field %s", q.field)
	}
	tokens := an.Analyze([]byte(q.text))
	if len(tokens) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	// Offsets from the first word; a word the analyzer dropped (a stop
	// word) leaves a gap that any word fills, as in Bleve's phrases.
	first := tokens[0].Position
	for _, t := range tokens {
		first = min(first, t.Position)
	}
	ps := &phraseSearcher{field: q.field}
	var terms []search.Searcher
	opts := options
	opts.IncludeTermVectors = true
	// One term searcher per word, a repeated word too, so that the score
	// is that of Bleve's phrases.
	for _, t := range tokens {
		term := string(t.Term)
		ps.words = append(ps.words, phraseWord{term: term, offset: uint64(t.Position - first)})
		ts, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, opts)
		if err != nil {
			for _, s := range terms {
				_ = s.Close()
			}
			return nil, err
		}
		terms = append(terms, ts)
	}
	if len(terms) == 1 {
		ps.must = terms[0]
		ps.single = true
		return ps, nil
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, terms, opts)
	if err != nil {
		for _, s := range terms {
			_ = s.Close()
		}
		return nil, err
	}
	ps.must = must
	return ps, nil
}

type phraseWord struct {
	term   string
	offset uint64 // position after the phrase's first word
}

// phraseSearcher passes on the matches of must whose words stand in the
// phrase's order.
type phraseSearcher struct {
	must   search.Searcher
	field  string
	words  []phraseWord
	single bool  // one word: every match is one
	starts []int // locations of the first word that begin the phrase
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.must.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if s.keep(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bleveapi.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if s.keep(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// keep reports whether dm holds the phrase; the positions it carried are
// dropped.
func (s *phraseSearcher) keep(dm *search.DocumentMatch) bool {
	if s.single {
		return true
	}
	locs := dm.FieldTermLocations
	// Every occurrence of the first word, kept where each other word
	// stands at its offset from it, in the same value of the field.
	s.starts = s.starts[:0]
	for i, l := range locs {
		if l.Field == s.field && l.Term == s.words[0].term {
			s.starts = append(s.starts, i)
		}
	}
	for _, w := range s.words[1:] {
		kept := s.starts[:0]
		for _, i := range s.starts {
			if wordAt(locs, s.field, w.term, locs[i].Location.Pos+w.offset, locs[i].Location.ArrayPositions) {
				kept = append(kept, i)
			}
		}
		s.starts = kept
	}
	if len(s.starts) == 0 {
		return false
	}
	dm.FieldTermLocations = locs[:0]
	return true
}

// wordAt reports whether term stands at pos of field, in the value ap.
func wordAt(locs []search.FieldTermLocation, field, term string, pos uint64, ap search.ArrayPositions) bool {
	for _, l := range locs {
		if l.Location.Pos == pos && l.Term == term && l.Field == field && l.Location.ArrayPositions.Equals(ap) {
			return true
		}
	}
	return false
}

func (s *phraseSearcher) Close() error           { return s.must.Close() }
func (s *phraseSearcher) Weight() float64        { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64) { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Count() uint64          { return s.must.Count() }
func (s *phraseSearcher) Min() int               { return s.must.Min() }
func (s *phraseSearcher) Size() int              { return s.must.Size() + 64 }
func (s *phraseSearcher) DocumentMatchPoolSize() int {
	return s.must.DocumentMatchPoolSize() + 1
}
