package ingest

import (
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/index"
)

// Record is one article as a reader found it, before cleaning.
type Record struct {
	File string
	Line int
	// Fields holds the raw values by canonical field name (id, url, source,
	// title, text, published, lang, dataset).
	Fields map[string]string
	// Err, when set, rejects the record with this reason.
	Err error
	// Warn lists problems that do not reject the record.
	Warn []string
}

// Pos is "file:line".
func (r *Record) Pos() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// Canonical field names.
const (
	FieldID        = "id"
	FieldURL       = "url"
	FieldSource    = "source"
	FieldTitle     = "title"
	FieldText      = "text"
	FieldPublished = "published"
	FieldLang      = "lang"
	FieldDataset   = "dataset"
)

// fieldAliases maps column and key names found in the wild to canonical
// fields, most specific first. Matching ignores case, spaces and '_'.
var fieldAliases = map[string][]string{
	FieldID:        {"id", "article_id", "unit_id", "guid", "uuid", "entry"},
	FieldURL:       {"url", "link", "href", "article_url", "articleurl", "permalink", "canonical_url"},
	FieldSource:    {"source", "publisher", "outlet", "source_name", "site", "site_name", "domain", "feed"},
	FieldTitle:     {"title", "headline", "heading", "article_title", "name", "title_from_page"},
	FieldText:      {"text", "body", "content", "article_content", "article_text", "full_text", "fulltext", "maintext", "description", "summary"},
	FieldPublished: {"published", "date_formatted", "published_at", "publish_date", "publication_date", "pubdate", "date", "datetime", "timestamp", "created_at", "seendate"},
	FieldLang:      {"lang", "language"},
	FieldDataset:   {"dataset", "collection"},
}

func normKey(k string) string {
	k = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(k, "\ufeff")))
	k = strings.NewReplacer(" ", "", "_", "", "-", "").Replace(k)
	return k
}

// mapColumns assigns canonical fields to column names. overrides maps a
// canonical field to a column name (from --map field=column) and wins.
func mapColumns(cols []string, overrides map[string]string) (map[string]int, error) {
	idx := map[string]int{}
	byNorm := map[string]int{}
	for i, c := range cols {
		n := normKey(c)
		if _, dup := byNorm[n]; !dup {
			byNorm[n] = i
		}
	}
	for field, col := range overrides {
		if _, ok := fieldAliases[field]; !ok {
			return nil, fmt.Errorf("--map %s=%s: unknown field %q (id, url, source, title, text, published, lang, dataset)", field, col, field)
		}
		i, ok := byNorm[normKey(col)]
		if !ok {
			return nil, fmt.Errorf("--map %s=%s: no column %q in %s", field, col, col, strings.Join(cols, ", "))
		}
		idx[field] = i
	}
	used := map[int]bool{}
	for _, i := range idx {
		used[i] = true
	}
	for _, field := range []string{FieldID, FieldURL, FieldSource, FieldTitle, FieldPublished, FieldLang, FieldDataset, FieldText} {
		if _, set := idx[field]; set {
			continue
		}
		for _, alias := range fieldAliases[field] {
			if i, ok := byNorm[normKey(alias)]; ok && !used[i] {
				idx[field] = i
				used[i] = true
				break
			}
		}
	}
	return idx, nil
}

// fieldsFromMap picks canonical fields out of a decoded JSON object.
func fieldsFromMap(m map[string]any, overrides map[string]string) map[string]string {
	norm := map[string]any{}
	for k, v := range m {
		n := normKey(k)
		if _, dup := norm[n]; !dup {
			norm[n] = v
		}
	}
	out := map[string]string{}
	used := map[string]bool{}
	for field, key := range overrides {
		if v, ok := norm[normKey(key)]; ok {
			out[field] = valueString(v)
			used[normKey(key)] = true
		}
	}
	for _, field := range []string{FieldID, FieldURL, FieldSource, FieldTitle, FieldPublished, FieldLang, FieldDataset, FieldText} {
		if _, set := out[field]; set {
			continue
		}
		for _, alias := range fieldAliases[field] {
			n := normKey(alias)
			if v, ok := norm[n]; ok && !used[n] {
				if s := valueString(v); s != "" {
					out[field] = s
					used[n] = true
					break
				}
			}
		}
	}
	return out
}

func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
		return fmt.Sprintf("%g", x)
	case bool:
		return fmt.Sprint(x)
	case []any:
		var parts []string
		for _, e := range x {
			if s := valueString(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n\n")
	case map[string]any:
		for _, k := range []string{"name", "title", "href", "value"} {
			if s, ok := x[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

// toArticle builds the uncleaned article of a record.
func toArticle(f map[string]string) *index.Article {
	return &index.Article{
		ID:      strings.TrimSpace(f[FieldID]),
		URL:     strings.TrimSpace(f[FieldURL]),
		Source:  strings.TrimSpace(f[FieldSource]),
		Title:   f[FieldTitle],
		Text:    f[FieldText],
		Lang:    strings.ToLower(strings.TrimSpace(f[FieldLang])),
		Dataset: strings.TrimSpace(f[FieldDataset]),
	}
}
