// Package schema is the shape of sitrep's documents in the embedded
// index: the field names, the analyzers, the Bleve mapping and its version.
// The OpenSearch engine maps the same fields field by field.
package schema

// Field names. Each facet dimension has the exact value (facets, display,
// and the names location:, actor: and source: match: index/names.go) and a
// lower-cased keyword (case-insensitive filters). The analysed copies
// (LocTxt, ActorTxt, SourceTxt) are the OpenSearch engine's; the embedded
// index names its clauses by them.
const (
	Title     = "title"
	Text      = "text"
	URL       = "url"
	Source    = "source"
	SourceCI  = "source_ci"
	SourceTxt = "source_txt"
	Loc       = "loc"
	LocCI     = "loc_ci"
	LocTxt    = "loc_txt"
	Actor     = "actor"
	ActorCI   = "actor_ci"
	ActorTxt  = "actor_txt"
	// ActorAlias holds the aliases that came with an article's own actors
	// (rare: the extractor's dictionary aliases stay in the dictionary).
	ActorAlias = "actor_alias"
	Published  = "published"
	Lang       = "lang"
	Dataset    = "dataset"
	Dates      = "dates"
	Geo        = "geo"
	Hash       = "hash"
	Entities   = "entities" // stored JSON of the places, actors and dates
	Body       = "body"     // stored title and text, compressed (index/body.go)
	Cluster    = "cluster"
	DocType    = "article"

	// Entity holds an article's own places and actors ("l:kyiv"), one term
	// each, for the free-text words that name them.
	Entity = "entity"

	// The packed facets of the search page: terms that join several
	// values with FacetSep, so one term facet counts them per article.
	LocPath   = "loc_path"   // "Russia␟Kursk Oblast␟Makhnovka" and every shorter prefix
	LocGeo    = "loc_geo"    // "Makhnovka␟51.2000␟35.2000"
	ActorKind = "actor_kind" // "person␟Volodymyr Zelensky"
	FacetSep  = "\x1f"

	// Near-duplicates (index/internal/neardup): the fingerprint's bands
	// (indexed by the OpenSearch engine; the embedded index keeps them in
	// memory), the fingerprint, and the group hits collapse on (cluster or
	// id).
	SimBand = "simband"
	SimHash = "simhash"
	Group   = "group"
)

// LangField is the per-language copy of a text field: title_uk.
func LangField(base, lang string) string { return base + "_" + lang }
