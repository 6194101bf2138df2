package schema

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// English is the analyzer of English text and of the words of every query:
// Bleve's English analyzer (possessives cut, lower case, Porter stemmer)
// with a shorter stop list.
//
// Bleve's list is Snowball's, 174 words, and drops words that carry the
// relation a search is after: "sanctions against", "strikes after the
// ceasefire", "cannot". Its pronouns, articles, auxiliaries, conjunctions
// and the rest stay stop words; the prepositions and adverbs of time,
// place and opposition below are indexed. They are about one word in a
// hundred of news text (Elasticsearch's English list, 33 words, keeps a
// further tenth of all words).
const English = "sitrep_en"

// indexedFunctionWords are the words of Bleve's English stop list that
// English indexes.
var indexedFunctionWords = map[string]bool{
	"after": true, "before": true, "during": true, "until": true, "again": true, "once": true,
	"against": true, "between": true, "under": true, "over": true, "above": true, "below": true,
	"through": true, "out": true, "off": true, "up": true, "down": true, "further": true,
	"cannot": true,
}

// EnglishStopWords is the stop list of English.
func EnglishStopWords() []string {
	var out []string
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			if !indexedFunctionWords[w] {
				out = append(out, w)
			}
		}
	}
	return out
}

func englishConstructor(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	stops := analysis.NewTokenMap()
	for _, w := range EnglishStopWords() {
		stops.AddToken(w)
	}
	stem, err := cache.TokenFilterNamed(porter.Name)
	if err != nil {
		return nil, err
	}
	filters = append(filters, stop.NewStopTokensFilter(stops), stem)
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
}

func init() {
	if err := registry.RegisterAnalyzer(English, englishConstructor); err != nil {
		panic(err)
	}
}
