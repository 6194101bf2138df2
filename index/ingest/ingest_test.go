package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
	"golang.org/x/text/unicode/norm"
)

func openIndex(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Open(filepath.Join(t.TempDir(), "idx"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func run(t *testing.T, ix *index.Index, opts Options, inputs ...string) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), ix, inputs, opts)
	if err != nil && !errors.Is(err, ErrNoInput) {
		t.Fatalf("Run(%v): %v", inputs, err)
	}
	return sum
}

func get(t *testing.T, ix *index.Index, id string) *index.Article {
	t.Helper()
	a, err := ix.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return a
}

func urlID(u string) string { return index.StableID(&index.Article{URL: u}) }

func TestFormats(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		indexed int
		check   func(t *testing.T, ix *index.Index, s *Summary)
	}{
		{name: "RSS 2.0 with CDATA, content:encoded and odd dates", file: "rss2.xml", indexed: 4, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://wire.example.org/news/drone-strike-fuel-depot"))
			if a.Title != "Drone strike hits fuel depot near Kharkiv" || a.Source != "Frontline Wire" || a.Lang != "en" {
				t.Errorf("item 1: %+v", a)
			}
			if !strings.Contains(a.Text, "Firefighters worked through the night") || strings.Contains(a.Text, "teaser") || strings.Contains(a.Text, "track()") || strings.Contains(a.Text, "Share this") {
				t.Errorf("item 1 body is not the cleaned content:encoded: %q", a.Text)
			}
			if want := time.Date(2025, 1, 4, 19, 15, 0, 0, time.UTC); !a.Published.Equal(want) {
				t.Errorf("item 1 date %v, want %v", a.Published, want)
			}
			if b := get(t, ix, urlID("https://wire.example.org/news/ceasefire-talks-doha")); b.Published.IsZero() || !strings.Contains(b.Text, "met & exchanged") {
				t.Errorf("item 2 (date without zone, entity): %+v", b)
			}
			if c := get(t, ix, urlID("https://wire.example.org/news/bulletin")); !c.Published.IsZero() {
				t.Errorf("unparseable date should leave the article undated: %v", c.Published)
			}
			if len(s.Warnings) != 1 || s.Warnings[0].Line != 22 || !strings.Contains(s.Warnings[0].Reason, "unparseable date") {
				t.Errorf("want one warning for item 3 (line 22, where it starts), got %v", s.Warnings)
			}
			if d := get(t, ix, urlID("https://wire.example.org/news/no-date")); d.Published.Format(time.DateOnly) != "2025-01-05" {
				t.Errorf("item without date should take the channel's: %v", d.Published)
			}
		}},
		{name: "RSS 1.0 RDF with dc:date", file: "rdf.rdf", indexed: 1, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://rdf.example.org/a/1"))
			if a.Source != "RDF Monitor" || a.Published.Format(time.RFC3339) != "2025-01-02T04:45:00Z" || !strings.Contains(a.Text, "several villages") {
				t.Errorf("%+v", a)
			}
		}},
		{name: "Atom with HTML content", file: "atom.atom", indexed: 1, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://atom.example.org/2025/01/06/aid-convoy"))
			if a.Title != "Aid convoy reaches Rafah crossing" || strings.Contains(a.Text, "Advertisement") || !strings.Contains(a.Text, "forty trucks") || a.Published.Format(time.RFC3339) != "2025-01-06T09:12:00Z" {
				t.Errorf("%+v", a)
			}
		}},
		{name: "feed in windows-1251", file: "cp1251.xml", indexed: 1, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://kyiv.example.org/n/1"))
			if a.Title != "Обстріл Харкова: пошкоджено будинки" || a.Lang != "uk" || a.Source != "Київська стрічка" {
				t.Errorf("%+v", a)
			}
		}},
		{name: "HTML page with heavy boilerplate", file: "article.html", indexed: 1, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://times.example.com/world/bridge-destroyed-near-kupiansk"))
			if a.Title != "Bridge destroyed near Kupiansk" || a.Source != "Example Times" || a.Published.Format(time.RFC3339) != "2025-01-07T12:34:00Z" {
				t.Errorf("metadata: %+v", a)
			}
			for _, junk := range []string{"cookies", "Most read", "Celebrity", "Advertisement", "ADVERTISEMENT", "Share on", "All rights", "dataLayer", "Weather"} {
				if strings.Contains(a.Text, junk) {
					t.Errorf("body keeps boilerplate %q: %q", junk, a.Text)
				}
			}
			if !strings.Contains(a.Text, "pontoon crossing") || !strings.Contains(a.Text, "eastern bank") {
				t.Errorf("body lost the article: %q", a.Text)
			}
		}},
		{name: "CSV with BOM, CRLF, semicolons and doubled quotes", file: "semicolon.csv", indexed: 2, check: func(t *testing.T, ix *index.Index, s *Summary) {
			res, err := ix.Search(context.Background(), index.Query{Text: "Bakhmut"})
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("search: %v %+v", err, res)
			}
			a := get(t, ix, res.Hits[0].ID)
			if a.Title != "Frontline; a day in Bakhmut" || a.Text != `Soldiers described the shelling; "it never stops", one said.` || a.Source != "Wire One" || a.Published.Format(time.DateOnly) != "2025-01-05" {
				t.Errorf("%+v", a)
			}
		}},
		{name: "CSV quirks: Python lists, short row, bad date, empty row", file: "quirks.csv", indexed: 4, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("http://example.org/news/a"))
			if a.Text != "First paragraph of the story.\n\nSecond paragraph, with a quote: 'yes'.\n\nThird." {
				t.Errorf("python list: %q", a.Text)
			}
			if len(s.Rejects) != 1 || s.Rejects[0].Line != 6 {
				t.Errorf("want line 6 (no title, no text) rejected: %v", s.Rejects)
			}
			var lines []int
			for _, w := range s.Warnings {
				lines = append(lines, w.Line)
			}
			if len(lines) != 2 || lines[0] != 4 || lines[1] != 5 {
				t.Errorf("want warnings for the short row (4) and the bad date (5): %v", s.Warnings)
			}
		}},
		{name: "headerless TSV with a quote-led title and a trailing ^Z", file: "headerless.tsv", indexed: 3, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://two.example.org/b"))
			if a.Title != `"Quoted:" start of a headline` || a.Source != "Wire Two" || a.Published.Format(time.DateOnly) != "2023-10-04" {
				t.Errorf("%+v", a)
			}
		}},
		{name: "JSON array with content and a dated filename", file: "gdelt.json", indexed: 2, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, "20220125T090000Z_GB_en_aaaaaaaaaa.txt")
			if a.Published.Format(time.RFC3339) != "2022-01-25T09:00:00Z" || a.Title == "" || !strings.Contains(a.Text, "They agreed") {
				t.Errorf("%+v", a)
			}
		}},
		{name: "JSON object wrapping an articles array", file: "wrapped.json", indexed: 2, check: func(t *testing.T, ix *index.Index, s *Summary) {
			a := get(t, ix, urlID("https://three.example.org/2"))
			if a.Title != "Wrapped two" || a.Source != "Wire Three" || a.Published.Format(time.DateOnly) != "2025-01-02" {
				t.Errorf("%+v", a)
			}
		}},
		{name: "seed article with template junk", file: "seed.txt", indexed: 1, check: func(t *testing.T, ix *index.Index, s *Summary) {
			res, _ := ix.Search(context.Background(), index.Query{Text: "Makhnovka"})
			if res == nil || len(res.Hits) != 1 {
				t.Fatalf("seed not found: %+v", res)
			}
			a := get(t, ix, res.Hits[0].ID)
			if strings.Contains(a.Text, "{{") || strings.Contains(a.Text, "adFree") || !strings.HasPrefix(a.Title, "Ukrainian President Volodymyr Zelenskyy revealed") {
				t.Errorf("seed not cleaned: %q / %q", a.Title, a.Text[:200])
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := openIndex(t)
			s := run(t, ix, Options{}, filepath.Join("testdata", tc.file))
			if s.Indexed != tc.indexed {
				t.Fatalf("indexed %d, want %d; rejects %v warnings %v", s.Indexed, tc.indexed, s.Rejects, s.Warnings)
			}
			tc.check(t, ix, s)
			again := run(t, ix, Options{}, filepath.Join("testdata", tc.file))
			if again.Indexed != 0 || again.Updated != 0 || again.Unchanged != tc.indexed {
				t.Errorf("re-ingest changed something: %+v", again)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	ix := openIndex(t)
	s := run(t, ix, Options{}, "testdata/bad.jsonl", "testdata/empty.csv")
	want := map[string]string{"testdata/bad.jsonl:2": "malformed JSON", "testdata/bad.jsonl:4": "no title and no text", "testdata/empty.csv": "empty file"}
	if len(s.Rejects) != len(want) {
		t.Fatalf("rejects %v, want %v", s.Rejects, want)
	}
	for _, r := range s.Rejects {
		key := r.File
		if r.Line > 0 {
			key = r.String()[:len(r.File)+1+len(itoa(r.Line))]
		}
		if w, ok := want[key]; !ok || !strings.Contains(r.Reason, w) {
			t.Errorf("unexpected reject %v", r)
		}
	}
	if len(s.Warnings) != 1 || s.Warnings[0].Line != 3 || !strings.Contains(s.Warnings[0].Reason, "UTF-8") {
		t.Errorf("want an invalid UTF-8 warning on line 3: %v", s.Warnings)
	}
	if s.Indexed != 2 {
		t.Errorf("indexed %d, want 2 (b1, b3)", s.Indexed)
	}
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestNearDuplicates(t *testing.T) {
	ix := openIndex(t)
	s := run(t, ix, Options{}, "testdata/syndicated.jsonl")
	if s.Indexed != 4 || s.Duplicates != 1 {
		t.Fatalf("%+v", s)
	}
	if c := get(t, ix, "syn-b").Cluster; c != "syn-a" {
		t.Errorf("syndicated copy: cluster %q, want syn-a", c)
	}
	for _, id := range []string{"syn-a", "other-c", "other-d"} {
		if c := get(t, ix, id).Cluster; c != "" {
			t.Errorf("%s: cluster %q, want none", id, c)
		}
	}
	ctx := context.Background()
	res, err := ix.Search(ctx, index.Query{Text: "Odesa"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Hits) != 2 {
		t.Fatalf("collapsed: total %d, %d hits, want total 3 (every article) and 2 hits", res.Total, len(res.Hits))
	}
	if h := res.Hits[0]; !strings.HasPrefix(h.ID, "syn-") || h.Similar != 1 {
		t.Errorf("first hit %s similar %d, want a syn- article with similar 1", h.ID, h.Similar)
	}
	off := false
	res, _ = ix.Search(ctx, index.Query{Text: "Odesa", Collapse: &off})
	if len(res.Hits) != 3 {
		t.Errorf("collapse=false: %d hits, want 3", len(res.Hits))
	}
	// Re-ingesting keeps the clusters as they are.
	again := run(t, ix, Options{}, "testdata/syndicated.jsonl")
	if again.Unchanged != 4 {
		t.Errorf("re-ingest: %+v", again)
	}
	// Ingesting the copy first makes it the representative instead.
	ix2 := openIndex(t)
	run(t, ix2, Options{Stdin: strings.NewReader(lineOf(t, "syn-b"))}, "-")
	run(t, ix2, Options{}, "testdata/syndicated.jsonl")
	if c := get(t, ix2, "syn-a").Cluster; c != "syn-b" {
		t.Errorf("cluster of syn-a = %q, want syn-b", c)
	}
}

func lineOf(t *testing.T, id string) string {
	t.Helper()
	r, err := NewReader("x", strings.NewReader(mustRead(t, "testdata/syndicated.jsonl")), FormatJSONL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(mustRead(t, "testdata/syndicated.jsonl"), "\n") {
		if strings.Contains(l, `"id":"`+id+`"`) {
			return l + "\n"
		}
	}
	_ = r
	t.Fatalf("no line %s", id)
	return ""
}

func TestUpdateInPlace(t *testing.T) {
	ix := openIndex(t)
	in := `{"url":"https://www.example.org/a?utm_source=x","title":"First version","text":"Text one."}` + "\n"
	run(t, ix, Options{Stdin: strings.NewReader(in)}, "-")
	in = `{"url":"https://example.org/a/","title":"Second version","text":"Text two."}` + "\n"
	s := run(t, ix, Options{Stdin: strings.NewReader(in)}, "-")
	if s.Updated != 1 || s.Indexed != 0 {
		t.Fatalf("same canonical URL should update: %+v", s)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Fatalf("index holds %d", n)
	}
}

func TestSniffFormat(t *testing.T) {
	tests := []struct{ name, head, want string }{
		{"jsonl", `{"title":"x"}`, FormatJSONL},
		{"array", " \n[{}]", FormatJSONL},
		{"rss", `<?xml version="1.0"?><rss version="2.0">`, FormatFeed},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom">`, FormatFeed},
		{"rdf", `<?xml version="1.0"?><rdf:RDF>`, FormatFeed},
		{"html", "<!DOCTYPE html><html><head>", FormatHTML},
		{"tsv", "2023-10-03\tReuters\tTitle\thttps://x", FormatTSV},
		{"text", "Some title\n\nSome text.", FormatText},
		{"binary", "\x00\x01\x02", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SniffFormat([]byte(tc.head)); got != tc.want {
				t.Errorf("SniffFormat(%q) = %q, want %q", tc.head, got, tc.want)
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"english", "The president said that the army was ready to defend the city.", "en"},
		{"ukrainian", "Президент України заявив, що армія готова захищати місто від ворога.", "uk"},
		{"russian", "Президент России заявил, что армия готова защищать этот город.", "ru"},
		{"arabic", "قال الرئيس إن الجيش مستعد للدفاع عن المدينة", "ar"},
		{"too short", "ok", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectLang(tc.text); got != tc.want {
				t.Errorf("DetectLang = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"mustache", "Before. {{^adFree}} {{/adFree}}\n\nAfter.", "Before.\n\nAfter."},
		{"handlebars triple", "A {{{ad.slot}}} B", "A B"},
		{"entities and NFC", "Caf&eacute; e\u0301 &amp; more", "Café é & more"},
		{"markdown", "**Ukrainians!** _Our_ [defenders](https://x.org/a) *fight*.", "Ukrainians! Our defenders fight."},
		{"advertisement inline", "The strike hit. Advertisement The fire spread.", "The strike hit. The fire spread."},
		{"boilerplate lines", "Body one.\nShare this article\nWe use cookies to improve your experience.\nBody two.", "Body one.\n\nBody two."},
		{"tags", "<p>One</p><p>Two<br>three</p><script>x()</script>", "One\n\nTwo\n\nthree"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanText(tc.in); got != tc.want {
				t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fuzzLimits are small, so that the fuzzer reaches the limits.
var fuzzLimits = Limits{FieldBytes: 64, RecordBytes: 512, FileBytes: 1 << 20}

// checkRecords reads every record of a reader and checks what holds of any
// input: the reader ends, each record is a reject or has fields, its line
// is within the input, and fields keep to the field limit. It returns the
// records.
func checkRecords(t *testing.T, r Reader, data []byte, lim Limits) []*Record {
	t.Helper()
	lines := bytes.Count(data, []byte{'\n'}) + 1
	var out []*Record
	for i := 0; ; i++ {
		if i > len(data)+2 {
			t.Fatalf("more records (%d) than input bytes (%d)", i, len(data))
		}
		rec, err := r.Next()
		if err != nil {
			break
		}
		if rec == nil {
			t.Fatal("nil record without an error")
		}
		if rec.Err == nil && rec.Fields == nil {
			t.Fatalf("record %s has neither fields nor an error", rec.Pos())
		}
		if rec.Line < 1 || rec.Line > lines {
			t.Fatalf("record line %d outside the input's %d lines", rec.Line, lines)
		}
		for k, v := range rec.Fields {
			if len(v) > lim.FieldBytes {
				t.Fatalf("field %s of %d bytes, over the limit of %d", k, len(v), lim.FieldBytes)
			}
		}
		out = append(out, rec)
	}
	return out
}

// fuzzReader fuzzes a reader from seed files in testdata (a seed naming a
// file that is not there fails the target: a renamed file must not turn
// into its own name) and inline seeds, given as "inline:" and the bytes.
func fuzzReader(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		if inline, ok := strings.CutPrefix(s, "inline:"); ok {
			f.Add([]byte(inline))
			continue
		}
		b, err := readFile(filepath.Join("testdata", s))
		if err != nil {
			f.Fatalf("seed file: %v", err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := newReader("fuzz", bytes.NewReader(data), format, nil, fuzzLimits)
		if err != nil {
			return
		}
		recs := checkRecords(t, r, data, fuzzLimits)
		if format == FormatJSONL || format == FormatCSV || format == FormatTSV || format == FormatText {
			for _, rec := range recs {
				for k, v := range rec.Fields {
					if !utf8.ValidString(v) {
						t.Fatalf("%s: field %s is not valid UTF-8: %q", rec.Pos(), k, v)
					}
				}
			}
		}
	})
}

func FuzzJSONL(f *testing.F) {
	fuzzReader(f, FormatJSONL, "bad.jsonl", "gdelt.json", "wrapped.json", "syndicated.jsonl", `inline:[1,"x",{"title":"t"}]`)
}
func FuzzCSV(f *testing.F) {
	fuzzReader(f, FormatCSV, "quirks.csv", "semicolon.csv", "inline:a,b\n\"x")
}
func FuzzTSV(f *testing.F) { fuzzReader(f, FormatTSV, "headerless.tsv", "inline:title\ttext\nA\tB") }
func FuzzFeed(f *testing.F) {
	fuzzReader(f, FormatFeed, "rss2.xml", "rdf.rdf", "atom.atom", "cp1251.xml", "feeds/quirks.xml", "feeds/slips.xml")
}
func FuzzHTML(f *testing.F) { fuzzReader(f, FormatHTML, "article.html", "inline:<html><p>x") }
func FuzzText(f *testing.F) { fuzzReader(f, FormatText, "seed.txt", "inline:Title\n\nbody") }

// FuzzCleanText checks what clean text promises, whatever the input: valid
// UTF-8 in NFC, no control characters other than newlines, no invisible
// characters, lines trimmed with single spaces, paragraphs apart by one
// blank line, and cleaning it again changes nothing. CleanLine gives one
// such line.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"{{^adFree}} <p>x</p> **b** &amp; Advertisement",
		"000\x7f*00*",                      // a control character before markdown
		"&amp;lt;p&amp;gt;double&amp;amp;", // escaped twice
		"x. Advertisement Advertisement y", // junk uncovered by junk
		"e\u200b\u0301 \xff\r\n\t# head",
		"  __________ rule __________  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !mayOpenEmphasis(s) && reMdEmph1.MatchString(s) {
			t.Fatalf("mayOpenEmphasis(%q) = false, but reMdEmph1 matches", s)
		}
		out := CleanText(s)
		checkClean(t, s, out)
		if again := CleanText(out); again != out {
			t.Fatalf("CleanText(%q) = %q, cleaned again %q", s, out, again)
		}
		line := CleanLine(s)
		checkClean(t, s, line)
		if strings.Contains(line, "\n") {
			t.Fatalf("CleanLine(%q) = %q has a newline", s, line)
		}
		if again := CleanLine(line); again != line {
			t.Fatalf("CleanLine(%q) = %q, cleaned again %q", s, line, again)
		}
	})
}

func checkClean(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("CleanText(%q) = %q is not valid UTF-8", in, out)
	}
	if !norm.NFC.IsNormalString(out) {
		t.Fatalf("CleanText(%q) = %q is not NFC", in, out)
	}
	if out != strings.TrimSpace(out) || strings.Contains(out, "\n\n\n") {
		t.Fatalf("CleanText(%q) = %q: space at an end or more than one blank line", in, out)
	}
	for _, r := range out {
		if (unicode.IsControl(r) && r != '\n') || r == '\u00ad' || r == '\u200b' || r == '\ufeff' {
			t.Fatalf("CleanText(%q) = %q keeps %U", in, out, r)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if l != strings.TrimSpace(l) || l != collapseSpaces(l) {
			t.Fatalf("CleanText(%q) = %q: line %q is not trimmed to single spaces", in, out, l)
		}
	}
}

// FuzzPythonList: the repr of a list of strings, as Python writes it,
// comes back as its strings (trimmed, empty ones left out) one paragraph
// each; and whatever is not such a list comes back as it was.
func FuzzPythonList(f *testing.F) {
	f.Add("a", "b's", `c\'d "e"`, true)
	f.Add(" x\ny ", "", "tab\there", false)
	f.Add("[not", "a", "list]", true)
	f.Fuzz(func(t *testing.T, a, b, c string, bare bool) {
		if bare {
			// Not the repr of a list of strings: kept as it is, or, when it
			// happens to read as one, turned into paragraphs.
			s := a + b + c
			if got := pythonList(s); got != s && (!strings.HasPrefix(strings.TrimSpace(s), "[") || !strings.HasSuffix(strings.TrimSpace(s), "]")) {
				t.Fatalf("pythonList(%q) = %q, want it unchanged", s, got)
			}
			return
		}
		var reprs, want []string
		for _, p := range []string{a, b, c} {
			if !utf8.ValidString(p) {
				return
			}
			reprs = append(reprs, pyRepr(p))
			if tp := strings.TrimSpace(strings.ReplaceAll(p, "\r", "")); tp != "" {
				want = append(want, tp)
			}
		}
		s := "[" + strings.Join(reprs, ", ") + "]"
		if got := pythonList(s); got != strings.Join(want, "\n\n") {
			t.Fatalf("pythonList(%s) = %q, want %q", s, got, strings.Join(want, "\n\n"))
		}
	})
}

// pyRepr is Python's repr of a str: single quotes unless the string holds
// one and no double quote, backslash escapes for the quote, backslash,
// newline, return, tab and other control characters.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\' || r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

var _ = io.EOF
