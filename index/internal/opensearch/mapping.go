package opensearch

import (
	"github.com/sitrep/sitrep/index"
)

// SchemaVersion names the index layout below; an index recorded with
// another version is refused with a message saying what to do.
const SchemaVersion = "1"

// Analyzers translated from the embedded index's: Bleve's "en" is the
// possessive filter, lower case, its English stop list and the Porter
// stemmer; its "standard" (for the free-text copies of entity names) is
// lower case and the same stop list; Ukrainian is words lower-cased.
const (
	anEnglish  = "sitrep_english"
	anStandard = "sitrep_standard"
	anUK       = "sitrep_uk"
	normLower  = "sitrep_lower"
)

var langAnalyzer = map[string]string{"ar": "arabic", "ru": "russian", "uk": anUK}

// indexBody is the settings and mapping of a new index.
func indexBody(shards, replicas, maxWindow int) map[string]any {
	kw := func() map[string]any { return map[string]any{"type": "keyword"} }
	ci := func() map[string]any { return map[string]any{"type": "keyword", "normalizer": normLower} }
	txt := func(an string) map[string]any { return map[string]any{"type": "text", "analyzer": an} }
	storedOnly := func() map[string]any { return map[string]any{"type": "keyword", "index": false, "doc_values": false} }
	props := map[string]any{
		index.FieldID:        kw(),
		index.FieldTitle:     txt(anEnglish),
		index.FieldText:      txt(anEnglish),
		"url":                storedOnly(),
		index.FieldSource:    kw(),
		index.FieldSourceCI:  ci(),
		"source_txt":         txt(anStandard),
		index.FieldLoc:       kw(),
		index.FieldLocCI:     ci(),
		"loc_txt":            txt(anStandard),
		index.FieldActor:     kw(),
		index.FieldActorCI:   ci(),
		"actor_txt":          txt(anStandard),
		index.FieldPublished: map[string]any{"type": "date", "format": "strict_date_optional_time||epoch_millis"},
		index.FieldLang:      kw(),
		index.FieldDataset:   kw(),
		"dates":              kw(),
		"geo":                map[string]any{"type": "geo_point"},
		index.FieldHash:      storedOnly(),
		index.FieldEntities:  storedOnly(),
		index.FieldCluster:   kw(),
		// One term per place and actor; with norms, so that an article
		// naming few entities scores higher on each, as in the embedded index.
		index.FieldEntity:    map[string]any{"type": "keyword", "normalizer": normLower, "norms": true},
		index.FieldGroup:     kw(),
		index.FieldSimBand:   kw(),
		index.FieldSimHash:   storedOnly(),
		index.FieldLocPath:   kw(),
		index.FieldLocGeo:    kw(),
		index.FieldActorKind: kw(),
	}
	for field, lang := range index.LangAnalyzed() {
		props[field] = txt(langAnalyzer[lang])
	}
	return map[string]any{
		"settings": map[string]any{
			"number_of_shards":   shards,
			"number_of_replicas": replicas,
			"max_result_window":  maxWindow,
			"analysis": map[string]any{
				"filter": map[string]any{
					"sitrep_stop":       map[string]any{"type": "stop", "stopwords": index.EnglishStopWords()},
					"sitrep_possessive": map[string]any{"type": "stemmer", "language": "possessive_english"},
				},
				"normalizer": map[string]any{
					normLower: map[string]any{"type": "custom", "filter": []string{"lowercase"}},
				},
				"analyzer": map[string]any{
					anEnglish: map[string]any{"type": "custom", "tokenizer": "standard",
						"filter": []string{"sitrep_possessive", "lowercase", "sitrep_stop", "porter_stem"}},
					anStandard: map[string]any{"type": "custom", "tokenizer": "standard",
						"filter": []string{"lowercase", "sitrep_stop"}},
					anUK: map[string]any{"type": "custom", "tokenizer": "standard", "filter": []string{"lowercase"}},
				},
			},
		},
		"mappings": map[string]any{
			"dynamic":    false,
			"_meta":      map[string]any{"sitrep_schema": SchemaVersion, "mapping_version": index.MappingVersion},
			"properties": props,
		},
	}
}
