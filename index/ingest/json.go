package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonlReader reads JSON Lines (one object per line). A file that holds a
// JSON array, pretty-printed objects one after another, or one object that
// wraps the array ({"articles": [...]}, {"items": [...]}) is read value by
// value instead, with the line each value starts on.
//
// Both modes stream: a line or a value is held only up to
// Limits.RecordBytes; a longer one is read to its end without being kept
// and rejected, and the records around it are read as usual. Values are
// split by counting brackets, not by recursion, so an element nested 100,000
// deep is one rejected element, not a lost file.
type jsonlReader struct {
	name    string
	br      *bufio.Reader
	line    int // lines consumed (line mode)
	mapping map[string]string
	lim     Limits
	started bool

	stream bool
	sc     *jsonScanner
	// states of the stream mode, innermost last
	states []jsonState
}

// jsonState is where the stream mode is: at the top level, inside an array
// of records, or inside an object that wraps such an array (whose other keys
// are skipped once the array is read).
type jsonState int

const (
	inArray jsonState = iota + 1
	inWrapper
)

func newJSONLReader(name string, r io.Reader, mapping map[string]string, lim Limits) *jsonlReader {
	return &jsonlReader{name: name, br: bufio.NewReaderSize(r, 1<<20), mapping: mapping, lim: lim.withDefaults()}
}

func (j *jsonlReader) start() {
	j.started = true
	// Skip a BOM and blank space to see what kind of JSON this is.
	for {
		b, err := j.br.Peek(1)
		if err != nil {
			return
		}
		c := b[0] // b is the reader's buffer, which a longer Peek moves
		if c == 0xEF {
			if bom, _ := j.br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
				j.br.Discard(3)
				continue
			}
		}
		if c == '\n' {
			j.line++
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			j.br.Discard(1)
			continue
		}
		if c == '{' {
			// JSON Lines when the first line is a whole object.
			if json.Valid(bytes.TrimSpace(peekLine(j.br, j.br.Size()))) {
				return
			}
		}
		if c != '[' && c != '{' {
			return
		}
		j.stream = true
		j.sc = &jsonScanner{br: j.br, line: j.line + 1, max: j.lim.RecordBytes}
		return
	}
}

func (j *jsonlReader) Next() (*Record, error) {
	if !j.started {
		j.start()
	}
	if j.stream {
		return j.nextStream()
	}
	for {
		raw, n, tooLong, err := readLine(j.br, j.lim.RecordBytes)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s:%d: %w", j.name, j.line+1, err)
		}
		j.line++
		rec := &Record{File: j.name, Line: j.line}
		if tooLong {
			rec.Err = fmt.Errorf("line of %s is over the record limit of %s (ingest.max_record_bytes)", humanBytes(n), humanBytes(int64(j.lim.RecordBytes)))
			return rec, nil
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		return j.record(rec, raw, "malformed JSON"), nil
	}
}

// record decodes one object into rec's fields, or rejects it.
func (j *jsonlReader) record(rec *Record, raw []byte, what string) *Record {
	if !utf8.Valid(raw) {
		raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		rec.Warn = append(rec.Warn, "invalid UTF-8 replaced by U+FFFD")
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		rec.Err = fmt.Errorf("%s: %v", what, jsonErr(err))
		return rec
	}
	if m == nil {
		rec.Err = errors.New("a JSON null is not an article")
		return rec
	}
	rec.Fields = fieldsFromMap(m, j.mapping)
	return rec
}

// wrapperKeys name the array of articles in an export that wraps it in an
// object.
var wrapperKeys = []string{"articles", "items", "data", "results", "entries", "docs", "documents", "records", "posts", "news", "hits"}

func isWrapperKey(k string) bool {
	n := normKey(k)
	for _, w := range wrapperKeys {
		if n == w {
			return true
		}
	}
	return false
}

func (j *jsonlReader) state() jsonState {
	if len(j.states) == 0 {
		return 0
	}
	return j.states[len(j.states)-1]
}

func (j *jsonlReader) nextStream() (*Record, error) {
	sc := j.sc
	for {
		c, err := sc.peekNonSpace()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if len(j.states) > 0 {
					j.states = nil
					return &Record{File: j.name, Line: sc.line, Err: errors.New("malformed JSON: the input ends inside an array or object")}, nil
				}
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s:%d: %w", j.name, sc.line, err)
		}
		switch st := j.state(); {
		case st == inArray && c == ']':
			sc.discard(1)
			j.states = j.states[:len(j.states)-1]
			continue
		case st == inArray && c == ',':
			sc.discard(1)
			continue
		case st == inWrapper:
			// The rest of a wrapper object after its array: skipped.
			switch c {
			case '}':
				sc.discard(1)
				j.states = j.states[:len(j.states)-1]
			case ',', ':':
				sc.discard(1)
			default:
				if _, err := sc.readValue(); err != nil {
					return j.streamErr(sc.line, err)
				}
			}
			continue
		case st == 0 && c == '[':
			sc.discard(1)
			j.states = append(j.states, inArray)
			continue
		case st == 0 && c == '{':
			rec, err := j.object()
			if rec == nil && err == nil {
				continue // a wrapper: its array is read next
			}
			return rec, err
		}
		// A value: an element of an array, or a stray value at the top level.
		line := sc.line
		raw, err := sc.readValue()
		if err != nil {
			return j.streamErr(line, err)
		}
		rec := &Record{File: j.name, Line: line}
		switch {
		case len(raw) == 0 && !sc.over:
			// Not the start of a value (a stray '}' or ':'): skip it.
			b, _ := sc.br.ReadByte()
			rec.Err = fmt.Errorf("malformed JSON: unexpected %q", b)
		case sc.over:
			rec.Err = fmt.Errorf("value of %s is over the record limit of %s (ingest.max_record_bytes)", humanBytes(sc.n), humanBytes(int64(j.lim.RecordBytes)))
		case raw[0] != '{':
			rec.Err = fmt.Errorf("a JSON %s is not an article", jsonKind(raw[0]))
		default:
			rec = j.record(rec, raw, "malformed JSON")
		}
		return rec, nil
	}
}

// streamErr reports a value that never ends, or a read error; after it the
// input has nothing more to give.
func (j *jsonlReader) streamErr(line int, err error) (*Record, error) {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		j.states = nil
		return &Record{File: j.name, Line: line, Err: errors.New("malformed JSON: the value that starts here never ends")}, nil
	}
	return nil, fmt.Errorf("%s:%d: %w", j.name, j.sc.line, err)
}

// object reads a top-level object key by key: an article, or an export
// that wraps the array of articles ({"articles": [...]}), whose array is
// then read element by element. It returns nil, nil for a wrapper.
func (j *jsonlReader) object() (*Record, error) {
	sc := j.sc
	line := sc.line
	sc.discard(1) // '{'
	rec := &Record{File: j.name, Line: line}
	var parts [][2][]byte // raw key, raw value
	var size int64
	over, article := false, false
	bad := func(format string, args ...any) (*Record, error) {
		rec.Err = fmt.Errorf(format, args...)
		j.skipLine()
		return rec, nil
	}
	for {
		c, err := sc.peekNonSpace()
		if err != nil {
			return j.streamErr(line, err)
		}
		if c == '}' {
			sc.discard(1)
			break
		}
		if c == ',' {
			sc.discard(1)
			continue
		}
		if c != '"' {
			return bad("malformed JSON: expected a key, found %q at line %d", c, sc.line)
		}
		key, err := sc.readValue()
		if err != nil {
			return j.streamErr(line, err)
		}
		var k string
		if sc.over || json.Unmarshal(key, &k) != nil {
			return bad("malformed JSON: a key at line %d cannot be read", sc.line)
		}
		key = bytes.Clone(key)
		if c, err = sc.peekNonSpace(); err != nil {
			return j.streamErr(line, err)
		}
		if c != ':' {
			return bad("malformed JSON: expected ':' after key %q, found %q at line %d", truncate(k, 40), c, sc.line)
		}
		sc.discard(1)
		if c, err = sc.peekNonSpace(); err != nil {
			return j.streamErr(line, err)
		}
		if n := normKey(k); n == FieldTitle || n == FieldText {
			article = true
		}
		if c == '[' && !article && isWrapperKey(k) {
			sc.discard(1)
			j.states = append(j.states, inWrapper, inArray)
			return nil, nil
		}
		val, err := sc.readValue()
		if err != nil {
			return j.streamErr(line, err)
		}
		size += int64(len(key)) + sc.n
		if sc.over || size > int64(j.lim.RecordBytes) {
			over = true
			parts = nil
			continue
		}
		if !over {
			parts = append(parts, [2][]byte{key, bytes.Clone(val)})
		}
	}
	if over {
		rec.Err = fmt.Errorf("object of %s or more is over the record limit of %s (ingest.max_record_bytes)", humanBytes(size), humanBytes(int64(j.lim.RecordBytes)))
		return rec, nil
	}
	var raw bytes.Buffer
	raw.WriteByte('{')
	for i, p := range parts {
		if i > 0 {
			raw.WriteByte(',')
		}
		raw.Write(p[0])
		raw.WriteByte(':')
		raw.Write(p[1])
	}
	raw.WriteByte('}')
	return j.record(rec, raw.Bytes(), "malformed JSON"), nil
}

// skipLine drops the rest of the current line after a syntax error, to
// start again at the next value.
func (j *jsonlReader) skipLine() {
	_, _, _, _ = readLine(j.br, 0)
	j.sc.line++
	j.states = nil
}

func jsonKind(c byte) string {
	switch c {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '[':
		return "array"
	}
	return "number"
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	return err.Error()
}

// jsonScanner splits a stream into JSON values without decoding them:
// strings are skipped whole, brackets are counted. A value is kept up to max
// bytes; past that it is still read to its end, but not kept (over).
type jsonScanner struct {
	br   *bufio.Reader
	line int // line of the next byte
	max  int
	buf  []byte
	n    int64 // bytes of the last value
	over bool
}

func (s *jsonScanner) take(b []byte) {
	s.n += int64(len(b))
	s.line += bytes.Count(b, []byte{'\n'})
	if s.over {
		return
	}
	if len(s.buf)+len(b) > s.max {
		s.over, s.buf = true, s.buf[:0]
		return
	}
	s.buf = append(s.buf, b...)
}

func (s *jsonScanner) discard(n int) { s.br.Discard(n) }

// peekNonSpace skips white space and returns the next byte, unread.
func (s *jsonScanner) peekNonSpace() (byte, error) {
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			s.line++
			continue
		case ' ', '\t', '\r':
			continue
		}
		_ = s.br.UnreadByte()
		return c, nil
	}
}

// readValue reads one value: a string, an object or array (to its matching
// bracket), or a scalar (to the next delimiter). An empty result means the
// next byte starts no value.
func (s *jsonScanner) readValue() ([]byte, error) {
	s.buf, s.n, s.over = s.buf[:0], 0, false
	depth := 0
	one := make([]byte, 1)
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if depth == 0 && s.n > 0 {
					return s.buf, nil
				}
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		one[0] = c
		switch c {
		case '"':
			s.take(one)
			if err := s.readString(); err != nil {
				return nil, err
			}
			if depth == 0 {
				return s.buf, nil
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				_ = s.br.UnreadByte()
				return s.buf, nil
			}
			depth--
			s.take(one)
			if depth == 0 {
				return s.buf, nil
			}
			continue
		case ',', ':', ' ', '\t', '\r', '\n':
			if depth == 0 {
				_ = s.br.UnreadByte()
				return s.buf, nil
			}
		}
		s.take(one)
	}
}

// readString reads the rest of a string whose opening quote was read.
func (s *jsonScanner) readString() error {
	carry := 0 // backslashes that ended the previous chunk
	for {
		chunk, err := s.br.ReadSlice('"')
		s.take(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			t := trailingBackslashes(chunk)
			if t == len(chunk) {
				carry += t
			} else {
				carry = t
			}
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		body := chunk[:len(chunk)-1]
		t := trailingBackslashes(body)
		if t == len(body) {
			t += carry
		}
		if t%2 == 0 {
			return nil
		}
		carry = 0
	}
}

func trailingBackslashes(b []byte) int {
	n := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\\'; i-- {
		n++
	}
	return n
}
