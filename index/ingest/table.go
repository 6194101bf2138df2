package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/index/extract"
)

// rowSource yields the rows of a table with the line each starts on.
type rowSource interface {
	Read() (row []string, line int, err error)
}

type csvRows struct{ cr *csv.Reader }

func (c csvRows) Read() ([]string, int, error) {
	row, err := c.cr.Read()
	line := 0
	if err == nil && len(row) > 0 {
		line, _ = c.cr.FieldPos(0)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.StartLine
	}
	return row, line, err
}

// tsvRows splits lines on tabs without quote processing: TSV exports rarely
// quote, and a title that starts with a quotation mark ("A Complete
// Catastrophe:" The ...) must not swallow the lines after it. A field
// wrapped whole in quotes is unquoted.
type tsvRows struct {
	br   *bufio.Reader
	line int
}

func (t *tsvRows) Read() ([]string, int, error) {
	raw, err := t.br.ReadString('\n')
	if raw == "" && err != nil {
		return nil, t.line + 1, err
	}
	t.line++
	raw = strings.TrimRight(raw, "\r\n")
	fields := strings.Split(raw, "\t")
	for i, f := range fields {
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' && !strings.Contains(strings.ReplaceAll(f[1:len(f)-1], `""`, ""), `"`) {
			fields[i] = strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
		}
	}
	return fields, t.line, nil
}

// csvReader reads a CSV or TSV table. The header row names the columns
// (common names are mapped by themselves, --map overrides); a file without
// a header (its first row holds dates, URLs or long text) has its columns
// recognised by their content instead.
type csvReader struct {
	name    string
	base    string
	rows    rowSource
	header  []string
	cols    map[string]int
	pending [][]string // rows read ahead while sniffing a headerless table
	pLines  []int
}

func newCSVReader(name string, r io.Reader, delim rune, mapping map[string]string) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if delim == ',' {
		delim = sniffDelimiter(br)
	}
	var rows rowSource
	if delim == '\t' {
		rows = &tsvRows{br: br}
	} else {
		cr := csv.NewReader(br)
		cr.Comma = delim
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		rows = csvRows{cr}
	}
	c := &csvReader{name: name, base: filepath.Base(name), rows: rows}
	var first []string
	firstLine := 1
	for {
		row, line, err := rows.Read()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file: no header row", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: header: %w", name, line, err)
		}
		if !blankRow(row) {
			first, firstLine = row, line
			break
		}
	}
	for i := range first {
		first[i] = strings.TrimSpace(strings.ToValidUTF8(first[i], "\uFFFD"))
	}
	if len(mapping) == 0 && looksLikeData(first) {
		c.pending = append(c.pending, first)
		c.pLines = append(c.pLines, firstLine)
		for len(c.pending) < 50 {
			row, line, err := rows.Read()
			if err != nil {
				break
			}
			if !blankRow(row) {
				c.pending = append(c.pending, row)
				c.pLines = append(c.pLines, line)
			}
		}
		c.cols = sniffColumns(c.pending)
		c.header = make([]string, len(first))
		for i := range c.header {
			c.header[i] = fmt.Sprintf("column %d", i+1)
		}
	} else {
		cols, err := mapColumns(first, mapping)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c.header, c.cols = first, cols
	}
	_, hasTitle := c.cols[FieldTitle]
	_, hasText := c.cols[FieldText]
	if !hasTitle && !hasText {
		return nil, fmt.Errorf("%s:1: no title or text column among %q; name one with --map text=COLUMN", name, c.header)
	}
	return c, nil
}

// sniffDelimiter picks the separator of a .csv file from its first line:
// comma, semicolon (European spreadsheets), tab or pipe.
func sniffDelimiter(br *bufio.Reader) rune {
	first, _ := br.Peek(16 << 10)
	if nl := bytes.IndexByte(first, '\n'); nl >= 0 {
		first = first[:nl]
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		n := 0
		inQuote := false
		for _, b := range first {
			if b == '"' {
				inQuote = !inQuote
			} else if !inQuote && rune(b) == d {
				n++
			}
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

func blankRow(row []string) bool {
	for _, f := range row {
		if strings.TrimFunc(f, func(r rune) bool { return r <= ' ' || r == 0x1a }) != "" {
			return false
		}
	}
	return true
}

func isURL(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func isDate(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 40 || !strings.ContainsAny(s, "0123456789") {
		return false
	}
	_, err := extract.ParsePublished(s)
	return err == nil
}

// looksLikeData reports whether a first row is data rather than a header.
func looksLikeData(row []string) bool {
	for _, f := range row {
		if isURL(f) || isDate(f) || len(f) > 120 {
			return true
		}
	}
	return false
}

// sniffColumns assigns fields to the columns of a headerless table from
// their content: URLs, dates, and text by length (long: text, medium:
// title, short: source).
func sniffColumns(rows [][]string) map[string]int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	type stat struct {
		url, date, num, filled int
		length                 int
	}
	st := make([]stat, n)
	for _, r := range rows {
		for i, f := range r {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			s := &st[i]
			s.filled++
			s.length += len([]rune(f))
			switch {
			case isURL(f):
				s.url++
			case isDate(f):
				s.date++
			case strings.Trim(f, "0123456789.-") == "":
				s.num++
			}
		}
	}
	cols := map[string]int{}
	used := map[int]bool{}
	pick := func(field string, score func(stat) int) {
		best, bestScore := -1, 0
		for i, s := range st {
			if !used[i] && s.filled > 0 && score(s)*10 >= s.filled*6 && score(s) > bestScore {
				best, bestScore = i, score(s)
			}
		}
		if best >= 0 {
			cols[field], used[best] = best, true
		}
	}
	pick(FieldURL, func(s stat) int { return s.url })
	pick(FieldPublished, func(s stat) int { return s.date })
	var texts []int
	for i, s := range st {
		if !used[i] && s.filled > 0 && s.num*2 < s.filled {
			texts = append(texts, i)
		}
	}
	avg := func(i int) int { return st[i].length / max(st[i].filled, 1) }
	sort.SliceStable(texts, func(a, b int) bool { return avg(texts[a]) > avg(texts[b]) })
	if len(texts) > 0 && avg(texts[0]) > 200 {
		cols[FieldText] = texts[0]
		texts = texts[1:]
	}
	if len(texts) > 0 {
		cols[FieldTitle] = texts[0]
		texts = texts[1:]
	}
	if len(texts) > 0 && avg(texts[0]) <= 60 {
		cols[FieldSource] = texts[0]
	}
	return cols
}

func (c *csvReader) Next() (*Record, error) {
	var row []string
	var line int
	var err error
	if len(c.pending) > 0 {
		row, line = c.pending[0], c.pLines[0]
		c.pending, c.pLines = c.pending[1:], c.pLines[1:]
	} else {
		row, line, err = c.rows.Read()
	}
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	rec := &Record{File: c.name, Line: line}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rec.Err = fmt.Errorf("malformed row: %v", pe.Err)
			return rec, nil
		}
		return nil, fmt.Errorf("%s:%d: %w", c.name, line, err)
	}
	if blankRow(row) {
		return c.Next()
	}
	rec.Fields = map[string]string{}
	bad := false
	for field, i := range c.cols {
		if i < len(row) {
			v := row[i]
			if !isValidUTF8(v) {
				v, bad = strings.ToValidUTF8(v, "\uFFFD"), true
			}
			rec.Fields[field] = v
		}
	}
	if bad {
		rec.Warn = append(rec.Warn, "invalid UTF-8 replaced by U+FFFD")
	}
	if len(row) != len(c.header) {
		// A short row may still carry its title and text; a long one has
		// unquoted separators in it. Keep what the mapped columns hold.
		if strings.TrimSpace(rec.Fields[FieldTitle]) == "" && strings.TrimSpace(rec.Fields[FieldText]) == "" {
			rec.Err = fmt.Errorf("row has %d columns, the header has %d, and no title or text", len(row), len(c.header))
			return rec, nil
		}
		rec.Warn = append(rec.Warn, fmt.Sprintf("row has %d columns, the header has %d: kept what the mapped columns hold", len(row), len(c.header)))
	}
	if id := strings.TrimSpace(rec.Fields[FieldID]); id != "" && isRowNumber(id) {
		// A small integer id is a row number of this export, not an
		// identity across files: scope it by the file name.
		rec.Fields[FieldID] = c.base + "#" + id
	}
	return rec, nil
}

// isRowNumber reports whether an id is a short integer (below a million),
// as pandas' index column and hand-numbered exports have.
func isRowNumber(id string) bool {
	if len(id) > 6 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
