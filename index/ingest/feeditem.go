package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/charmap"

	"github.com/sitrep/sitrep/index"
)

// Feed items that real feeds write and that would be lost: an item whose
// title and body are only in Media RSS (video feeds), an item with only a
// link, an item whose body is only an image, and several stories under one
// link (a live page) or one guid. feedItemRescue and feedIDs keep them.

// mediaValue is the first Media RSS element called name in the item's
// extensions, inside <media:group> too.
func mediaValue(exts ext.Extensions, name string) string {
	var find func(m map[string][]ext.Extension) string
	find = func(m map[string][]ext.Extension) string {
		for _, e := range m[name] {
			if v := strings.TrimSpace(e.Value); v != "" {
				return v
			}
		}
		for _, es := range m {
			for _, e := range es {
				if v := find(e.Children); v != "" {
					return v
				}
			}
		}
		return ""
	}
	return find(exts["media"])
}

// slugTitle makes a title of a link's last path segment, which is the
// headline on most news sites ("/2024/03/15/kherson-ferry-service-resumes").
func slugTitle(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	seg := path.Base(strings.TrimRight(u.Path, "/"))
	seg = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(seg, ".html"), ".htm"), ".php")
	words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
	letters := 0
	for _, w := range words {
		for _, r := range w {
			if r < '0' || r > '9' {
				letters++
				break
			}
		}
	}
	if letters < 2 {
		return ""
	}
	return strings.Join(words, " ")
}

// imageAlts is the alt text of the images in an HTML fragment: the only
// words of a photo item.
func imageAlts(fragment string) string {
	if !strings.Contains(fragment, "<img") {
		return ""
	}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	var alts []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			if a := strings.TrimSpace(attr(n, "alt")); a != "" {
				alts = append(alts, a)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.Join(alts, "\n")
}

// feedItemRescue fills an item's empty title and body from what else it
// carries: Media RSS title and description, image alt text, and, for the
// title, its link's words.
func feedItemRescue(rec *Record, it *gofeed.Item) {
	f := rec.Fields
	if strings.TrimSpace(f[FieldTitle]) == "" {
		f[FieldTitle] = mediaValue(it.Extensions, "title")
	}
	if strings.TrimSpace(CleanText(f[FieldText])) == "" {
		f[FieldText] = firstNonEmpty(mediaValue(it.Extensions, "description"), imageAlts(it.Description), imageAlts(it.Content))
	}
	if strings.TrimSpace(f[FieldTitle]) == "" && strings.TrimSpace(f[FieldText]) == "" {
		f[FieldTitle] = slugTitle(f[FieldURL])
	}
}

// feedIDs tells the stories of one feed apart: an item whose link (or,
// without a link, guid) an earlier item of the feed already had, under
// another title, is another story (an entry of a live page, a briefing
// that reuses its guid) and gets an id of its own; the same title again is
// the same story and keeps the shared id.
type feedIDs struct {
	titles map[string]string // link or guid -> title of its first item
}

func (f *feedIDs) assign(rec *Record, guid string) {
	key := index.CanonicalURL(rec.Fields[FieldURL])
	if key == "" {
		key = "guid:" + strings.TrimSpace(guid)
		if key == "guid:" {
			return
		}
	}
	title := strings.Join(strings.Fields(rec.Fields[FieldTitle]), " ")
	if f.titles == nil {
		f.titles = map[string]string{}
	}
	first, seen := f.titles[key]
	if !seen {
		f.titles[key] = title
		return
	}
	if first == title {
		return
	}
	sum := sha256.Sum256([]byte(key + "\x00" + strings.TrimSpace(guid) + "\x00" + title))
	rec.Fields[FieldID] = "f" + hex.EncodeToString(sum[:10])
}

// summaryRunes is the body length under which a feed item is a summary and
// the page it links to, when supplied beside the feed, gives the text.
const summaryRunes = 600

// pagesBeside finds the HTML pages in a feed's folder by the URL they say
// they are (canonical, og:url) and by file name (the link's last segment).
type pagesBeside struct {
	dir    string
	loaded bool
	byURL  map[string]string
	byName map[string]string
	lim    Limits
}

func (p *pagesBeside) load() {
	p.loaded = true
	p.byURL, p.byName = map[string]string{}, map[string]string{}
	if p.dir == "" {
		return
	}
	entries, err := os.ReadDir(p.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if e.IsDir() || (ext != ".html" && ext != ".htm") {
			continue
		}
		full := filepath.Join(p.dir, name)
		p.byName[strings.TrimSuffix(name, filepath.Ext(name))] = full
		if b, err := readHead(full, 1<<16); err == nil {
			if doc, err := html.Parse(bytes.NewReader(b)); err == nil {
				if u := index.CanonicalURL(readMeta(doc).url); u != "" {
					p.byURL[u] = full
				}
			}
		}
	}
}

// readHead reads the first n bytes of a file, where a page's <head> is.
func readHead(name string, n int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := f.Read(b)
	if k > 0 {
		err = nil
	}
	return b[:k], err
}

// page returns the text of the page a link points to, when it is beside
// the feed.
func (p *pagesBeside) page(link string) *Record {
	if !p.loaded {
		p.load()
	}
	file := p.byURL[index.CanonicalURL(link)]
	if file == "" {
		if u, err := url.Parse(link); err == nil && u.Path != "" {
			base := path.Base(strings.TrimRight(u.Path, "/"))
			file = p.byName[strings.TrimSuffix(base, path.Ext(base))]
		}
	}
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil || len(b) > p.lim.RecordBytes {
		return nil
	}
	return parseHTML(file, b)
}

// withPage gives a summary-only item the text of its page, when the page
// is beside the feed; the item's own title, date and link stay.
func (p *pagesBeside) withPage(rec *Record) {
	body := strings.TrimSpace(CleanText(rec.Fields[FieldText]))
	link := rec.Fields[FieldURL]
	if link == "" || utf8.RuneCountInString(body) >= summaryRunes {
		return
	}
	pg := p.page(link)
	if pg == nil || pg.Err != nil {
		return
	}
	if t := pg.Fields[FieldText]; utf8.RuneCountInString(strings.TrimSpace(t)) > utf8.RuneCountInString(body) {
		rec.Fields[FieldText] = t
	}
	for _, k := range []string{FieldTitle, FieldPublished, FieldLang} {
		if strings.TrimSpace(rec.Fields[k]) == "" {
			rec.Fields[k] = pg.Fields[k]
		}
	}
}

// repairItem mends what real feeds get wrong inside an item: bytes that
// are not UTF-8 in a feed that says it is (read as windows-1252, which
// most such feeds are), and a "<" in text that opens no tag. It reports
// whether it changed anything.
func repairItem(item []byte) ([]byte, bool) {
	out := item
	changed := false
	if !utf8.Valid(out) {
		if d, err := charmap.Windows1252.NewDecoder().Bytes(out); err == nil {
			out, changed = d, true
		}
	}
	var b bytes.Buffer
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c == '<' && !opensMarkup(out[i+1:]) {
			b.WriteString("&lt;")
			changed = true
			continue
		}
		b.WriteByte(c)
	}
	return b.Bytes(), changed
}

// opensMarkup reports whether what follows a "<" is a tag, an end tag, a
// comment, CDATA or a processing instruction.
func opensMarkup(rest []byte) bool {
	if len(rest) == 0 {
		return false
	}
	switch c := rest[0]; {
	case c == '/' || c == '!' || c == '?' || c == '_' || c == ':':
		return true
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return true
	case c >= 0x80:
		r, _ := utf8.DecodeRune(rest)
		return unicode.IsLetter(r)
	}
	return false
}

// guidID is the identity of an item without a link. A guid that names
// itself worldwide (a URL, a tag: or urn: URI, a long random string) is the
// id as it is; a short one ("1042", "briefing") is unique only in its feed,
// so the feed's site (or title) goes before it: two feeds numbering their
// items from 1 do not overwrite each other.
func guidID(feed *gofeed.Feed, guid string) string {
	guid = strings.TrimSpace(guid)
	if guid == "" || strings.Contains(guid, ":") || strings.Contains(guid, "/") || len(guid) >= 24 {
		return guid
	}
	scope := ""
	if u, err := url.Parse(strings.TrimSpace(feed.Link)); err == nil && u.Host != "" {
		scope = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	if scope == "" {
		scope = strings.TrimSpace(feed.Title)
	}
	if scope == "" {
		return guid
	}
	return scope + ":" + guid
}
