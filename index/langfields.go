package index

import (
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	tokenmap "github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index/internal/stem"
)

// Languages analysed with their own analyzer. The English analyzer stems
// and drops English stop words only; Russian text has Bleve's Snowball
// stemmer (OpenSearch's "russian" analyzer is the same algorithm); Arabic
// and Ukrainian have analyzers of sitrep's own, made of filters both
// engines have and of the rewrites of index/internal/stem, which the
// OpenSearch engine sends to its cluster as pattern_replace filters:
//
//   - Ukrainian: words lower-cased, function words dropped, then the light
//     stemmer (case endings, і/о of the last syllable), so that Харків,
//     Харкова and Харкові, or обстріл and обстрілів, are one word;
//   - Arabic: letters normalised (alef forms, taa marbuta, alef maqsura, no
//     diacritics or tatweel), stop words dropped, a conjunction in front of
//     a preposition with the article cut, then the light stemmer of both
//     engines (Light10: the article and its particles, the suffixes).
//
// Text in these languages is indexed twice: in title/text with the English
// analyzer (so one query finds everything) and in title_<lang>/text_<lang>
// with its own, stored because the highlighter reads the stored value. The
// stemmers change the indexed terms only: positions and offsets stay those
// of the words as written, so phrases work and highlights mark the form the
// article used.
var langAnalyzers = map[string]string{"ar": analyzerAR, "ru": ru.AnalyzerName, "uk": analyzerUK}

const (
	analyzerUK  = "sitrep_uk"
	analyzerAR  = "sitrep_ar"
	stopMapUK   = "sitrep_uk_stop_words"
	stopUK      = "sitrep_uk_stop"
	nfkcAR      = "sitrep_ar_nfkc"
	filterUKStm = "sitrep_uk_stem"
	filterARCnj = "sitrep_ar_conjunctions"
)

// stemFilter applies a stemmer of index/internal/stem to every token.
type stemFilter struct{ s *stem.Stemmer }

func (f stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if out := f.s.Stem(string(t.Term)); out != string(t.Term) {
			t.Term = []byte(out)
		}
	}
	return in
}

func init() {
	for name, s := range map[string]*stem.Stemmer{filterUKStm: stem.Ukrainian, filterARCnj: stem.ArabicConjunctions} {
		s := s
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return stemFilter{s}, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

func langField(base, lang string) string { return base + "_" + lang }

// addLangMappings registers the per-language fields and the Ukrainian
// and Arabic analyzers.
func addLangMappings(im *mapping.IndexMappingImpl, dm *mapping.DocumentMapping) error {
	words := make([]any, len(stem.UkrainianStopWords))
	for i, w := range stem.UkrainianStopWords {
		words[i] = w
	}
	if err := im.AddCustomTokenMap(stopMapUK, map[string]any{"type": tokenmap.Name, "tokens": words}); err != nil {
		return err
	}
	if err := im.AddCustomTokenFilter(stopUK, map[string]any{"type": stop.Name, "stop_token_map": stopMapUK}); err != nil {
		return err
	}
	if err := im.AddCustomTokenFilter(nfkcAR, map[string]any{"type": unicodenorm.Name, "form": unicodenorm.NFKC}); err != nil {
		return err
	}
	err := im.AddCustomAnalyzer(analyzerUK, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unitok.Name,
		"token_filters": []string{lowercase.Name, stopUK, filterUKStm},
	})
	if err != nil {
		return err
	}
	err = im.AddCustomAnalyzer(analyzerAR, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unitok.Name,
		"token_filters": []string{lowercase.Name, nfkcAR, ar.StopName, ar.NormalizeName, filterARCnj, ar.StemmerName},
	})
	if err != nil {
		return err
	}
	for lang, an := range langAnalyzers {
		for _, base := range []string{fTitle, fText} {
			dm.AddFieldMappingsAt(langField(base, lang), textField(an))
		}
	}
	dm.AddFieldMappingsAt(fSimBand, keywordField("", false, false))
	dm.AddFieldMappingsAt(fGroup, keywordField("", false, true)) // facet: members per cluster
	dm.AddFieldMappingsAt(fSimHash, storedOnlyField())
	return nil
}

// extraFields adds the per-language copies and the near-duplicate fields
// to a Bleve document.
func extraFields(d map[string]any, a *Article) {
	if _, ok := langAnalyzers[a.Lang]; ok {
		d[langField(fTitle, a.Lang)] = a.Title
		d[langField(fText, a.Lang)] = a.Text
	}
	nearDupFields(d, a)
}

// queryLangs returns the languages whose fields a query word should also
// be looked for in, from its script.
func queryLangs(s string) []string {
	var cyr, arabic bool
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr = true
		case unicode.Is(unicode.Arabic, r):
			arabic = true
		}
	}
	var out []string
	if cyr {
		out = append(out, "uk", "ru")
	}
	if arabic {
		out = append(out, "ar")
	}
	return out
}

// langTextFields are the per-language fields a free-text word in Cyrillic
// or Arabic script is also looked for in.
func langTextFields(text string) []struct {
	name  string
	boost float64
} {
	var out []struct {
		name  string
		boost float64
	}
	for _, l := range queryLangs(text) {
		out = append(out, struct {
			name  string
			boost float64
		}{langField(fTitle, l), 2}, struct {
			name  string
			boost float64
		}{langField(fText, l), 1})
	}
	return out
}

// addLangHighlights highlights the per-language fields a query can match.
func addLangHighlights(h *bleve.HighlightRequest, text string) {
	for _, l := range queryLangs(text) {
		h.AddField(langField(fTitle, l))
		h.AddField(langField(fText, l))
	}
}

// textFragments returns the fragments to show for base (title or text):
// those of its per-language copy that mark the most words, when they mark
// more than base's own (the English analyzer finds only the form typed;
// the stemmed copy finds Харкові for Харкова), else base's, else any
// per-language copy's.
func textFragments(frags search.FieldFragmentMap, base string) []string {
	fr := frags[base]
	best, most := fr, marks(fr)
	langs := make([]string, 0, len(langAnalyzers))
	for l := range langAnalyzers {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		lf := frags[langField(base, l)]
		if n := marks(lf); n > most || len(best) == 0 && len(lf) > 0 {
			best, most = lf, n
		}
	}
	return best
}

// marks counts the marked words of fragments.
func marks(frs []string) int {
	n := 0
	for _, f := range frs {
		n += strings.Count(f, "<mark>")
	}
	return n
}
