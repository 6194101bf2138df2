package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
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
)

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
	}
	return ""
}

// NewReader returns a reader of format for r; name labels its records.
func NewReader(name string, r io.Reader, format string, mapping map[string]string) (Reader, error) {
	switch format {
	case FormatJSONL:
		return newJSONLReader(name, r, mapping), nil
	case FormatCSV:
		return newCSVReader(name, r, ',', mapping)
	case FormatTSV:
		return newCSVReader(name, r, '\t', mapping)
	case FormatText:
		return &textReader{name: name, r: r}, nil
	}
	return nil, fmt.Errorf("%s: unknown format %q", name, format)
}

// jsonlReader reads one JSON object per line. A file that holds one JSON
// array instead is read element by element.
type jsonlReader struct {
	name    string
	br      *bufio.Reader
	line    int
	mapping map[string]string
	array   *json.Decoder
	started bool
}

func newJSONLReader(name string, r io.Reader, mapping map[string]string) *jsonlReader {
	return &jsonlReader{name: name, br: bufio.NewReaderSize(r, 1<<20), mapping: mapping}
}

func (j *jsonlReader) Next() (*Record, error) {
	if !j.started {
		j.started = true
		// Skip a BOM and blank space to see whether this is an array.
		for {
			b, err := j.br.Peek(1)
			if err != nil {
				break
			}
			if bytes.HasPrefix(b, []byte{0xEF}) {
				if bom, _ := j.br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
					j.br.Discard(3)
					continue
				}
			}
			if b[0] == '\n' {
				j.line++
			}
			if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
				j.br.Discard(1)
				continue
			}
			if b[0] == '[' {
				j.array = json.NewDecoder(j.br)
				if _, err := j.array.Token(); err != nil {
					return nil, fmt.Errorf("%s: %w", j.name, err)
				}
			}
			break
		}
	}
	if j.array != nil {
		return j.nextArray()
	}
	for {
		raw, err := j.br.ReadBytes('\n')
		if len(raw) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s:%d: %w", j.name, j.line+1, err)
		}
		j.line++
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		rec := &Record{File: j.name, Line: j.line}
		var m map[string]any
		if !utf8.Valid(raw) {
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			rec.Err = fmt.Errorf("malformed JSON: %v", jsonErr(err))
			return rec, nil
		}
		rec.Fields = fieldsFromMap(m, j.mapping)
		return rec, nil
	}
}

func (j *jsonlReader) nextArray() (*Record, error) {
	if !j.array.More() {
		return nil, io.EOF
	}
	j.line++ // element number: arrays have no useful line
	rec := &Record{File: j.name, Line: j.line}
	var m map[string]any
	if err := j.array.Decode(&m); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: element %d: malformed JSON: %v", j.name, j.line, err)
		}
		rec.Err = fmt.Errorf("element is not an object: %v", jsonErr(err))
		return rec, nil
	}
	rec.Fields = fieldsFromMap(m, j.mapping)
	return rec, nil
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	return err.Error()
}

// csvReader reads a table with a header row.
type csvReader struct {
	name   string
	cr     *csv.Reader
	header []string
	cols   map[string]int
}

func newCSVReader(name string, r io.Reader, delim rune, mapping map[string]string) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if delim == ',' {
		// A header with more semicolons than commas is semicolon-separated.
		if first, _ := br.Peek(4096); len(first) > 0 {
			if nl := bytes.IndexByte(first, '\n'); nl >= 0 {
				first = first[:nl]
			}
			if bytes.Count(first, []byte{';'}) > bytes.Count(first, []byte{','}) {
				delim = ';'
			}
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file: no header row", name)
		}
		return nil, fmt.Errorf("%s:1: header: %w", name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.ToValidUTF8(header[i], "\uFFFD"))
	}
	cols, err := mapColumns(header, mapping)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	_, hasTitle := cols[FieldTitle]
	_, hasText := cols[FieldText]
	if !hasTitle && !hasText {
		return nil, fmt.Errorf("%s:1: no title or text column among %q; name one with --map text=COLUMN", name, header)
	}
	return &csvReader{name: name, cr: cr, header: header, cols: cols}, nil
}

func (c *csvReader) Next() (*Record, error) {
	row, err := c.cr.Read()
	line, _ := c.cr.FieldPos(0)
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	rec := &Record{File: c.name, Line: line}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rec.Line = pe.StartLine
			rec.Err = fmt.Errorf("malformed row: %v", pe.Err)
			return rec, nil
		}
		return nil, fmt.Errorf("%s:%d: %w", c.name, line, err)
	}
	if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
		return c.Next()
	}
	if len(row) < len(c.header) {
		rec.Err = fmt.Errorf("row has %d columns, the header has %d", len(row), len(c.header))
		return rec, nil
	}
	rec.Fields = map[string]string{}
	for field, i := range c.cols {
		if i < len(row) {
			rec.Fields[field] = strings.ToValidUTF8(row[i], "\uFFFD")
		}
	}
	return rec, nil
}

// textReader reads a plain-text file as one article. A short first line
// that does not end a sentence is its title; otherwise the title is the
// first sentence.
type textReader struct {
	name string
	r    io.Reader
	done bool
}

func (t *textReader) Next() (*Record, error) {
	if t.done {
		return nil, io.EOF
	}
	t.done = true
	b, err := io.ReadAll(io.LimitReader(t.r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	rec := &Record{File: t.name, Line: 1, Fields: map[string]string{}}
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
