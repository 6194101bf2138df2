package schema

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	kwtok "github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	tokenmap "github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bleveapi "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index/internal/stem"
)

// LowerKeyword is the analyzer of the entity field: the whole value,
// lower-cased.
const LowerKeyword = "lower_keyword"

// Version names the set of fields and analyzers an index is built
// with; it changes when a field is added or a field's analysis changes. An
// index records it when created, and Open refuses an index recorded with
// another (or none: built before 3) unless Options.AnyMapping, for copying
// it with reindex; the demo rebuilds its index when it changes.
//
// 2: the entity field of free text. 3: Ukrainian and Arabic stemming.
// 4: positions without offsets (positions.go); title and text stored in
// one compressed field (Body), the per-language copies not at all.
// 5: the fingerprint indexed as one term instead of sixteen band terms; no
// doc values; no analysed or lower-cased copies of the names (location:,
// actor: and source: and the facet filters match the names' dictionaries);
// URL and cluster stored only, the dates spoken of only in Entities.
const Version = "5"

// VersionKey is where an index records its Version.
const VersionKey = "sitrep_mapping_version"

// New builds the index mapping. Only listed fields are indexed
// (dynamic mapping off) and nothing goes into the composite _all field: the
// query builder names its fields, and _all would roughly double the index.
func New() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(LowerKeyword, map[string]any{
		"type":          custom.Name,
		"tokenizer":     kwtok.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = English
	im.ScoringModel = bleveapi.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(URL, storedOnlyField())
	dm.AddFieldMappingsAt(Source, keywordField(keyword.Name, true))
	dm.AddFieldMappingsAt(Loc, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(Actor, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(ActorAlias, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(Lang, keywordField(keyword.Name, true))
	dm.AddFieldMappingsAt(Dataset, keywordField(keyword.Name, true))
	dm.AddFieldMappingsAt(Cluster, storedOnlyField()) // hits collapse on Group
	// Packed facets of the search page.
	dm.AddFieldMappingsAt(LocPath, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(LocGeo, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(ActorKind, keywordField(keyword.Name, false))
	dm.AddFieldMappingsAt(Entity, entityField())
	dm.AddFieldMappingsAt(Hash, storedOnlyField())
	dm.AddFieldMappingsAt(Entities, storedOnlyField())
	dm.AddFieldMappingsAt(Body, storedOnlyField())

	pub := mapping.NewDateTimeFieldMapping()
	pub.Store = true
	pub.IncludeInAll = false
	pub.DocValues = true
	dm.AddFieldMappingsAt(Published, pub)

	// Geo (an article's first place with coordinates) is not indexed:
	// no search asks for it; the map reads the places' points (LocGeo) and
	// the stored entities keep it. The OpenSearch engine maps it.

	// Per-language text fields and near-duplicate fields (langfields.go).
	if err := addLangMappings(im, dm); err != nil {
		return nil, err
	}
	// The fields phrases are asked of keep positions (positions.go).
	defined := map[string]bool{}
	for _, f := range PhraseFields() {
		pa := PositionsAnalyzer(f.Analyzer)
		if !defined[pa] {
			if err := im.AddCustomAnalyzer(pa, map[string]any{"type": positionsType, "base": f.Analyzer}); err != nil {
				return nil, err
			}
			defined[pa] = true
		}
		fm := textField(pa, false) // title and text are stored in Body
		fm.IncludeTermVectors = true
		dm.AddFieldMappingsAt(f.Name, fm)
	}

	im.AddDocumentMapping(DocType, dm)
	im.DefaultMapping = dm
	im.TypeField = "_type"
	return im, nil
}

// textField is analysed text, stored or not, without term vectors.
func textField(analyzer string, store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// PhraseField is a field phrases are asked of, and the analyzer it is
// read with (its index analyzer wraps it: PositionsAnalyzer).
type PhraseField struct{ Name, Analyzer string }

// PhraseFields are the fields phrases are asked of: title and text and
// their per-language copies. None is stored: title and text are kept in Body, which the highlighter reads
// for the per-language copies too.
func PhraseFields() []PhraseField {
	out := []PhraseField{{Title, English}, {Text, English}}
	for _, lang := range []string{"ar", "ru", "uk"} {
		out = append(out, PhraseField{LangField(Title, lang), LangAnalyzers[lang]}, PhraseField{LangField(Text, lang), LangAnalyzers[lang]})
	}
	return out
}

// BaseAnalyzer is the analyzer field is read with: for a phrase field the
// one its positions wrapper wraps, else its own.
func BaseAnalyzer(m mapping.IndexMapping, field string) analysis.Analyzer {
	for _, f := range PhraseFields() {
		if f.Name == field {
			return m.AnalyzerNamed(f.Analyzer)
		}
	}
	return m.AnalyzerNamed(m.AnalyzerNameForPath(field))
}

// keywordField is an exact keyword, stored or not. Facet and filter
// fields are never scored: no frequencies or norms. No doc values: the
// scan counts facets from the postings (internal/scan), and so do the
// statistics (stats.go).
func keywordField(analyzer string, store bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	if analyzer != "" {
		f.Analyzer = analyzer
	}
	f.Store = store
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	f.SkipFreqNorm = true
	return f
}

// entityField holds an article's own places and actors ("l:kyiv"), one
// term each, for the free-text words that name them (entities.go). It has
// norms, so that a match on it scores like a short field: an article
// naming few entities is more about each of them.
func entityField() *mapping.FieldMapping {
	f := keywordField(LowerKeyword, false)
	f.SkipFreqNorm = false
	return f
}

// storedOnlyField is kept for display and never searched.
func storedOnlyField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Index = false
	f.Store = true
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}

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
// LangAnalyzers names the analyzer of each such language.
//
// Text in these languages is indexed twice: in title/text with the English
// analyzer (so one query finds everything) and in title_<lang>/text_<lang>
// with its own (not stored again: the highlighter reads title and text).
// The stemmers change the indexed terms only: offsets stay those of the
// words as written, so highlights mark the form the article used.
var LangAnalyzers = map[string]string{"ar": analyzerAR, "ru": ru.AnalyzerName, "uk": analyzerUK}

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
	// The fingerprint is one term per article: the near-duplicate lookup
	// reads a segment's fingerprints from its dictionary and keeps them in
	// memory by band (index/collapse.go), where the sixteen band terms of
	// each article took an eighth of the index. The OpenSearch engine keeps
	// the band terms (SimBand).
	dm.AddFieldMappingsAt(SimHash, keywordField("", false))
	dm.AddFieldMappingsAt(Group, keywordField("", false))
	return nil
}
