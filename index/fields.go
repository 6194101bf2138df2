package index

import (
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/sitrep/sitrep/index/internal/schema"
)

// The field names of the embedded index's documents (internal/schema).
const (
	fTitle      = schema.Title
	fText       = schema.Text
	fURL        = schema.URL
	fSource     = schema.Source
	fSourceCI   = schema.SourceCI
	fSourceTxt  = schema.SourceTxt
	fLoc        = schema.Loc
	fLocCI      = schema.LocCI
	fLocTxt     = schema.LocTxt
	fActor      = schema.Actor
	fActorCI    = schema.ActorCI
	fActorTxt   = schema.ActorTxt
	fActorAlias = schema.ActorAlias
	fPublished  = schema.Published
	fLang       = schema.Lang
	fDataset    = schema.Dataset
	fDates      = schema.Dates
	fGeo        = schema.Geo
	fHash       = schema.Hash
	fEntities   = schema.Entities
	fBody       = schema.Body
	fCluster    = schema.Cluster
	fDocType    = schema.DocType
	fEntity     = schema.Entity
	fLocPath    = schema.LocPath
	fLocGeo     = schema.LocGeo
	fActorKind  = schema.ActorKind
	facetSep    = schema.FacetSep
	fSimBand    = schema.SimBand
	fSimHash    = schema.SimHash
	fGroup      = schema.Group
)

// MappingVersion names the set of fields and analyzers an index is built
// with (internal/schema): an index records it when created, and Open
// refuses an index recorded with another unless Options.AnyMapping.
const MappingVersion = schema.Version

const (
	mappingVersionKey    = schema.VersionKey
	analyzerLowerKeyword = schema.LowerKeyword
)

// langAnalyzers names the analyzer of each language with its own fields.
var langAnalyzers = schema.LangAnalyzers

func langField(base, lang string) string { return schema.LangField(base, lang) }

func newMapping() (*mapping.IndexMappingImpl, error) { return schema.New() }
