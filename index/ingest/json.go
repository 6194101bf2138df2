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
type jsonlReader struct {
	name    string
	br      *bufio.Reader
	line    int
	mapping map[string]string
	started bool

	// stream mode
	stream bool
	data   []byte
	dec    *json.Decoder
	queue  []json.RawMessage // elements of an array being read
	qLines []int
	lineAt func(off int64) int
}

func newJSONLReader(name string, r io.Reader, mapping map[string]string) *jsonlReader {
	return &jsonlReader{name: name, br: bufio.NewReaderSize(r, 1<<20), mapping: mapping}
}

func (j *jsonlReader) start() error {
	j.started = true
	// Skip a BOM and blank space to see what kind of JSON this is.
	for {
		b, err := j.br.Peek(1)
		if err != nil {
			return nil
		}
		if b[0] == 0xEF {
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
		if b[0] == '{' {
			// JSON Lines when the first line is a whole object.
			peek, _ := j.br.Peek(j.br.Size())
			if nl := bytes.IndexByte(peek, '\n'); nl >= 0 {
				peek = peek[:nl]
			}
			if json.Valid(bytes.TrimSpace(peek)) {
				return nil
			}
		}
		if b[0] != '[' && b[0] != '{' {
			return nil
		}
		data, err := io.ReadAll(io.LimitReader(j.br, maxDocBytes*16))
		if err != nil {
			return fmt.Errorf("%s: %w", j.name, err)
		}
		if !utf8.Valid(data) {
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		}
		j.stream, j.data = true, data
		j.dec = json.NewDecoder(bytes.NewReader(data))
		base := j.line
		var lastOff int64
		lastLine := base + 1
		j.lineAt = func(off int64) int {
			// Offsets only grow: count newlines since the last call.
			if off < lastOff {
				lastOff, lastLine = 0, base+1
			}
			lastLine += bytes.Count(data[lastOff:min(off, int64(len(data)))], []byte{'\n'})
			lastOff = off
			return lastLine
		}
		return nil
	}
}

func (j *jsonlReader) Next() (*Record, error) {
	if !j.started {
		if err := j.start(); err != nil {
			return nil, err
		}
	}
	if j.stream {
		return j.nextStream()
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
		if !utf8.Valid(raw) {
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
			rec.Warn = append(rec.Warn, "invalid UTF-8 replaced by U+FFFD")
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			rec.Err = fmt.Errorf("malformed JSON: %v", jsonErr(err))
			return rec, nil
		}
		rec.Fields = fieldsFromMap(m, j.mapping)
		return rec, nil
	}
}

// wrapperKeys name the array of articles in an export that wraps it in an
// object.
var wrapperKeys = []string{"articles", "items", "data", "results", "entries", "docs", "documents", "records", "posts", "news", "hits"}

func (j *jsonlReader) nextStream() (*Record, error) {
	for {
		if len(j.queue) > 0 {
			raw, line := j.queue[0], j.qLines[0]
			j.queue, j.qLines = j.queue[1:], j.qLines[1:]
			rec := &Record{File: j.name, Line: line}
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil || m == nil {
				rec.Err = fmt.Errorf("element is not an object")
				return rec, nil
			}
			rec.Fields = fieldsFromMap(m, j.mapping)
			return rec, nil
		}
		start := j.dec.InputOffset()
		for start < int64(len(j.data)) && isJSONSpace(j.data[start]) {
			start++
		}
		line := j.lineAt(start)
		var raw json.RawMessage
		if err := j.dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			// The rest of the file cannot be split into values.
			return nil, fmt.Errorf("%s:%d: malformed JSON: %v", j.name, line, jsonErr(err))
		}
		raw = bytes.TrimSpace(raw)
		switch raw[0] {
		case '[':
			j.queueArray(raw, start)
		case '{':
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				return &Record{File: j.name, Line: line, Err: fmt.Errorf("malformed JSON: %v", jsonErr(err))}, nil
			}
			if arr := wrappedArray(raw, m); arr != nil {
				off := bytes.Index(raw, arr)
				j.queueArray(arr, start+int64(max(off, 0)))
				continue
			}
			return &Record{File: j.name, Line: line, Fields: fieldsFromMap(m, j.mapping)}, nil
		default:
			return &Record{File: j.name, Line: line, Err: fmt.Errorf("a JSON %s is not an article", jsonKind(raw[0]))}, nil
		}
	}
}

func (j *jsonlReader) queueArray(raw []byte, at int64) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if _, err := d.Token(); err != nil {
		return
	}
	for d.More() {
		off := d.InputOffset()
		// InputOffset is at the separator before the element; skip it.
		for off < int64(len(raw)) && (raw[off] == ',' || isJSONSpace(raw[off])) {
			off++
		}
		var el json.RawMessage
		if err := d.Decode(&el); err != nil {
			return
		}
		j.queue = append(j.queue, el)
		j.qLines = append(j.qLines, j.lineAt(at+off))
	}
}

// wrappedArray returns the array of objects an export wraps, or nil when m
// is itself an article.
func wrappedArray(raw []byte, m map[string]any) json.RawMessage {
	if _, ok := m["text"]; ok {
		return nil
	}
	if _, ok := m["title"]; ok {
		return nil
	}
	for _, k := range wrapperKeys {
		for key, v := range m {
			if normKey(key) != k {
				continue
			}
			if arr, ok := v.([]any); ok && len(arr) > 0 {
				if _, obj := arr[0].(map[string]any); obj {
					var parts map[string]json.RawMessage
					if json.Unmarshal(raw, &parts) == nil {
						return parts[key]
					}
				}
			}
		}
	}
	return nil
}

func jsonKind(c byte) string {
	switch c {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
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

func isJSONSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
