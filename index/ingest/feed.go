package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// feedReader reads the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed.
// gofeed converts declared encodings other than UTF-8 (ISO-8859-1,
// windows-1251, ...) and maps content:encoded to Content.
//
// The feed streams: the channel's head is kept, each <item> or <entry> is
// cut out of the input and parsed together with that head, so a feed of
// any length costs one item at a time, an item over the record limit or
// one gofeed cannot read is one rejected record, and the line of each
// record is the line its item starts on.
type feedReader struct {
	name string
	sc   *xmlScanner
	lim  Limits
	fp   *gofeed.Parser

	head    []byte // the document up to the first item
	closers []byte // end tags of the elements open around the items
	started bool
	checked bool // the head was found readable
	items   int

	ids   feedIDs      // stories sharing a link or guid
	pages *pagesBeside // pages supplied beside the feed
}

func newFeedReader(name string, r io.Reader, lim Limits) *feedReader {
	// Pages are looked for beside a feed file only: never for stdin or a
	// request body.
	dir := ""
	if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() && name != "stdin" {
		dir = filepath.Dir(name)
	}
	return &feedReader{name: name, sc: &xmlScanner{br: bufio.NewReaderSize(r, 1<<16), line: 1}, lim: lim, fp: gofeed.NewParser(),
		pages: &pagesBeside{dir: dir, lim: lim}}
}

// isItem reports whether a start tag opens a feed item (any prefix).
func isItem(name string) bool {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name == "item" || name == "entry"
}

func (f *feedReader) Next() (*Record, error) {
	sc := f.sc
	if !f.started {
		f.started = true
		tok, err := f.readHead()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			// No item at all: the whole file is the feed.
			if len(bytes.TrimSpace(f.head)) == 0 {
				return nil, fmt.Errorf("%s: empty file", f.name)
			}
			if _, err := f.fp.Parse(bytes.NewReader(f.head)); err != nil {
				return nil, fmt.Errorf("%s: not a readable RSS/Atom feed: %v", f.name, err)
			}
			return nil, io.EOF
		}
		return f.item(tok)
	}
	for {
		tok, err := sc.next(nil, f.lim.RecordBytes)
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", f.name, sc.line, err)
		}
		if tok.kind == xmlStart && isItem(tok.name) {
			return f.item(tok)
		}
	}
}

// readHead keeps the document up to the first item's start tag, which it
// returns (nil when there is none), and the stack of open elements there.
func (f *feedReader) readHead() (*xmlToken, error) {
	sc := f.sc
	var buf []byte
	var stack []string
	for {
		tok, err := sc.next(&buf, f.lim.RecordBytes)
		if errors.Is(err, io.EOF) {
			f.head = bytes.TrimPrefix(buf, []byte{0xEF, 0xBB, 0xBF})
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", f.name, sc.line, err)
		}
		if sc.over {
			return nil, fmt.Errorf("%s: the feed's head (before its first item) is over the record limit of %s (ingest.max_record_bytes)", f.name, humanBytes(int64(f.lim.RecordBytes)))
		}
		switch {
		case tok.kind == xmlStart && isItem(tok.name):
			f.head = bytes.TrimPrefix(buf[:len(buf)-len(tok.raw)], []byte{0xEF, 0xBB, 0xBF})
			var cl bytes.Buffer
			for i := len(stack) - 1; i >= 0; i-- {
				cl.WriteString("</" + stack[i] + ">")
			}
			f.closers = cl.Bytes()
			return tok, nil
		case tok.kind == xmlStart:
			stack = append(stack, tok.name)
		case tok.kind == xmlEnd:
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == tok.name {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// item reads the item whose start tag was just read and parses it.
func (f *feedReader) item(open *xmlToken) (*Record, error) {
	sc := f.sc
	line := open.line
	f.items++
	rec := &Record{File: f.name, Line: line}
	buf := append([]byte(nil), open.raw...)
	sc.over = open.tooLong
	if !open.selfClose {
		depth := 1
		for depth > 0 {
			tok, err := sc.next(&buf, f.lim.RecordBytes)
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				sc.over = false
				rec.Err = errors.New("feed item never ends")
				return rec, nil
			}
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", f.name, sc.line, err)
			}
			switch {
			case tok.kind == xmlStart && tok.name == open.name && !tok.selfClose:
				depth++
			case tok.kind == xmlEnd && tok.name == open.name:
				depth--
			}
		}
	}
	if sc.over {
		sc.over = false
		rec.Err = fmt.Errorf("feed item is over the record limit of %s (ingest.max_record_bytes)", humanBytes(int64(f.lim.RecordBytes)))
		return rec, nil
	}
	doc := make([]byte, 0, len(f.head)+len(buf)+len(f.closers))
	doc = append(append(append(doc, f.head...), buf...), f.closers...)
	feed, err := f.fp.Parse(bytes.NewReader(doc))
	if err != nil {
		// A feed's own slips (bytes of another charset, a bare "<" in
		// text) cost the item only when repairing them does not help.
		if fixed, ok := repairItem(buf); ok {
			doc = append(append(append(doc[:0], f.head...), fixed...), f.closers...)
			if fd, ferr := f.fp.Parse(bytes.NewReader(doc)); ferr == nil {
				feed, err = fd, nil
			}
		}
	}
	if err == nil && len(feed.Items) == 0 {
		err = errors.New("no item in it")
	}
	if err != nil {
		if !f.checked {
			// Is the feed itself unreadable, or only this item?
			head := append(append([]byte(nil), f.head...), f.closers...)
			if _, herr := f.fp.Parse(bytes.NewReader(head)); herr != nil {
				return nil, fmt.Errorf("%s: not a readable RSS/Atom feed: %v", f.name, herr)
			}
			f.checked = true
		}
		rec.Err = fmt.Errorf("not a readable feed item: %v", err)
		return rec, nil
	}
	f.checked = true
	it := feed.Items[0]
	feedItemFields(rec, feed, it)
	f.pages.withPage(rec)
	feedItemRescue(rec, it)
	f.ids.assign(rec, it.GUID)
	return rec, nil
}

// feedItemFields fills rec from one item of feed.
func feedItemFields(rec *Record, feed *gofeed.Feed, it *gofeed.Item) {
	feedDate := ""
	switch {
	case feed.PublishedParsed != nil:
		feedDate = feed.PublishedParsed.UTC().Format(time.RFC3339)
	case feed.UpdatedParsed != nil:
		feedDate = feed.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	rec.Fields = map[string]string{}
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
		rec.Fields[FieldID] = guidID(feed, it.GUID)
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
	rec.Fields[FieldLang] = feedLang(feed.Language)
}

// xmlScanner finds the tags of an XML stream without building a tree:
// enough to cut a feed into items. Comments, CDATA sections, processing
// instructions and quoted attribute values are skipped whole, so a "<item>"
// inside them is text.
type xmlScanner struct {
	br   *bufio.Reader
	line int // line of the next byte
	over bool
}

const (
	xmlStart = iota + 1
	xmlEnd
	xmlOther
)

type xmlToken struct {
	kind      int
	name      string
	selfClose bool
	line      int    // line of its '<'
	raw       []byte // a start or end tag as read (nil for others)
	tooLong   bool   // the tag is over the limit: raw is cut
}

// next reads text up to and including the next tag or other markup. When
// keep is set, everything read is appended to it while it holds at most
// max bytes; past that over is set and the bytes are dropped.
func (s *xmlScanner) next(keep *[]byte, max int) (*xmlToken, error) {
	add := func(b []byte) {
		if keep == nil || s.over {
			return
		}
		if len(*keep)+len(b) > max {
			s.over = true
			*keep = (*keep)[:0]
			return
		}
		*keep = append(*keep, b...)
	}
	for {
		chunk, err := s.br.ReadSlice('<')
		s.line += bytes.Count(chunk, []byte{'\n'})
		add(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	tok := &xmlToken{line: s.line}
	eof := func(err error) error {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	// readTo reads markup up to its terminator, keeping it in keep; only
	// its last bytes are looked at.
	readTo := func(term string) error {
		var tail []byte
		var buf [4096]byte
		pending := buf[:0]
		defer func() { add(pending) }()
		for {
			c, err := s.br.ReadByte()
			if err != nil {
				return eof(err)
			}
			if c == '\n' {
				s.line++
			}
			pending = append(pending, c)
			if len(pending) == cap(pending) {
				add(pending)
				pending = buf[:0]
			}
			tail = append(tail, c)
			if len(tail) > len(term) {
				tail = tail[1:]
			}
			if string(tail) == term {
				return nil
			}
		}
	}
	head, _ := s.br.Peek(8)
	var err error
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		tok.kind = xmlOther
		s.br.Discard(3)
		add([]byte("!--"))
		err = readTo("-->")
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		tok.kind = xmlOther
		s.br.Discard(8)
		add([]byte("![CDATA["))
		err = readTo("]]>")
	case bytes.HasPrefix(head, []byte("?")):
		tok.kind = xmlOther
		err = readTo("?>")
	case bytes.HasPrefix(head, []byte("!")):
		tok.kind = xmlOther
		err = readTo(">")
	default:
		tok.kind = xmlStart
		if len(head) > 0 && head[0] == '/' {
			tok.kind = xmlEnd
		}
		tag := []byte{'<'}
		var quote, prev byte
		for {
			c, rerr := s.br.ReadByte()
			if rerr != nil {
				err = eof(rerr)
				break
			}
			if c == '\n' {
				s.line++
			}
			if len(tag) < max {
				tag = append(tag, c)
			} else {
				tok.tooLong = true
			}
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				prev = c
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
			prev = c
		}
		name := bytes.TrimPrefix(tag[1:], []byte{'/'})
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		tok.name = string(name)
		tok.selfClose = prev == '/'
		tok.raw = tag
		if tok.tooLong && keep != nil && !s.over {
			s.over, *keep = true, (*keep)[:0]
		}
		add(tag[1:])
	}
	if err != nil {
		return nil, err
	}
	return tok, nil
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
