package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// jsonLine is one JSON Lines record with an id.
func jsonLine(id, title, text string) string {
	return fmt.Sprintf(`{"id":%q,"title":%q,"text":%q}`+"\n", id, title, text)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadsEachFileOnce counts the opens of every input and the bytes read
// from them: each file is opened once and read once, also when ids repeat
// within and across files, and the later record of an id is the one kept.
func TestReadsEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	one := writeFile(t, dir, "one.jsonl",
		jsonLine("a", "Alpha first", "The first version of alpha.")+
			jsonLine("b", "Bravo", "Bravo stands alone.")+
			jsonLine("a", "Alpha second", "The second version of alpha."))
	two := writeFile(t, dir, "two.jsonl",
		jsonLine("c", "Charlie", "Charlie stands alone.")+
			jsonLine("a", "Alpha third", "The third version of alpha."))
	var (
		mu    sync.Mutex
		opens = map[string]int{}
	)
	var last Progress
	ix := openIndex(t)
	s := run(t, ix, Options{
		NoCluster: true,
		open: func(name string) (*os.File, error) {
			mu.Lock()
			opens[name]++
			mu.Unlock()
			return os.Open(name)
		},
		Progress: func(p Progress) { last = p },
	}, one, two)
	for _, p := range []string{one, two} {
		if opens[p] != 1 {
			t.Errorf("%s opened %d times, want 1", filepath.Base(p), opens[p])
		}
	}
	if want := last.BytesTotal; last.BytesRead != want || !last.Done {
		t.Errorf("read %d bytes of %d (done %v), want each byte once", last.BytesRead, want, last.Done)
	}
	if s.Read != 5 || s.Indexed != 3 || s.Superseded != 2 || s.Updated != 0 {
		t.Errorf("summary %+v, want read 5, indexed 3, superseded 2", s)
	}
	if a := get(t, ix, "a"); a.Title != "Alpha third" {
		t.Errorf("a = %q, want the last record of the input", a.Title)
	}
}

// TestSupersededExact checks that an id repeated in the input counts once,
// against what the index held before the run, and that the last record of
// the input is what the index holds, whatever the batch size (an earlier
// record already written or still in the batch) and the number of workers
// (the order in which records reach the writer).
func TestSupersededExact(t *testing.T) {
	x1 := jsonLine("x", "Xray first", "The first version of xray.")
	x2 := jsonLine("x", "Xray second", "The second version of xray.")
	x3 := jsonLine("x", "Xray third", "The third version of xray.")
	xEmpty := `{"id":"x","title":"<p></p>","text":"<script>x()</script>"}` + "\n"
	var filler strings.Builder
	for i := range 7 {
		filler.WriteString(jsonLine(fmt.Sprintf("f%d", i), fmt.Sprintf("Filler %d", i), fmt.Sprintf("Filler text number %d.", i)))
	}
	tests := []struct {
		name string
		// before is ingested first, in a run of its own.
		before string
		input  string
		// want: summary counts of the second run, and the title of x in the
		// index ("" for none).
		read, indexed, updated, unchanged, superseded, rejected int
		title                                                   string
	}{
		{name: "three versions", input: x1 + filler.String() + x2 + x3,
			read: 10, indexed: 8, superseded: 2, title: "Xray third"},
		{name: "three versions over a stored one", before: x1, input: x2 + filler.String() + x1 + x3,
			read: 10, indexed: 7, updated: 1, superseded: 2, title: "Xray third"},
		{name: "back to the stored version", before: x3, input: x1 + filler.String() + x2 + x3,
			read: 10, indexed: 7, unchanged: 1, superseded: 2, title: "Xray third"},
		{name: "the last record is rejected", input: x1 + filler.String() + x2 + xEmpty,
			read: 10, indexed: 7, superseded: 2, rejected: 1, title: ""},
		{name: "a rejected record superseded", input: xEmpty + filler.String() + x2,
			read: 9, indexed: 8, superseded: 1, title: "Xray second"},
		{name: "the last rejected over a stored one left as it was", before: x2, input: x2 + filler.String() + xEmpty,
			read: 9, indexed: 7, superseded: 1, rejected: 1, title: "Xray second"},
	}
	for _, tc := range tests {
		for _, batch := range []int{1, 3, 500} {
			for _, workers := range []int{1, 4} {
				t.Run(fmt.Sprintf("%s/batch %d/workers %d", tc.name, batch, workers), func(t *testing.T) {
					dir := t.TempDir()
					ix := openIndex(t)
					if tc.before != "" {
						run(t, ix, Options{NoCluster: true}, writeFile(t, dir, "before.jsonl", tc.before))
					}
					opts := Options{NoCluster: true, BatchSize: batch, Workers: workers}
					s := run(t, ix, opts, writeFile(t, dir, "input.jsonl", tc.input))
					if s.Read != tc.read || s.Indexed != tc.indexed || s.Updated != tc.updated || s.Unchanged != tc.unchanged ||
						s.Superseded != tc.superseded || s.Rejected != tc.rejected {
						t.Errorf("summary read %d, indexed %d, updated %d, unchanged %d, superseded %d, rejected %d; want %d, %d, %d, %d, %d, %d",
							s.Read, s.Indexed, s.Updated, s.Unchanged, s.Superseded, s.Rejected,
							tc.read, tc.indexed, tc.updated, tc.unchanged, tc.superseded, tc.rejected)
					}
					a, err := ix.Get(context.Background(), "x")
					switch {
					case tc.title == "" && !errors.Is(err, index.ErrNotFound):
						t.Errorf("x in the index (%v), want none", err)
					case tc.title != "" && (err != nil || a.Title != tc.title):
						t.Errorf("x = %v (%v), want %q", a, err, tc.title)
					}
					// The same input again changes nothing.
					if s := run(t, ix, opts, filepath.Join(dir, "input.jsonl")); s.Indexed != 0 || s.Updated != 0 || s.Superseded != tc.superseded {
						t.Errorf("second run %+v, want nothing indexed or updated", s)
					}
				})
			}
		}
	}
}

// TestStreamSuperseded: in a stream too, the later record of an id is kept
// and the earlier one counts as superseded.
func TestStreamSuperseded(t *testing.T) {
	ix := openIndex(t)
	in := jsonLine("s", "Sierra old", "Old text.") + jsonLine("t", "Tango", "Tango text.") + jsonLine("s", "Sierra new", "New text.")
	s := run(t, ix, Options{Stdin: strings.NewReader(in), NoCluster: true, BatchSize: 1, Workers: 4}, "-")
	if s.Read != 3 || s.Indexed != 2 || s.Superseded != 1 || s.Updated != 0 {
		t.Errorf("summary %+v, want read 3, indexed 2, superseded 1", s)
	}
	if a := get(t, ix, "s"); a.Title != "Sierra new" {
		t.Errorf("s = %q, want the later record", a.Title)
	}
}

// TestWarningsOfSupersededDropped: the summary reports the problems of the
// records kept, not of those a later record replaced.
func TestWarningsOfSupersededDropped(t *testing.T) {
	dir := t.TempDir()
	in := `{"id":"w","title":"Whiskey","text":"Old.","published":"not a date"}` + "\n" +
		jsonLine("y", "Yankee", "Yankee text.") +
		`{"id":"w","title":"Whiskey","text":"New.","published":"also not a date"}` + "\n"
	ix := openIndex(t)
	s := run(t, ix, Options{NoCluster: true, BatchSize: 1}, writeFile(t, dir, "w.jsonl", in))
	if len(s.Warnings) != 1 || s.Warnings[0].Line != 3 {
		t.Errorf("warnings %v, want one, of line 3", s.Warnings)
	}
}
