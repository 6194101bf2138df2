package ingest

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Reader yields the records of one input, in order; io.EOF ends it.
type Reader interface {
	Next() (*Record, error)
}

// Formats sitrep reads.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
	FormatTSV   = "tsv"
	FormatText  = "text"
	FormatFeed  = "feed" // RSS 2.0, RSS 1.0 (RDF), Atom
	FormatHTML  = "html"
)

// Formats lists every format name --format accepts.
var Formats = []string{FormatJSONL, FormatCSV, FormatTSV, FormatFeed, FormatHTML, FormatText}

// DetectFormat picks a format from a file name; "" when unknown.
func DetectFormat(name string) string {
	n := strings.ToLower(strings.TrimSuffix(strings.ToLower(name), ".gz"))
	switch filepath.Ext(n) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	case ".csv":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	case ".txt", ".text", ".md":
		return FormatText
	case ".rss", ".atom", ".rdf", ".xml":
		return FormatFeed
	case ".html", ".htm", ".xhtml", ".shtml":
		return FormatHTML
	}
	return ""
}

// SniffFormat picks a format from the first bytes of a file whose name
// says nothing; "" when it does not look like anything sitrep reads.
func SniffFormat(head []byte) string {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 {
		return ""
	}
	low := bytes.ToLower(t[:min(len(t), 1024)])
	switch {
	case t[0] == '{' || t[0] == '[':
		return FormatJSONL
	case bytes.Contains(low, []byte("<rss")) || bytes.Contains(low, []byte("<feed")) || bytes.Contains(low, []byte("<rdf:rdf")):
		return FormatFeed
	case bytes.HasPrefix(low, []byte("<!doctype html")) || bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<head")) || bytes.Contains(low, []byte("<body")):
		return FormatHTML
	case bytes.HasPrefix(low, []byte("<?xml")):
		return FormatFeed
	}
	if bytes.IndexByte(t, 0) >= 0 || !utf8.Valid(t[:validPrefix(t)]) {
		return "" // binary
	}
	first := t
	if nl := bytes.IndexByte(first, '\n'); nl >= 0 {
		first = first[:nl]
	}
	if tabs := bytes.Count(first, []byte{'\t'}); tabs >= 2 {
		return FormatTSV
	}
	return FormatText
}

// validPrefix trims a possibly cut last rune from a sniffed head.
func validPrefix(b []byte) int {
	n := len(b)
	for i := 0; i < 3 && n > 0 && !utf8.RuneStart(b[n-1]); i++ {
		n--
	}
	if n > 0 && !utf8.FullRune(b[n-1:]) {
		n--
	}
	return n
}

// NewReader returns a reader of format for r, with the default limits;
// name labels its records.
func NewReader(name string, r io.Reader, format string, mapping map[string]string) (Reader, error) {
	return newReader(name, r, format, mapping, DefaultLimits)
}

// newReader returns a reader of format for r whose records keep to lim.
func newReader(name string, r io.Reader, format string, mapping map[string]string, lim Limits) (Reader, error) {
	lim = lim.withDefaults()
	var rd Reader
	var err error
	switch format {
	case FormatJSONL:
		rd = newJSONLReader(name, r, mapping, lim)
	case FormatCSV:
		rd, err = newCSVReader(name, r, ',', mapping, lim)
	case FormatTSV:
		rd, err = newCSVReader(name, r, '\t', mapping, lim)
	case FormatText:
		rd = &textReader{name: name, r: r, lim: lim}
	case FormatFeed:
		rd = newFeedReader(name, r, lim)
	case FormatHTML:
		rd = &htmlReader{name: name, r: r, lim: lim}
	default:
		return nil, fmt.Errorf("%s: unknown format %q", name, format)
	}
	if err != nil {
		return nil, err
	}
	return limitedReader{Reader: rd, max: lim.FieldBytes}, nil
}

// readDoc reads a whole-file record (a text file, an HTML page) up to the
// record limit; cut, when set, is a warning that the file was longer.
func readDoc(r io.Reader, max int) (b []byte, cut string, err error) {
	b, err = io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, "", err
	}
	if len(b) > max {
		n := max
		for n > 0 && n > max-utf8.UTFMax && !utf8.RuneStart(b[n]) {
			n--
		}
		b = b[:n]
		cut = fmt.Sprintf("file is over the record limit of %s (ingest.max_record_bytes): only its first %s read", humanBytes(int64(max)), humanBytes(int64(max)))
	}
	return b, cut, nil
}

// textReader reads a plain-text file as one article. A short first line
// that does not end a sentence is its title; otherwise the title is the
// first sentence.
type textReader struct {
	name string
	r    io.Reader
	lim  Limits
	done bool
}

func (t *textReader) Next() (*Record, error) {
	if t.done {
		return nil, io.EOF
	}
	t.done = true
	b, cut, err := readDoc(t.r, t.lim.RecordBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	rec := &Record{File: t.name, Line: 1, Fields: map[string]string{}}
	if cut != "" {
		rec.Warn = append(rec.Warn, cut)
	}
	if !utf8.Valid(b) {
		rec.Warn = append(rec.Warn, "invalid UTF-8 replaced by U+FFFD")
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	body := strings.TrimSpace(s)
	first, rest, _ := strings.Cut(body, "\n")
	first = strings.TrimSpace(first)
	if n := len([]rune(first)); n > 0 && n <= 160 && !strings.HasSuffix(first, ".") && strings.TrimSpace(rest) != "" {
		rec.Fields[FieldTitle] = first
		rec.Fields[FieldText] = strings.TrimSpace(rest)
		return rec, nil
	}
	rec.Fields[FieldTitle] = firstSentence(CleanLine(first), 160)
	rec.Fields[FieldText] = body
	return rec, nil
}

// firstSentence returns s up to its first full stop, cut at a word
// boundary near max runes.
func firstSentence(s string, max int) string {
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := string(r[:max])
	if sp := strings.LastIndexByte(cut, ' '); sp > max/2 {
		cut = cut[:sp]
	}
	return cut + "…"
}

func isValidUTF8(s string) bool { return utf8.ValidString(s) }
