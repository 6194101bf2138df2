package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// The targets below put fuzzed bytes between two good records and check
// that one bad record costs one record: the good records come out with
// their fields as written.

func wantRecord(t *testing.T, rec *Record, title, text string) {
	t.Helper()
	if rec == nil || rec.Err != nil || rec.Fields[FieldTitle] != title || rec.Fields[FieldText] != text {
		t.Fatalf("want the good record %q/%q, got %+v", title, text, rec)
	}
}

func readAll(t *testing.T, format string, data []byte) []*Record {
	t.Helper()
	r, err := newReader("fuzz", bytes.NewReader(data), format, nil, fuzzLimits)
	if err != nil {
		t.Fatalf("reader: %v", err)
	}
	return checkRecords(t, r, data, fuzzLimits)
}

// FuzzJSONLBetween: in JSON Lines every line is one record, good or
// rejected, whatever the line between the good ones holds.
func FuzzJSONLBetween(f *testing.F) {
	for _, s := range []string{`{"title":"x"`, `[[[[`, `"\"`, strings.Repeat("y", 600), `{"title":"t","text":"` + strings.Repeat("é", 100) + `"}`, "\xff\xfe", `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, junk []byte) {
		junk = bytes.ReplaceAll(junk, []byte{'\n'}, []byte{' '})
		data := []byte(`{"title":"Alpha","text":"one"}` + "\n" + string(junk) + "\n" + `{"title":"Omega","text":"two"}` + "\n")
		recs := readAll(t, FormatJSONL, data)
		want := 3
		if len(bytes.TrimSpace(junk)) == 0 {
			want = 2
		}
		if len(recs) != want {
			t.Fatalf("%d records, want %d", len(recs), want)
		}
		wantRecord(t, recs[0], "Alpha", "one")
		wantRecord(t, recs[len(recs)-1], "Omega", "two")
		if recs[len(recs)-1].Line != 3 {
			t.Fatalf("last record at line %d, want 3", recs[len(recs)-1].Line)
		}
	})
}

// FuzzJSONArrayBetween: in a JSON array, the element before the fuzzed one
// always comes out; when the fuzzed element is valid JSON, so does the one
// after it, and the array has three records.
func FuzzJSONArrayBetween(f *testing.F) {
	for _, s := range []string{`{"title":"x"}`, strings.Repeat("[", 300) + strings.Repeat("]", 300), `"a\"b\\"`, `1e5`, `{"a":{"b":[1,2,{"c":"]"}]}}`, `]`, `}`, `,,`, strings.Repeat(`"long"`, 100)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, junk []byte) {
		data := []byte("[\n" + `{"title":"Alpha","text":"one"}` + ",\n" + string(junk) + ",\n" + `{"title":"Omega","text":"two"}` + "\n]\n")
		recs := readAll(t, FormatJSONL, data)
		if len(recs) == 0 {
			t.Fatal("no record")
		}
		wantRecord(t, recs[0], "Alpha", "one")
		if recs[0].Line != 2 {
			t.Fatalf("first record at line %d, want 2", recs[0].Line)
		}
		if validElement(junk) {
			if len(recs) != 3 {
				t.Fatalf("%d records, want 3: %+v", len(recs), recs)
			}
			wantRecord(t, recs[2], "Omega", "two")
		}
	})
}

// validElement reports whether junk is one JSON value that an array can
// hold as an element (not empty, and not a value followed by more).
func validElement(junk []byte) bool {
	var v any
	d := jsonDecoder(junk)
	if err := d.Decode(&v); err != nil {
		return false
	}
	_, err := d.Token()
	return errors.Is(err, io.EOF)
}

// FuzzCSVBetween: rows without quotes before and after fuzzed lines come
// out as written, whatever quoting the fuzzed lines break.
func FuzzCSVBetween(f *testing.F) {
	for _, s := range []string{`"never closed,x`, `"a"b,c`, "\"multi\nline\",x", `x,"y""z"`, strings.Repeat("q,", 400), "\"", "\r\n\"\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, junk []byte) {
		for _, format := range []string{FormatCSV, FormatTSV} {
			sep := ","
			if format == FormatTSV {
				sep = "\t"
			}
			data := []byte("title" + sep + "text\nAlpha" + sep + "one\n" + string(junk) + "\nOmega" + sep + "two\n")
			recs := readAll(t, format, data)
			if len(recs) < 2 {
				t.Fatalf("%s: %d records, want at least 2", format, len(recs))
			}
			wantRecord(t, recs[0], "Alpha", "one")
			wantRecord(t, recs[len(recs)-1], "Omega", "two")
			if last := recs[len(recs)-1]; last.Line != bytes.Count(data, []byte{'\n'}) {
				t.Fatalf("%s: last record at line %d, want %d", format, last.Line, bytes.Count(data, []byte{'\n'}))
			}
		}
	})
}

// FuzzFeedBetween: fuzzed bytes between two items never lose the item
// before them; when they hold no markup, the item after them comes out too.
func FuzzFeedBetween(f *testing.F) {
	for _, s := range []string{"<item><title>x", "<![CDATA[", "<!--", "<item/>", "</channel>", "plain text", "<entry>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, junk []byte) {
		data := []byte("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n" +
			"<item><title>Alpha</title><description>one</description></item>\n" + string(junk) +
			"\n<item><title>Omega</title><description>two</description></item>\n</channel></rss>\n")
		r, err := newReader("fuzz", bytes.NewReader(data), FormatFeed, nil, fuzzLimits)
		if err != nil {
			t.Fatal(err)
		}
		recs := checkRecords(t, r, data, fuzzLimits)
		if len(recs) == 0 {
			t.Fatal("no record")
		}
		wantRecord(t, recs[0], "Alpha", "one")
		if recs[0].Line != 3 {
			t.Fatalf("first item at line %d, want 3", recs[0].Line)
		}
		if !bytes.ContainsAny(junk, "<>&") && bytes.IndexByte(junk, 0) < 0 {
			if len(recs) != 2 {
				t.Fatalf("%d records, want 2", len(recs))
			}
			wantRecord(t, recs[1], "Omega", "two")
		}
	})
}

// FuzzGzip: an input read through .gz gives the same records, and the same
// end, as the input read plain, also when it is over the file limit.
func FuzzGzip(f *testing.F) {
	f.Add([]byte(`{"title":"a","text":"b"}`+"\n"), uint16(1024))
	f.Add([]byte("[{\"title\":\"a\"},\n{\"title\":\"b\"}]"), uint16(10))
	f.Add(bytes.Repeat([]byte(`{"title":"x"}`+"\n"), 200), uint16(100))
	f.Fuzz(func(t *testing.T, data []byte, fileLimit uint16) {
		lim := fuzzLimits
		lim.FileBytes = int64(fileLimit)
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(data)
		zw.Close()
		read := func(name string, in []byte) ([]string, string) {
			rc, err := openInput(context.Background(), input{name: name}, bytes.NewReader(in), nil, lim.FileBytes)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			defer rc.Close()
			r, err := newReader("fuzz", rc, FormatJSONL, nil, lim)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for {
				rec, err := r.Next()
				if err != nil {
					end := "EOF"
					if !errors.Is(err, io.EOF) {
						end = err.Error()
					}
					if lim.FileBytes > 0 && int64(len(data)) <= lim.FileBytes && end != "EOF" {
						t.Fatalf("%s: %v within the file limit", name, err)
					}
					return out, end
				}
				out = append(out, fmt.Sprintf("%d %v %q", rec.Line, rec.Err, rec.Fields))
			}
		}
		plain, plainEnd := read("x.jsonl", data)
		unz, unzEnd := read("x.jsonl.gz", gz.Bytes())
		if fmt.Sprint(plain) != fmt.Sprint(unz) || plainEnd != unzEnd {
			t.Fatalf("plain and .gz differ:\n%v %s\n%v %s", plain, plainEnd, unz, unzEnd)
		}
	})
}

// FuzzGzipCorrupt: any bytes named .gz are an error or records, never a
// panic or more than the file limit decompressed.
func FuzzGzipCorrupt(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("a"), 1<<16))
	zw.Close()
	f.Add(gz.Bytes())
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := openInput(context.Background(), input{name: "x.gz"}, bytes.NewReader(data), nil, 4096)
		if err != nil {
			return
		}
		defer rc.Close()
		n, err := io.Copy(io.Discard, rc)
		if n > 4096 {
			t.Fatalf("%d bytes decompressed past the limit of 4096", n)
		}
		if n == 4096 && err == nil {
			// Exactly at the limit is fine only when the stream ends there.
			if more, _ := rc.Read(make([]byte, 1)); more > 0 {
				t.Fatal("read past the limit")
			}
		}
	})
}

// FuzzSniffFormat: the sniffer names a format sitrep reads or none, ignores
// a BOM, and says JSON only for what starts like JSON.
func FuzzSniffFormat(f *testing.F) {
	for _, s := range []string{`{"a":1}`, "<rss>", "<!DOCTYPE html>", "a\tb\tc\n", "plain", "\x00bin", "\xef\xbb\xbf[1]", "<?xml version=\"1.0\"?><feed>"} {
		f.Add([]byte(s))
	}
	valid := map[string]bool{"": true}
	for _, fm := range Formats {
		valid[fm] = true
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		got := SniffFormat(head)
		if !valid[got] {
			t.Fatalf("SniffFormat = %q, not a format", got)
		}
		if bom := SniffFormat(append([]byte{0xEF, 0xBB, 0xBF}, head...)); bom != got && !bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
			t.Fatalf("with a BOM %q, without %q", bom, got)
		}
		if t0 := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n"); got == FormatJSONL && (len(t0) == 0 || (t0[0] != '{' && t0[0] != '[')) {
			t.Fatalf("JSON for %q", head)
		}
		if got == FormatText || got == FormatTSV {
			if bytes.IndexByte(head, 0) >= 0 {
				t.Fatalf("%s for input with a NUL byte", got)
			}
		}
	})
}

func jsonDecoder(b []byte) *json.Decoder { return json.NewDecoder(bytes.NewReader(b)) }
