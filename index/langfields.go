package index

import (
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search"
)

// Text in Arabic, Russian and Ukrainian is indexed twice (internal/schema):
// in title/text with the English analyzer and in title_<lang>/text_<lang>
// with its own. These are the query and highlight side of it.

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
