package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// htmlReader reads one HTML article page: the story's text without
// navigation, teasers, share, subscribe and cookie boxes or comments
// (combinedPage: trafilatura, Readability where it finds too little), with title, date, source and URL from the
// page's metadata (og:*, article:published_time, JSON-LD NewsArticle,
// <link rel=canonical>).
type htmlReader struct {
	name string
	r    io.Reader
	lim  Limits
	done bool
}

func (h *htmlReader) Next() (*Record, error) {
	if h.done {
		return nil, io.EOF
	}
	h.done = true
	b, cut, err := readDoc(h.r, h.lim.RecordBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.name, err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: empty file", h.name)
	}
	rec := parseHTML(h.name, b)
	if cut != "" {
		rec.Warn = append(rec.Warn, cut)
	}
	return rec, nil
}

// pageMeta is what a page says about itself.
type pageMeta struct {
	title, published, source, url, lang, description string
}

func parseHTML(name string, b []byte) *Record {
	rec := &Record{File: name, Line: 1, Fields: map[string]string{}}
	// Decode the declared (or sniffed) charset to UTF-8. A page whose
	// declaration is past the first 1024 bytes (saved and archived pages)
	// is sniffed as windows-1252: valid UTF-8 stays UTF-8 then.
	if enc, encName, certain := charset.DetermineEncoding(b, ""); encName != "utf-8" && (certain || !utf8.Valid(b)) {
		if d, err := enc.NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		rec.Err = fmt.Errorf("unreadable HTML: %v", err)
		return rec
	}
	meta := readMeta(doc)
	var pageURL *url.URL
	if meta.url != "" {
		pageURL, _ = url.Parse(meta.url)
	}
	page := combinedPage(b, pageURL)
	text := page.text
	title := storyTitle(meta.title, meta.source, headings(doc), page.title)
	meta.published = firstNonEmpty(meta.published, page.published)
	meta.source = firstNonEmpty(meta.source, page.site)
	meta.lang = firstNonEmpty(meta.lang, page.lang)
	if strings.TrimSpace(text) == "" {
		text = meta.description
	}
	rec.Fields[FieldTitle] = title
	rec.Fields[FieldText] = text
	rec.Fields[FieldURL] = meta.url
	rec.Fields[FieldSource] = meta.source
	rec.Fields[FieldPublished] = meta.published
	rec.Fields[FieldLang] = feedLang(meta.lang)
	return rec
}

// readMeta collects metadata from <head> and JSON-LD.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	metas := map[string]string{}
	var ldScripts []string
	var titleTag string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				if l := attr(n, "lang"); l != "" {
					m.lang = l
				}
			case "meta":
				k := strings.ToLower(attr(n, "property"))
				if k == "" {
					k = strings.ToLower(attr(n, "name"))
				}
				if k == "" {
					k = strings.ToLower(attr(n, "itemprop"))
				}
				if v := strings.TrimSpace(attr(n, "content")); k != "" && v != "" {
					if _, seen := metas[k]; !seen {
						metas[k] = v
					}
				}
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && metas["canonical"] == "" {
					metas["canonical"] = strings.TrimSpace(attr(n, "href"))
				}
			case "script":
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					ldScripts = append(ldScripts, n.FirstChild.Data)
				}
			case "title":
				if n.FirstChild != nil && titleTag == "" {
					titleTag = n.FirstChild.Data
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	ld := jsonLDArticle(ldScripts)
	first := func(vals ...string) string {
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
		return ""
	}
	m.title = first(ld["headline"], metas["og:title"], metas["twitter:title"], titleTag)
	m.published = first(metas["article:published_time"], ld["datePublished"], metas["og:published_time"],
		metas["datepublished"], metas["pubdate"], metas["publishdate"], metas["date"], metas["dc.date"],
		metas["dcterms.created"], metas["sailthru.date"], metas["parsely-pub-date"], ld["dateCreated"])
	m.source = first(metas["og:site_name"], ld["publisher"], metas["application-name"])
	m.url = first(metas["canonical"], metas["og:url"], ld["url"])
	if u, err := url.Parse(m.url); err != nil || !u.IsAbs() {
		m.url = ""
	}
	m.lang = first(m.lang, metas["og:locale"], ld["inLanguage"])
	m.description = first(metas["og:description"], metas["description"], ld["description"])
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// jsonLDArticle returns string properties of the first JSON-LD object
// whose @type is an article type (NewsArticle, Article, ReportageNewsArticle...).
func jsonLDArticle(scripts []string) map[string]string {
	out := map[string]string{}
	var visit func(v any) bool
	visit = func(v any) bool {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if visit(e) {
					return true
				}
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok && visit(g) {
				return true
			}
			if !isArticleType(x["@type"]) {
				return false
			}
			for k, val := range x {
				switch y := val.(type) {
				case string:
					out[k] = y
				case map[string]any:
					if s, ok := y["name"].(string); ok {
						out[k] = s
					}
				case []any:
					if len(y) > 0 {
						if s, ok := y[0].(string); ok {
							out[k] = s
						}
					}
				}
			}
			return true
		}
		return false
	}
	for _, s := range scripts {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<![CDATA["), "]]>"))
		var v any
		if json.Unmarshal([]byte(s), &v) == nil && visit(v) {
			break
		}
	}
	return out
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "LiveBlogPosting" || x == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}
