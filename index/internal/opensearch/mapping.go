package opensearch

import (
	"fmt"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/stem"
)

// SchemaVersion names the index layout below; an index recorded with
// another version is refused with a message saying what to do.
//
// 2: Ukrainian and Arabic stemming (index.MappingVersion 3).
const SchemaVersion = "2"

// Analyzers translated from the embedded index's: Bleve's "en" is the
// possessive filter, lower case, its English stop list and the Porter
// stemmer; its "standard" (for the free-text copies of entity names) is
// lower case and the same stop list; Russian is the cluster's "russian"
// (the same Snowball stemmer as Bleve's "ru"). Ukrainian and Arabic are
// sitrep's own analyzers (index/langfields.go): the same stop words and
// the rewrites of index/internal/stem as pattern_replace filters, and for
// Arabic the normaliser and Light10 stemmer that Bleve ported from Lucene.
const (
	anEnglish  = "sitrep_english"
	anStandard = "sitrep_standard"
	anUK       = "sitrep_uk"
	anAR       = "sitrep_ar"
	normLower  = "sitrep_lower"
)

var langAnalyzer = map[string]string{"ar": anAR, "ru": "russian", "uk": anUK}

// stemFilters declares one pattern_replace filter per rule of s, named
// prefix_0, prefix_1..., and returns their names in order.
func stemFilters(filters map[string]any, prefix string, s *stem.Stemmer) []string {
	var names []string
	for i, r := range s.Rules {
		name := fmt.Sprintf("%s_%d", prefix, i)
		filters[name] = map[string]any{"type": "pattern_replace", "pattern": r.Pattern, "replacement": r.Replacement, "all": true}
		names = append(names, name)
	}
	return names
}

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
	filters := map[string]any{
		"sitrep_stop":       map[string]any{"type": "stop", "stopwords": index.EnglishStopWords()},
		"sitrep_possessive": map[string]any{"type": "stemmer", "language": "possessive_english"},
		"sitrep_uk_stop":    map[string]any{"type": "stop", "stopwords": stem.UkrainianStopWords},
		"sitrep_ar_stop":    map[string]any{"type": "stop", "stopwords": "_arabic_"},
	}
	ukFilters := append([]string{"lowercase", "sitrep_uk_stop"}, stemFilters(filters, "sitrep_uk_stem", stem.Ukrainian)...)
	arFilters := append([]string{"lowercase", "sitrep_ar_stop", "arabic_normalization"},
		append(stemFilters(filters, "sitrep_ar_conjunctions", stem.ArabicConjunctions), "arabic_stem")...)
	return map[string]any{
		"settings": map[string]any{
			"number_of_shards":   shards,
			"number_of_replicas": replicas,
			"max_result_window":  maxWindow,
			"analysis": map[string]any{
				"filter": filters,
				"normalizer": map[string]any{
					normLower: map[string]any{"type": "custom", "filter": []string{"lowercase"}},
				},
				"analyzer": map[string]any{
					anEnglish: map[string]any{"type": "custom", "tokenizer": "standard",
						"filter": []string{"sitrep_possessive", "lowercase", "sitrep_stop", "porter_stem"}},
					anStandard: map[string]any{"type": "custom", "tokenizer": "standard",
						"filter": []string{"lowercase", "sitrep_stop"}},
					anUK: map[string]any{"type": "custom", "tokenizer": "standard", "filter": ukFilters},
					anAR: map[string]any{"type": "custom", "tokenizer": "standard", "filter": arFilters},
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
