package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxDocBytes caps what one feed or HTML page may take in memory.
const maxDocBytes = 64 << 20

// feedReader reads the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed.
// gofeed converts declared encodings other than UTF-8 (ISO-8859-1,
// windows-1251, ...) and maps content:encoded to Content.
type feedReader struct {
	name  string
	r     io.Reader
	items []*Record
	next  int
	err   error
	done  bool
}

func (f *feedReader) Next() (*Record, error) {
	if !f.done {
		f.done = true
		f.items, f.err = parseFeed(f.name, f.r)
	}
	if f.err != nil {
		err := f.err
		f.err = nil
		return nil, err
	}
	if f.next >= len(f.items) {
		return nil, io.EOF
	}
	f.next++
	return f.items[f.next-1], nil
}

func parseFeed(name string, r io.Reader) ([]*Record, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxDocBytes))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable RSS/Atom feed: %v", name, err)
	}
	feedDate := ""
	switch {
	case feed.PublishedParsed != nil:
		feedDate = feed.PublishedParsed.UTC().Format(time.RFC3339)
	case feed.UpdatedParsed != nil:
		feedDate = feed.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	lang := feedLang(feed.Language)
	out := make([]*Record, 0, len(feed.Items))
	for i, it := range feed.Items {
		rec := &Record{File: name, Line: i + 1, Fields: map[string]string{}}
		rec.Fields[FieldTitle] = it.Title
		rec.Fields[FieldText] = fullestBody(it.Content, it.Description)
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
			link = it.GUID
		}
		rec.Fields[FieldURL] = link
		if link == "" {
			// Without a link the guid is the item's identity.
			rec.Fields[FieldID] = strings.TrimSpace(it.GUID)
		}
		rec.Fields[FieldSource] = feed.Title
		switch {
		case it.PublishedParsed != nil:
			rec.Fields[FieldPublished] = it.PublishedParsed.UTC().Format(time.RFC3339)
		case it.UpdatedParsed != nil:
			rec.Fields[FieldPublished] = it.UpdatedParsed.UTC().Format(time.RFC3339)
		case strings.TrimSpace(it.Published) != "":
			rec.Fields[FieldPublished] = it.Published // odd date: parsed (or warned about) later
		case strings.TrimSpace(it.Updated) != "":
			rec.Fields[FieldPublished] = it.Updated
		case it.DublinCoreExt != nil && len(it.DublinCoreExt.Date) > 0:
			rec.Fields[FieldPublished] = it.DublinCoreExt.Date[0]
		default:
			rec.Fields[FieldPublished] = feedDate
		}
		rec.Fields[FieldLang] = lang
		out = append(out, rec)
	}
	return out, nil
}

// fullestBody picks the longer of an item's full content and its
// description, measured as text without markup.
func fullestBody(content, desc string) string {
	if len(CleanText(content)) >= len(CleanText(desc)) {
		return content
	}
	return desc
}

// feedLang reduces "en-us" or "uk_UA" to "en" or "uk".
func feedLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if l, ok := langNames[s]; ok {
		return l
	}
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

var langNames = map[string]string{"english": "en", "ukrainian": "uk", "українська": "uk", "russian": "ru", "русский": "ru", "arabic": "ar", "العربية": "ar", "french": "fr", "german": "de", "spanish": "es"}
