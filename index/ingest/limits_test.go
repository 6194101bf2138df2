package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// got is what a reader gave: titles of the good records, in order, with
// their lines, and the rejects.
type got struct {
	titles  []string
	lines   []int
	rejects []string // "line: reason"
	warns   []string
	err     error // the reader's own error, if it stopped with one
}

func readWith(t *testing.T, format, input string, lim Limits) got {
	t.Helper()
	r, err := newReader("t", strings.NewReader(input), format, nil, lim)
	if err != nil {
		return got{err: err}
	}
	var g got
	for i := 0; i < 10000; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return g
		}
		if err != nil {
			g.err = err
			return g
		}
		if rec.Err != nil {
			g.rejects = append(g.rejects, itoa(rec.Line)+": "+rec.Err.Error())
			continue
		}
		g.titles = append(g.titles, rec.Fields[FieldTitle])
		g.lines = append(g.lines, rec.Line)
		for _, w := range rec.Warn {
			g.warns = append(g.warns, itoa(rec.Line)+": "+w)
		}
	}
	t.Fatal("reader does not end")
	return g
}

func checkGot(t *testing.T, g got, titles []string, lines []int, rejects, warns []string, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if g.err == nil || !strings.Contains(g.err.Error(), wantErr) {
			t.Fatalf("error %v, want one with %q", g.err, wantErr)
		}
		return
	}
	if g.err != nil {
		t.Fatalf("reader error: %v", g.err)
	}
	if strings.Join(g.titles, "|") != strings.Join(titles, "|") {
		t.Errorf("titles %q, want %q", g.titles, titles)
	}
	if lines != nil && !equalInts(g.lines, lines) {
		t.Errorf("lines %v, want %v", g.lines, lines)
	}
	if len(g.rejects) != len(rejects) {
		t.Errorf("rejects %q, want %d like %q", g.rejects, len(rejects), rejects)
	}
	for i := range rejects {
		if i < len(g.rejects) && !strings.HasPrefix(g.rejects[i], rejects[i]) && !strings.Contains(g.rejects[i], rejects[i]) {
			t.Errorf("reject %q, want %q", g.rejects[i], rejects[i])
		}
	}
	if len(g.warns) != len(warns) {
		t.Errorf("warnings %q, want %d like %q", g.warns, len(warns), warns)
	}
	for i := range warns {
		if i < len(g.warns) && !strings.Contains(g.warns[i], warns[i]) {
			t.Errorf("warning %q, want %q", g.warns[i], warns[i])
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var small = Limits{FieldBytes: 64, RecordBytes: 256}

func TestJSONStreaming(t *testing.T) {
	long := strings.Repeat("z", 300)
	tests := []struct {
		name    string
		in      string
		lim     Limits
		titles  []string
		lines   []int
		rejects []string
		warns   []string
	}{
		{name: "wrapper with keys after its array", in: "{\"status\": \"ok\",\n \"articles\": [\n  {\"title\": \"A\"},\n  {\"title\": \"B\"}\n ],\n \"total\": 2}\n",
			titles: []string{"A", "B"}, lines: []int{3, 4}},
		{name: "a key named like a wrapper inside an article is a field", in: `{"title": "A", "items": [{"title": "not a record"}]}` + "\n" + `{"title": "B"}` + "\n",
			titles: []string{"A", "B"}, lines: []int{1, 2}},
		{name: "pretty-printed objects one after another", in: "{\n  \"title\": \"A\"\n}\n{\n  \"title\": \"B\"\n}\n",
			titles: []string{"A", "B"}, lines: []int{1, 4}},
		{name: "brackets and escaped quotes inside strings", in: `[{"title": "a ] \" } [ \\"}, {"title": "B"}]`,
			titles: []string{`a ] " } [ \`, "B"}},
		{name: "a malformed object costs its line", in: "{\"title\": \"A\", oops}\n{\"title\": \"B\"}\n",
			titles: []string{"B"}, lines: []int{2}, rejects: []string{"1: malformed JSON: expected a key"}},
		{name: "an element over the record limit", in: "[\n{\"title\": \"A\"},\n{\"title\": \"" + long + "\"},\n{\"title\": \"C\"}\n]", lim: small,
			titles: []string{"A", "C"}, lines: []int{2, 4}, rejects: []string{"3: value of 313 bytes is over the record limit of 256 bytes"}},
		{name: "an object over the record limit", in: "{\n\"title\": \"" + long + "\"}\n{\"title\": \"B\"}", lim: small,
			titles: []string{"B"}, rejects: []string{"1: object of"}},
		{name: "a field over the field limit is cut", in: "[{\"title\": \"A\", \"text\": \"" + strings.Repeat("é", 40) + "\"}]", lim: small,
			titles: []string{"A"}, warns: []string{"text of 80 bytes cut to 64 bytes (ingest.max_field_bytes)"}},
		{name: "values that are not articles", in: "[1, \"s\", null, true, [], {\"title\": \"A\"}]",
			titles: []string{"A"}, rejects: []string{"1: a JSON number", "1: a JSON string", "1: a JSON null", "1: a JSON boolean", "1: a JSON array"}},
		{name: "an array that never ends", in: "[\n{\"title\": \"A\"},\n{\"title\": \"B\"",
			titles: []string{"A"}, rejects: []string{"3: malformed JSON: the value that starts here never ends"}},
		{name: "stray closing brackets", in: "[{\"title\": \"A\"}}, {\"title\": \"B\"}]",
			titles: []string{"A", "B"}, rejects: []string{"1: malformed JSON: unexpected '}'"}},
		{name: "JSON Lines line over the record limit", in: "{\"title\": \"A\"}\n{\"title\": \"" + long + "\"}\n{\"title\": \"C\"}\n", lim: small,
			titles: []string{"A", "C"}, lines: []int{1, 3}, rejects: []string{"2: line of 314 bytes is over the record limit of 256 bytes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkGot(t, readWith(t, FormatJSONL, tc.in, tc.lim), tc.titles, tc.lines, tc.rejects, tc.warns, "")
		})
	}
}

// TestJSONStringAcrossBuffers: a string longer than the reader's buffer,
// full of escaped quotes and backslashes, is split at the right quote
// wherever the buffer boundaries fall.
func TestJSONStringAcrossBuffers(t *testing.T) {
	text := strings.Repeat(`a\"\\b"`, 700_000) // 4.9 MB: several buffers
	raw, _ := json.Marshal(map[string]string{"title": "A", "text": text})
	in := "[" + string(raw) + ",\n" + `{"title": "B"}]`
	r, err := newReader("t", strings.NewReader(in), FormatJSONL, nil, Limits{FieldBytes: 8 << 20, RecordBytes: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil || rec.Err != nil || rec.Fields[FieldText] != text {
		t.Fatalf("first record: %v %v, text of %d bytes, want %d", err, rec.Err, len(rec.Fields[FieldText]), len(text))
	}
	rec, err = r.Next()
	if err != nil || rec.Fields[FieldTitle] != "B" || rec.Line != 2 {
		t.Fatalf("second record: %v %+v", err, rec)
	}
}

func TestCSVQuoting(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		lim     Limits
		titles  []string
		lines   []int
		rejects []string
		warns   []string
	}{
		{name: "a quoted field across lines", in: "title,text\nA,\"one\ntwo\"\nB,x\n", titles: []string{"A", "B"}, lines: []int{2, 4}},
		{name: "doubled quotes", in: "title,text\n\"A \"\"quoted\"\" title\",x\n", titles: []string{`A "quoted" title`}},
		{name: "a quote never closed", in: "title,text\nA,x\n\"Broken,y\nC,z\n", titles: []string{"A", `"Broken`, "C"}, lines: []int{2, 3, 4},
			warns: []string{"3: malformed quoting: its quoted field is never closed; the row is read as this line alone"}},
		{name: "a stray quote inside a quoted field", in: "title,text\n\"He said \"hi\" there\",x\nB,y\n", titles: []string{`He said "hi" there`, "B"}, lines: []int{2, 3},
			warns: []string{"2: malformed quoting: a quote inside its quoted field"}},
		{name: "a stray quote closes a quote opened rows before", in: "title,text\n\"Broken,y\nB,z\nC,\"quoted\" text\nD,w\n",
			titles: []string{`"Broken`, "B", "C", "D"}, lines: []int{2, 3, 4, 5}, warns: []string{"2: malformed quoting", "4: malformed quoting"}},
		{name: "a quoted field over the record limit", in: "title,text\nA,\"" + strings.Repeat("long line\n", 40) + "\"\nB,y\n", lim: small,
			rejects: []string{"2: row is over the record limit of 256 bytes"}, titles: []string{"long line", "long line"}},
		{name: "a row over the record limit", in: "title,text\nA," + strings.Repeat("x", 300) + "\nB,y\n", lim: small,
			titles: []string{"B"}, lines: []int{3}, rejects: []string{"2: row of 303 bytes is over the record limit"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := readWith(t, FormatCSV, tc.in, tc.lim)
			if tc.name == "a quoted field over the record limit" {
				// The lines of the field come back as rows; what matters is
				// that the row after it is read.
				if len(g.rejects) != 1 || !strings.Contains(g.rejects[0], tc.rejects[0]) || g.titles[len(g.titles)-1] != "B" {
					t.Fatalf("%+v", g)
				}
				return
			}
			checkGot(t, g, tc.titles, tc.lines, tc.rejects, tc.warns, "")
		})
	}
}

func TestFeedStreaming(t *testing.T) {
	head := "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title><language>en</language>\n"
	item := func(title string) string {
		return "<item><title>" + title + "</title><description>Body of " + title + ".</description></item>\n"
	}
	tests := []struct {
		name    string
		in      string
		lim     Limits
		titles  []string
		lines   []int
		rejects []string
		wantErr string
	}{
		{name: "items at their lines", in: head + item("A") + "\n" + item("B") + "</channel></rss>", titles: []string{"A", "B"}, lines: []int{3, 5}},
		{name: "an end tag inside CDATA", in: head + "<item><title>A</title><description><![CDATA[x </item> <item> y]]></description></item>\n" + item("B") + "</channel></rss>",
			titles: []string{"A", "B"}, lines: []int{3, 4}},
		{name: "items inside a comment are not items", in: head + "<!-- <item><title>C</title></item> -->\n" + item("A") + "</channel></rss>", titles: []string{"A"}, lines: []int{4}},
		{name: "an item over the record limit", in: head + item("A") + item(strings.Repeat("long ", 80)) + item("C") + "</channel></rss>", lim: small,
			titles: []string{"A", "C"}, lines: []int{3, 5}, rejects: []string{"4: feed item is over the record limit of 256 bytes"}},
		{name: "a CDATA section that never ends costs the rest, not the items before", in: head + item("A") + "<item><title><![CDATA[B</title></item>\n" + item("C") + "</channel></rss>",
			titles: []string{"A"}, rejects: []string{"4: feed item never ends"}},
		{name: "an RDF feed", in: "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">\n<channel rdf:about=\"x\"><title>R</title></channel>\n<item rdf:about=\"a\"><title>A</title><link>https://r.example/a</link></item>\n</rdf:RDF>",
			titles: []string{"A"}, lines: []int{4}},
		{name: "an Atom feed", in: "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>\n<entry><title>A</title><id>u:1</id></entry>\n<entry><title>B</title><id>u:2</id></entry></feed>",
			titles: []string{"A", "B"}, lines: []int{2, 3}},
		{name: "a head over the record limit", in: "<rss><channel><title>" + strings.Repeat("t", 300) + "</title>" + item("A") + "</channel></rss>", lim: small,
			wantErr: "the feed's head (before its first item) is over the record limit"},
		{name: "not a feed", in: "<html><body><item>A</item></body></html>", wantErr: "not a readable RSS/Atom feed"},
		{name: "a feed without items", in: head + "</channel></rss>"},
		{name: "an empty file", in: "  \n", wantErr: "empty file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkGot(t, readWith(t, FormatFeed, tc.in, tc.lim), tc.titles, tc.lines, tc.rejects, nil, tc.wantErr)
		})
	}
}

func TestWholeFileCut(t *testing.T) {
	for _, format := range []string{FormatText, FormatHTML} {
		t.Run(format, func(t *testing.T) {
			in := "Title line\n\n" + strings.Repeat("word ", 100)
			if format == FormatHTML {
				in = "<html><head><title>Title line</title></head><body><article><p>" + strings.Repeat("word ", 100) + "</p></article></body></html>"
			}
			g := readWith(t, format, in, small)
			if len(g.titles) != 1 || len(g.warns) == 0 || !strings.Contains(strings.Join(g.warns, "\n"), "1: file is over the record limit of 256 bytes (ingest.max_record_bytes): only its first 256 bytes read") {
				t.Fatalf("%+v", g)
			}
		})
	}
}

func TestReadLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string // "!" marks a line over max
	}{
		{name: "short lines", in: "a\nbb\r\nccc", max: 3, want: []string{"a", "bb", "ccc"}},
		{name: "a long line between short ones", in: "a\n" + strings.Repeat("x", 100) + "\nb\n", max: 10, want: []string{"a", "!", "b"}},
		{name: "a long last line without newline", in: "a\n" + strings.Repeat("x", 100), max: 10, want: []string{"a", "!"}},
		{name: "exactly the limit with CRLF", in: "abc\r\n", max: 3, want: []string{"abc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			br := bufioSmall(tc.in)
			var out []string
			for {
				line, _, tooLong, err := readLine(br, tc.max)
				if err != nil {
					break
				}
				if tooLong {
					out = append(out, "!")
				} else {
					out = append(out, string(line))
				}
			}
			if strings.Join(out, "|") != strings.Join(tc.want, "|") {
				t.Errorf("lines %q, want %q", out, tc.want)
			}
		})
	}
}

func TestHumanBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{100, "100 bytes"}, {2048, "2 KiB"}, {2 << 20, "2 MiB"}, {3 << 29, "1.5 GiB"}, {8 << 30, "8 GiB"}} {
		if got := humanBytes(tc.n); got != tc.want {
			t.Errorf("humanBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// bufioSmall reads s through the smallest buffer bufio allows, so that
// lines cross buffer boundaries.
func bufioSmall(s string) *bufioReader { return newBufioReader(bytes.NewReader([]byte(s)), 16) }

type bufioReader = bufio.Reader

func newBufioReader(r io.Reader, n int) *bufio.Reader { return bufio.NewReaderSize(r, n) }

func TestFileProblem(t *testing.T) {
	tests := []struct {
		name string
		err  string
		want Problem
	}{
		{name: "with a line", err: "a.jsonl:12: over the size limit", want: Problem{File: "a.jsonl", Line: 12, Reason: "over the size limit"}},
		{name: "without a line", err: "a.jsonl: empty file", want: Problem{File: "a.jsonl", Reason: "empty file"}},
		{name: "not naming the file", err: "gzip: invalid header", want: Problem{File: "a.jsonl", Reason: "gzip: invalid header"}},
		{name: "a colon that is no line", err: "a.jsonl:x: odd", want: Problem{File: "a.jsonl", Reason: "x: odd"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fileProblem("a.jsonl", errors.New(tc.err)); got != tc.want {
				t.Errorf("fileProblem(%q) = %+v, want %+v", tc.err, got, tc.want)
			}
		})
	}
}

// TestPipeReadAsItComes: a record is given as soon as its line is complete,
// before the writer of a pipe sends more or closes it, in every reader
// mode.
func TestPipeReadAsItComes(t *testing.T) {
	tests := []struct {
		name, format, first string
	}{
		{name: "JSON Lines", format: FormatJSONL, first: `{"title": "A"}` + "\n"},
		{name: "JSON array", format: FormatJSONL, first: "[\n" + `{"title": "A"},` + "\n"},
		{name: "CSV", format: FormatCSV, first: "title,text\nA,x\n"},
		{name: "TSV", format: FormatTSV, first: "title\ttext\nA\tx\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			go pw.Write([]byte(tc.first))
			got := make(chan *Record, 1)
			go func() {
				r, err := newReader("pipe", pr, tc.format, nil, DefaultLimits)
				if err != nil {
					got <- &Record{Err: err}
					return
				}
				rec, err := r.Next()
				if err != nil {
					rec = &Record{Err: err}
				}
				got <- rec
			}()
			select {
			case rec := <-got:
				if rec.Err != nil || rec.Fields[FieldTitle] != "A" {
					t.Fatalf("first record: %+v", rec)
				}
			case <-time.After(3 * time.Second):
				pw.Close()
				t.Fatal("the first record waits for more input")
			}
		})
	}
}

// TestMapColumnsWide: a header a hundred thousand columns wide maps its
// columns, and an error about it names a few of them, not all.
func TestMapColumnsWide(t *testing.T) {
	cols := []string{"Headline", "Body"}
	for i := 0; i < 100_000; i++ {
		cols = append(cols, "Column "+itoa(i))
	}
	tests := []struct {
		name      string
		overrides map[string]string
		want      map[string]int
		wantErr   string
	}{
		{name: "aliases", want: map[string]int{FieldTitle: 0, FieldText: 1}},
		{name: "an override far right", overrides: map[string]string{FieldText: "column 99999"}, want: map[string]int{FieldTitle: 0, FieldText: 100_001}},
		{name: "an override that names no column", overrides: map[string]string{FieldText: "nope"}, wantErr: "Column 37 and 99962 more"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mapColumns(cols, tc.overrides)
			if tc.wantErr != "" {
				if err == nil || !strings.HasSuffix(err.Error(), tc.wantErr) || len(err.Error()) > 1000 {
					t.Fatalf("err = %.300v, want one ending %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for f, i := range tc.want {
				if got[f] != i {
					t.Errorf("%s -> %d, want %d (%v)", f, got[f], i, got)
				}
			}
		})
	}
}
