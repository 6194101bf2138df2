package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	kwtok "github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveapi "github.com/blevesearch/bleve_index_api"
)

// Field names in the Bleve document. Each facet dimension has three fields:
// the exact value (facets, display), a lower-cased keyword (case-insensitive
// filters) and an analysed copy (a free-text word also matches it).
const (
	fTitle     = "title"
	fText      = "text"
	fURL       = "url"
	fSource    = "source"
	fSourceCI  = "source_ci"
	fSourceTxt = "source_txt"
	fLoc       = "loc"
	fLocCI     = "loc_ci"
	fLocTxt    = "loc_txt"
	fActor     = "actor"
	fActorCI   = "actor_ci"
	fActorTxt  = "actor_txt"
	fPublished = "published"
	fLang      = "lang"
	fDataset   = "dataset"
	fDates     = "dates"
	fGeo       = "geo"
	fHash      = "hash"
	fEntities  = "entities"
	fCluster   = "cluster"
	fDocType   = "article"

	analyzerLowerKeyword = "lower_keyword"
)

// MappingVersion names the set of fields and analyzers an index is built
// with; it changes when a field is added or a field's analysis changes. An
// index records it when created, and Open refuses an index recorded with
// another (or none: built before 3) unless Options.AnyMapping, for copying
// it with reindex; the demo rebuilds its index when it changes.
//
// 2: the entity field of free text. 3: Ukrainian and Arabic stemming.
const MappingVersion = "3"

// mappingVersionKey is where an index records its MappingVersion.
const mappingVersionKey = "sitrep_mapping_version"

// newMapping builds the index mapping. Only listed fields are indexed
// (dynamic mapping off) and nothing goes into the composite _all field: the
// query builder names its fields, and _all would roughly double the index.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(analyzerLowerKeyword, map[string]any{
		"type":          custom.Name,
		"tokenizer":     kwtok.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = bleveapi.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fTitle, textField(en.AnalyzerName))
	dm.AddFieldMappingsAt(fText, textField(en.AnalyzerName))
	dm.AddFieldMappingsAt(fURL, keywordField(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fSource, keywordField(keyword.Name, true, true))
	dm.AddFieldMappingsAt(fSourceCI, keywordField(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fSourceTxt, analysedField())
	dm.AddFieldMappingsAt(fLoc, keywordField(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fLocCI, keywordField(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fLocTxt, analysedField())
	dm.AddFieldMappingsAt(fActor, keywordField(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fActorCI, keywordField(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fActorTxt, analysedField())
	dm.AddFieldMappingsAt(fLang, keywordField(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fDataset, keywordField(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fDates, keywordField(keyword.Name, false, false))
	dm.AddFieldMappingsAt(fCluster, keywordField(keyword.Name, true, false))
	// Packed facets of the search page (pagefacets.go).
	dm.AddFieldMappingsAt(fLocPath, keywordField(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fLocGeo, keywordField(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fActorKind, keywordField(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fEntity, entityField()) // entities.go
	dm.AddFieldMappingsAt(fHash, storedOnlyField())
	dm.AddFieldMappingsAt(fEntities, storedOnlyField())

	pub := mapping.NewDateTimeFieldMapping()
	pub.Store = true
	pub.IncludeInAll = false
	pub.DocValues = true
	dm.AddFieldMappingsAt(fPublished, pub)

	geo := mapping.NewGeoPointFieldMapping()
	geo.Store = false
	geo.IncludeInAll = false
	dm.AddFieldMappingsAt(fGeo, geo)

	// Per-language text fields and near-duplicate fields (langfields.go).
	if err := addLangMappings(im, dm); err != nil {
		return nil, err
	}

	im.AddDocumentMapping(fDocType, dm)
	im.DefaultMapping = dm
	im.TypeField = "_type"
	return im, nil
}

// textField is analysed text, stored, with term vectors: the highlighter
// and phrase queries need term positions.
func textField(analyzer string) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = true
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is an exact keyword, stored or not, with doc values only
// where facets or sorting read them. Facet and filter fields are never
// scored: no frequencies or norms.
func keywordField(analyzer string, store, docValues bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	if analyzer != "" {
		f.Analyzer = analyzer
	}
	f.Store = store
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = docValues
	f.SkipFreqNorm = true
	return f
}

// analysedField is the free-text copy of an entity field; positions make
// phrases work (actor:"Volodymyr Zelensky").
func analysedField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = standard.Name
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = true
	f.DocValues = false
	return f
}

// entityField holds an article's own places and actors ("l:kyiv"), one
// term each, for the free-text words that name them (entities.go). It has
// norms, so that a match on it scores like a short field: an article
// naming few entities is more about each of them.
func entityField() *mapping.FieldMapping {
	f := keywordField(analyzerLowerKeyword, false, false)
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
