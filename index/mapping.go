package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	kwtok "github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
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
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	// English text with term vectors: the highlighter needs term positions.
	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Exact keyword, stored or not, with doc values only where facets or
	// sorting read them.
	kw := func(analyzer string, store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		// Facet and filter fields are never scored: no frequencies or norms.
		f.SkipFreqNorm = true
		return f
	}
	analysed := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = standard.Name
		f.Store = false
		f.IncludeInAll = false
		// Positions make phrases work: actor:"Volodymyr Zelensky".
		f.IncludeTermVectors = true
		f.DocValues = false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fTitle, text(true))
	dm.AddFieldMappingsAt(fText, text(true))
	dm.AddFieldMappingsAt(fURL, kw(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fSource, kw(keyword.Name, true, true))
	dm.AddFieldMappingsAt(fSourceCI, kw(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fSourceTxt, analysed())
	dm.AddFieldMappingsAt(fLoc, kw(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fLocCI, kw(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fLocTxt, analysed())
	dm.AddFieldMappingsAt(fActor, kw(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fActorCI, kw(analyzerLowerKeyword, false, false))
	dm.AddFieldMappingsAt(fActorTxt, analysed())
	dm.AddFieldMappingsAt(fLang, kw(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fDataset, kw(keyword.Name, true, false))
	dm.AddFieldMappingsAt(fDates, kw(keyword.Name, false, false))
	dm.AddFieldMappingsAt(fCluster, kw(keyword.Name, true, false))
	// Packed facets of the search page (pagefacets.go).
	dm.AddFieldMappingsAt(fLocPath, kw(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fLocGeo, kw(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fActorKind, kw(keyword.Name, false, true))
	dm.AddFieldMappingsAt(fHash, storedOnly())
	dm.AddFieldMappingsAt(fEntities, storedOnly())

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
