package index

import (
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Languages analysed with their own analyzer. The English analyzer stems
// and drops English stop words only; Arabic needs normalisation (alef
// forms, diacritics) and light stemming, Russian snowball stemming.
// Ukrainian has no Bleve stemmer: it is tokenised on Unicode word
// boundaries and lower-cased, which keeps every word form findable.
//
// Text in these languages is indexed twice: in title/text with the English
// analyzer (so one query finds everything) and in title_<lang>/text_<lang>
// with its own, stored because the highlighter reads the stored value.
var langAnalyzers = map[string]string{"ar": ar.AnalyzerName, "ru": ru.AnalyzerName, "uk": analyzerUK}

const analyzerUK = "uk_unicode_lower"

func langField(base, lang string) string { return base + "_" + lang }

// addLangMappings registers the per-language fields and the Ukrainian
// analyzer.
func addLangMappings(im *mapping.IndexMappingImpl, dm *mapping.DocumentMapping) error {
	err := im.AddCustomAnalyzer(analyzerUK, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unitok.Name,
		"token_filters": []string{lowercase.Name},
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

// langFragments returns the fragments of base's per-language copy.
func langFragments(frags search.FieldFragmentMap, base string) []string {
	for l := range langAnalyzers {
		if fr := frags[langField(base, l)]; len(fr) > 0 {
			return fr
		}
	}
	return nil
}
