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

// rowSource yields the rows of a table with the line each starts on, and a
// warning about how the row was read ("" for none).
type rowSource interface {
	Read() (row []string, line int, warn string, err error)
}

// rowError rejects one row; the rows after it are read as usual.
type rowError struct{ msg string }

func (e *rowError) Error() string { return e.msg }

func overRecord(n int64, max int) *rowError {
	return &rowError{fmt.Sprintf("row of %s is over the record limit of %s (ingest.max_record_bytes)", humanBytes(n), humanBytes(int64(max)))}
}

// physLine is one line of the input, without its line break.
type physLine struct {
	b       []byte
	n       int64
	tooLong bool
}

// csvRows reads CSV rows with RFC 4180 quoting: a field that starts with a
// quote runs to the quote that is followed by the separator or the end of
// a line ("" is a quote inside it), across line breaks. A quoted field that
// never closes, or whose closing quote is followed by something else, would
// swallow the rows after it: that row is read as its first line alone, with
// a warning, and the lines after it are read as rows again. A row over the
// record limit is rejected the same way, without holding more than the
// limit.
type csvRows struct {
	br    *bufio.Reader
	comma byte
	max   int
	want  int // columns of the header, once known
	line  int // lines consumed
	back  []physLine
}

func (c *csvRows) nextLine() (physLine, error) {
	if len(c.back) > 0 {
		l := c.back[0]
		c.back = c.back[1:]
		c.line++
		return l, nil
	}
	b, n, tooLong, err := readLine(c.br, c.max)
	if err != nil {
		return physLine{}, err
	}
	c.line++
	return physLine{b: b, n: n, tooLong: tooLong}, nil
}

func (c *csvRows) Read() ([]string, int, string, error) {
	first, err := c.nextLine()
	if err != nil {
		return nil, c.line + 1, "", err
	}
	start := c.line
	if first.tooLong {
		return nil, start, "", overRecord(first.n, c.max)
	}
	var p csvParse
	done, stray := p.feed(first.b, c.comma, false)
	var extra []physLine
	size := first.n
	var why string
	for !done && !stray {
		l, err := c.nextLine()
		if errors.Is(err, io.EOF) {
			why = "its quoted field is never closed"
			break
		}
		if err != nil {
			return nil, start, "", err
		}
		extra = append(extra, l)
		size += l.n
		if l.tooLong || size > int64(c.max) {
			c.giveBack(extra)
			return nil, start, "", &rowError{fmt.Sprintf("row is over the record limit of %s (ingest.max_record_bytes): its quoted field does not close within it", humanBytes(int64(c.max)))}
		}
		done, stray = p.feed(l.b, c.comma, true)
	}
	if done {
		return p.fields, start, "", nil
	}
	if stray {
		why = "a quote inside its quoted field is followed by neither the separator nor the end of the line"
	}
	c.giveBack(extra)
	return lineAlone(first.b, c.comma, c.want), start, "malformed quoting: " + why + "; the row is read as this line alone", nil
}

// giveBack returns lines read ahead, to be read again as rows.
func (c *csvRows) giveBack(lines []physLine) {
	c.line -= len(lines)
	c.back = append(lines, c.back...)
}

// csvParse splits a row that may span lines.
type csvParse struct {
	fields  []string
	cur     []byte
	inQuote bool
}

// feed parses one line of a row. done: the row is complete; stray: a
// closing quote is followed by something other than the separator or the
// end of the line.
func (p *csvParse) feed(line []byte, comma byte, cont bool) (done, stray bool) {
	i := 0
	if cont {
		p.cur = append(p.cur, '\n')
	}
	emit := func() {
		p.fields = append(p.fields, string(p.cur))
		p.cur = p.cur[:0]
	}
	for {
		if !p.inQuote {
			// At the start of a field.
			if i < len(line) && line[i] == '"' {
				p.inQuote = true
				i++
				continue
			}
			j := bytes.IndexByte(line[i:], comma)
			if j < 0 {
				p.cur = append(p.cur, line[i:]...)
				emit()
				return true, false
			}
			p.cur = append(p.cur, line[i:i+j]...)
			emit()
			i += j + 1
			continue
		}
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			p.cur = append(p.cur, line[i:]...)
			return false, false
		}
		p.cur = append(p.cur, line[i:i+j]...)
		i += j + 1
		switch {
		case i < len(line) && line[i] == '"':
			p.cur = append(p.cur, '"')
			i++
		case i == len(line):
			p.inQuote = false
			emit()
			return true, false
		case line[i] == comma:
			p.inQuote = false
			emit()
			i++
		default:
			return false, true
		}
	}
}

// lineAlone splits one line whose quoting is broken: quotes as the lenient
// CSV reader takes them when that gives the header's number of columns,
// else a plain split on the separator with whole-field quotes removed.
func lineAlone(line []byte, comma byte, want int) []string {
	cr := csv.NewReader(bytes.NewReader(line))
	cr.Comma = rune(comma)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	lazy, err := cr.Read()
	if err == nil && len(lazy) == want {
		return lazy
	}
	plain := strings.Split(string(line), string(comma))
	for i, f := range plain {
		plain[i] = unquoteWhole(f)
	}
	if len(plain) == want || err != nil || len(lazy) == 0 {
		return plain
	}
	return lazy
}

// unquoteWhole unquotes a field wrapped whole in quotes with no other
// quote in it but doubled ones.
func unquoteWhole(f string) string {
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' && !strings.Contains(strings.ReplaceAll(f[1:len(f)-1], `""`, ""), `"`) {
		return strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
	}
	return f
}

// tsvRows splits lines on tabs without quote processing: TSV exports rarely
// quote, and a title that starts with a quotation mark ("A Complete
// Catastrophe:" The ...) must not swallow the lines after it. A field
// wrapped whole in quotes is unquoted.
type tsvRows struct {
	br   *bufio.Reader
	max  int
	line int
}

func (t *tsvRows) Read() ([]string, int, string, error) {
	raw, n, tooLong, err := readLine(t.br, t.max)
	if err != nil {
		return nil, t.line + 1, "", err
	}
	t.line++
	if tooLong {
		return nil, t.line, "", overRecord(n, t.max)
	}
	fields := strings.Split(string(raw), "\t")
	for i, f := range fields {
		fields[i] = unquoteWhole(f)
	}
	return fields, t.line, "", nil
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
	pending []pendingRow // rows read ahead while sniffing a headerless table
}

type pendingRow struct {
	row  []string
	line int
	warn string
}

func newCSVReader(name string, r io.Reader, delim rune, mapping map[string]string, lim Limits) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if delim == ',' {
		delim = sniffDelimiter(br)
	}
	var rows rowSource
	var csvr *csvRows
	if delim == '\t' {
		rows = &tsvRows{br: br, max: lim.RecordBytes}
	} else {
		csvr = &csvRows{br: br, comma: byte(delim), max: lim.RecordBytes}
		rows = csvr
	}
	c := &csvReader{name: name, base: filepath.Base(name), rows: rows}
	var first []string
	firstLine := 1
	firstWarn := ""
	for {
		row, line, warn, err := rows.Read()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file: no header row", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: header: %w", name, line, err)
		}
		if !blankRow(row) {
			first, firstLine, firstWarn = row, line, warn
			break
		}
	}
	for i := range first {
		first[i] = strings.TrimSpace(strings.ToValidUTF8(first[i], "\uFFFD"))
	}
	if len(mapping) == 0 && looksLikeData(first) {
		c.pending = append(c.pending, pendingRow{first, firstLine, firstWarn})
		if csvr != nil {
			csvr.want = len(first)
		}
		for len(c.pending) < 50 {
			row, line, warn, err := rows.Read()
			if err != nil {
				break
			}
			if !blankRow(row) {
				c.pending = append(c.pending, pendingRow{row, line, warn})
			}
		}
		sample := make([][]string, len(c.pending))
		for i, p := range c.pending {
			sample[i] = p.row
		}
		c.cols = sniffColumns(sample)
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
		if csvr != nil {
			csvr.want = len(first)
		}
	}
	_, hasTitle := c.cols[FieldTitle]
	_, hasText := c.cols[FieldText]
	if !hasTitle && !hasText {
		return nil, fmt.Errorf("%s:1: no title or text column among %s; name one with --map text=COLUMN", name, listSome(quoteAll(c.header), 40))
	}
	return c, nil
}

// sniffDelimiter picks the separator of a .csv file from its first line:
// comma, semicolon (European spreadsheets), tab or pipe.
func sniffDelimiter(br *bufio.Reader) rune {
	first := peekLine(br, 16<<10)
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

// sniffCols is how many columns are looked at to tell a header from data
// and to guess the columns of a headerless table: parsing every cell of a
// table a million columns wide as a date would take a minute.
const sniffCols = 256

// looksLikeData reports whether a first row is data rather than a header.
func looksLikeData(row []string) bool {
	for i, f := range row {
		if len(f) > 120 || (i < sniffCols && (isURL(f) || isDate(f))) {
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
		n = max(n, min(len(r), sniffCols))
	}
	type stat struct {
		url, date, num, filled int
		length                 int
	}
	st := make([]stat, n)
	for _, r := range rows {
		for i, f := range r[:min(len(r), n)] {
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
	var warn string
	var err error
	for {
		if len(c.pending) > 0 {
			p := c.pending[0]
			row, line, warn = p.row, p.line, p.warn
			c.pending = c.pending[1:]
		} else {
			row, line, warn, err = c.rows.Read()
		}
		if err != nil || !blankRow(row) {
			break
		}
	}
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	rec := &Record{File: c.name, Line: line}
	if err != nil {
		var re *rowError
		if errors.As(err, &re) {
			rec.Err = re
			return rec, nil
		}
		return nil, fmt.Errorf("%s:%d: %w", c.name, line, err)
	}
	if warn != "" {
		rec.Warn = append(rec.Warn, warn)
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

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}
