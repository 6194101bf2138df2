package ingest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
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

	prepared bool
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
	FieldID:        {"id", "article_id", "unit_id", "doc_id", "guid", "uuid", "entry", "filename", "file_name"},
	FieldURL:       {"url", "link", "href", "article_url", "articleurl", "permalink", "canonical_url"},
	FieldSource:    {"source", "publisher", "outlet", "source_name", "site", "site_name", "sitename", "publication", "newspaper", "media", "domain", "feed"},
	FieldTitle:     {"title", "headline", "heading", "article_title", "article_headline", "news_title", "name", "title_from_page", "subject"},
	FieldText:      {"text", "body", "content", "article_content", "article_text", "article_body", "articlebody", "body_text", "full_text", "fulltext", "maintext", "story", "news_text", "description", "summary", "lede", "abstract", "snippet"},
	FieldPublished: {"published", "date_formatted", "published_at", "published_date", "publish_date", "publication_date", "date_published", "datepublished", "pubdate", "pub_date", "date", "datetime", "timestamp", "time", "created_at", "created", "seendate", "updated"},
	FieldLang:      {"lang", "language", "locale"},
	FieldDataset:   {"dataset", "collection"},
}

// keyJoiners are dropped from column and key names before they are
// compared; built once, as normKey runs for every column of a header.
var keyJoiners = strings.NewReplacer(" ", "", "_", "", "-", "")

func normKey(k string) string {
	return keyJoiners.Replace(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(k, "\ufeff"))))
}

// aliasNames holds every alias, normalised.
var aliasNames = func() map[string]bool {
	m := map[string]bool{}
	for _, aliases := range fieldAliases {
		for _, a := range aliases {
			m[normKey(a)] = true
		}
	}
	return m
}()

// listSome joins at most n names, saying how many more there are.
func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// mapColumns assigns canonical fields to column names. overrides maps a
// canonical field to a column name (from --map field=column) and wins.
func mapColumns(cols []string, overrides map[string]string) (map[string]int, error) {
	idx := map[string]int{}
	// Only names that can be asked for are indexed: a header may have a
	// million columns.
	asked := map[string]bool{}
	for _, col := range overrides {
		asked[normKey(col)] = true
	}
	byNorm := map[string]int{}
	for i, c := range cols {
		n := normKey(c)
		if !asked[n] && !aliasNames[n] {
			continue
		}
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
			return nil, fmt.Errorf("--map %s=%s: no column %q in %s", field, col, col, listSome(cols, 40))
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

// pythonList turns the repr of a Python list of strings ("['para one',
// "para two's"]", as pandas exports of scraped paragraphs have) into
// paragraphs separated by blank lines. Anything else is returned as is.
func pythonList(s string) string {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return s
	}
	if t == "[]" {
		return ""
	}
	body := strings.TrimSpace(t[1 : len(t)-1])
	if body == "" || (body[0] != '\'' && body[0] != '"') {
		return s
	}
	var parts []string
	i := 0
	for i < len(body) {
		q := body[i]
		if q != '\'' && q != '"' {
			return s
		}
		i++
		var sb strings.Builder
		closed := false
		for i < len(body) {
			c := body[i]
			if c == '\\' && i+1 < len(body) {
				n := body[i+1]
				switch n {
				case 'n':
					sb.WriteByte('\n')
				case 't':
					sb.WriteByte('\t')
				case 'r':
				case 'x', 'u':
					w := 2
					if n == 'u' {
						w = 4
					}
					if i+2+w <= len(body) {
						if v, err := strconv.ParseUint(body[i+2:i+2+w], 16, 32); err == nil {
							sb.WriteRune(rune(v))
							i += 2 + w
							continue
						}
					}
					sb.WriteByte(n)
				default:
					sb.WriteByte(n)
				}
				i += 2
				continue
			}
			if c == q {
				closed = true
				i++
				break
			}
			sb.WriteByte(c)
			i++
		}
		if !closed {
			return s
		}
		if p := strings.TrimSpace(sb.String()); p != "" {
			parts = append(parts, p)
		}
		for i < len(body) && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t') {
			i++
		}
		if i < len(body) {
			if body[i] != ',' {
				return s
			}
			i++
			for i < len(body) && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t') {
				i++
			}
		}
	}
	return strings.Join(parts, "\n\n")
}

// reNameDate finds a date in a file name or URL path: 20220125T090000Z,
// 2024-02-20, 2024/02/20, 20231005.
var reNameDate = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)([-/_]?)(0[1-9]|1[0-2])([-/_]?)(0[1-9]|[12]\d|3[01])(?:T(\d\d)(\d\d)(\d\d)Z)?(?:[^0-9]|$)`)

// dateFromName returns the date a file name or URL carries, as RFC 3339,
// or "".
func dateFromName(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = u.Path
	}
	m := reNameDate.FindStringSubmatch(s)
	if m == nil || m[2] != m[4] {
		return ""
	}
	hms := "00:00:00"
	if m[6] != "" {
		hms = m[6] + ":" + m[7] + ":" + m[8]
	}
	return m[1] + "-" + m[3] + "-" + m[5] + "T" + hms + "Z"
}
