package ingest

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// pageText is what an extractor takes from an article page: the story's
// title and text, and the date and site it found (empty when it found none).
type pageText struct {
	title, text, published, site, lang string
}

// pageExtractor takes the story out of an HTML page (UTF-8). The page set
// in testdata/pages measures each one (TestPageExtraction).
type pageExtractor func(b []byte, pageURL *url.URL) pageText

// readabilityPage is Mozilla's Readability (go-readability v2): the block
// with the densest text, rendered as text.
func readabilityPage(b []byte, pageURL *url.URL) pageText {
	var p pageText
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return p
	}
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil {
		return p
	}
	if art.Node != nil {
		var sb strings.Builder
		if art.RenderText(&sb) == nil {
			p.text = sb.String()
		}
	}
	p.title = art.Title()
	if t, err := art.PublishedTime(); err == nil {
		p.published = t.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	p.site = art.SiteName()
	p.lang = art.Language()
	return p
}

// trafilaturaPage is trafilatura (go-trafilatura): paragraphs, headings,
// lists, quotes and tables of the main content, with navigation, teasers,
// share and subscribe boxes and comments pruned. Its own fallback
// (Readability and DOM Distiller, compared with its result) is on when
// fallback is true.
func trafilaturaPage(fallback bool) pageExtractor {
	return func(b []byte, pageURL *url.URL) pageText {
		var p pageText
		// b is UTF-8 already: parsed here, not by trafilatura.Extract, which
		// would decode a declared charset a second time.
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return p
		}
		res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
			OriginalURL:     pageURL,
			EnableFallback:  fallback,
			ExcludeComments: true,
			Deduplicate:     true,
			HtmlDateMode:    trafilatura.Disabled,
		})
		if err != nil || res == nil {
			return p
		}
		p.text = blockText(res.ContentNode)
		if strings.TrimSpace(p.text) == "" {
			p.text = res.ContentText
		}
		p.title = res.Metadata.Title
		if !res.Metadata.Date.IsZero() {
			p.published = res.Metadata.Date.UTC().Format("2006-01-02T15:04:05Z07:00")
		}
		// Metadata.Sitename is left out: where a page does not name its
		// site, trafilatura guesses it from parts of the title, and a
		// wrong guess would cut the headline (storyTitle) or name the
		// wrong source.
		p.lang = res.Metadata.Language
		return p
	}
}

// minPageRunes is the text below which the combination does not trust
// trafilatura alone.
const minPageRunes = 250

// combinedPage runs trafilatura with its own fallback (it weighs its
// result against Readability's and DOM Distiller's and keeps the better),
// then Readability where that still returns too little (under
// minPageRunes), keeping the longer text; lines that are only a time of
// day are dropped.
func combinedPage(b []byte, pageURL *url.URL) pageText {
	p := combined(b, pageURL)
	p.text = dropStampLines(p.text)
	return p
}

func combined(b []byte, pageURL *url.URL) pageText {
	t := trafilaturaPage(true)(b, pageURL)
	tn := utf8.RuneCountInString(strings.TrimSpace(t.text))
	if tn >= minPageRunes {
		return t
	}
	r := readabilityPage(b, pageURL)
	if utf8.RuneCountInString(strings.TrimSpace(r.text)) <= tn {
		return t
	}
	r.title = firstNonEmpty(t.title, r.title)
	r.published = firstNonEmpty(t.published, r.published)
	r.site = firstNonEmpty(t.site, r.site)
	r.lang = firstNonEmpty(t.lang, r.lang)
	return r
}

// blockElements end a line of text: paragraphs, headings, list items,
// quotes, table rows and cells, and the containers around them.
var blockElements = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "td": true, "th": true,
	"figure": true, "figcaption": true, "header": true, "footer": true, "hr": true,
}

// blockText is the text of an extracted tree with one line for each block,
// so that paragraphs stay apart (trafilatura's own ContentText runs them
// together).
func blockText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "br" {
				sb.WriteByte('\n')
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.Data]
		if block {
			sb.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			sb.WriteByte('\n')
		}
	}
	walk(n)
	var lines []string
	for _, l := range strings.Split(sb.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n\n")
}

// stampLine is a line that is only a time of day, as live pages print over
// each entry ("12:40 GMT", "Updated 09:15", "оновлено 14:05"): no words of
// the story, and a match for every search of that time.
var stampLine = regexp.MustCompile(`(?i)^\s*(?:(?:updated|posted|published|оновлено|опубліковано|обновлено|опубликовано|تحديث)\s*:?\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm))?(?:\s*(?:gmt|utc|bst|cet|cest|eet|eest|msk|kyiv|за київським часом|мск|[+-]\d{2}:?\d{2}))?\s*$`)

// dropStampLines removes the lines of text that are only a time of day; the
// lines left are paragraphs, a blank line apart.
func dropStampLines(text string) string {
	if !strings.Contains(text, ":") && !strings.Contains(text, ".") {
		return text
	}
	var paras []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" && !stampLine.MatchString(l) {
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n\n")
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// titleSeparators are what sites put between a story's title and their own
// name in <title> and og:title.
const titleSeparators = "|-–—•·»:/"

// storyTitle picks the story's title. A page's <title> (or og:title) is often
// the headline plus the site's name; where a heading of the page or an
// extractor's title (not the site's name) is that headline, cut at a
// separator, it is the title; otherwise the page's own title less the
// site's name, else the extractor's.
func storyTitle(full, site string, headings []string, extracted ...string) string {
	full = strings.Join(strings.Fields(full), " ")
	site = strings.Join(strings.Fields(site), " ")
	if full == "" {
		return firstNonEmpty(extracted...)
	}
	best := ""
	for _, c := range append(append([]string(nil), headings...), extracted...) {
		c = strings.Join(strings.Fields(c), " ")
		if c == "" || len(c) <= len(best) || len(c) >= len(full) || strings.EqualFold(c, site) {
			continue
		}
		// The rest must begin (or end) with a separator set off by a space:
		// "Kyiv-Warsaw trains" is one title, "Kyiv - News" two parts.
		switch {
		case strings.HasPrefix(full, c+" "):
			if r, _ := utf8.DecodeRuneInString(full[len(c)+1:]); strings.ContainsRune(titleSeparators, r) {
				best = c
			}
		case strings.HasSuffix(full, " "+c):
			if r, _ := utf8.DecodeLastRuneInString(full[:len(full)-len(c)-1]); strings.ContainsRune(titleSeparators, r) {
				best = c
			}
		}
	}
	if best != "" {
		return best
	}
	// No heading says where the site's name is: cut it off when the page
	// names its site (og:site_name).
	if site != "" && len(site) < len(full) {
		if rest, ok := strings.CutSuffix(full, " "+site); ok {
			if r, n := utf8.DecodeLastRuneInString(rest); strings.ContainsRune(titleSeparators, r) && strings.TrimSpace(rest[:len(rest)-n]) != "" {
				return strings.TrimSpace(rest[:len(rest)-n])
			}
		}
		if rest, ok := strings.CutPrefix(full, site+" "); ok {
			if r, n := utf8.DecodeRuneInString(rest); strings.ContainsRune(titleSeparators, r) && strings.TrimSpace(rest[n:]) != "" {
				return strings.TrimSpace(rest[n:])
			}
		}
	}
	return full
}

// headings returns the text of the page's <h1> elements.
func headings(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h1" {
			if t := strings.TrimSpace(nodeText(n)); t != "" {
				out = append(out, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func nodeText(n *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}
