package index

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// TestHostileQueries holds the query inputs that once crashed or misled a
// search (issue 13): each must be a bad-query error that says what is
// wrong, or a normal answer.
func TestHostileQueries(t *testing.T) {
	ix := openTestIndex(t, loadArticles(t, "testdata/search/articles.jsonl"))
	off := false
	tests := []struct {
		name    string
		q       Query
		wantErr string // "" : must succeed
	}{
		{name: "page max int64", q: Query{Page: math.MaxInt64, Size: 10}, wantErr: "page too deep"},
		{name: "page max int64 uncollapsed", q: Query{Page: math.MaxInt64, Size: 10, Collapse: &off}, wantErr: "page too deep"},
		{name: "page max int64 with page facets", q: Query{Page: math.MaxInt64, Size: 100, PageFacets: true}, wantErr: "page too deep"},
		{name: "page whose offset overflows", q: Query{Page: math.MaxInt64/10 + 2, Size: 10}, wantErr: "page too deep"},
		{name: "last page allowed", q: Query{Page: 1000, Size: 10}},
		{name: "lone plus", q: Query{Text: "+"}, wantErr: "'+' must be followed"},
		{name: "plus then space", q: Query{Text: "kursk + "}, wantErr: "'+' must be followed"},
		{name: "plus word", q: Query{Text: "+kursk"}},
		{name: "plus field", q: Query{Text: "+title:kursk"}},
		{name: "dates at year 1 and 9999", q: Query{From: "0001-01-01", To: "9999-12-31"}, wantErr: "between 1700-01-01 and 2199-12-31"},
		{name: "to at 9999", q: Query{To: "9999-12-31"}, wantErr: "to must be between"},
		{name: "from at year 1", q: Query{From: "0001-01-01"}, wantErr: "from must be between"},
		{name: "dates at the bounds", q: Query{From: "1700-01-01", To: "2199-12-31"}},
		{name: "dates at the bounds with page facets", q: Query{From: "1700-01-01", To: "2199-12-31", PageFacets: true}},
		{name: "invalid utf-8 query", q: Query{Text: "\xff\xfe"}, wantErr: "not valid UTF-8"},
		{name: "invalid utf-8 inside words", q: Query{Text: "kursk \xc3"}, wantErr: "not valid UTF-8"},
		{name: "invalid utf-8 location", q: Query{Locations: []string{"Kursk\xff"}}, wantErr: "location filter is not valid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.q)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("want an answer, got %v", err)
				}
				if _, err := json.Marshal(res); err != nil {
					t.Fatalf("answer does not encode: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error containing %q, got %d hits", tc.wantErr, res.Total)
			}
			var qe *QueryError
			if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tc.wantErr) {
				t.Fatalf("error %q: want a QueryError containing %q", err, tc.wantErr)
			}
		})
	}
}

var (
	fuzzIndexOnce sync.Once
	fuzzIndex     *Index
	fuzzIndexErr  error
)

// sharedFuzzIndex is one small index for every fuzz input: building one
// per input would make the fuzzer a hundred times slower.
func sharedFuzzIndex(t *testing.T) *Index {
	fuzzIndexOnce.Do(func() {
		dir, err := tempDirNoCleanup()
		if err != nil {
			fuzzIndexErr = err
			return
		}
		var ix *Index
		ix, fuzzIndexErr = Open(dir+"/idx", Options{CacheSize: -1})
		if fuzzIndexErr != nil {
			return
		}
		fuzzIndexErr = ix.Apply(context.Background(), loadArticles(t, "testdata/search/articles.jsonl"), nil)
		fuzzIndex = ix
	})
	if fuzzIndexErr != nil {
		t.Fatal(fuzzIndexErr)
	}
	return fuzzIndex
}

// FuzzSearch runs the whole search (normalisation, the query parser,
// paging, dates, facets, collapsing) on arbitrary parameters. Invariants:
// no panic; an error is a QueryError with a message (a 400, never a 500);
// an answer has at most size hits, a total at least as large, and encodes
// as JSON.
func FuzzSearch(f *testing.F) {
	seeds := []struct {
		text, from, to, sort string
		page, size           int
		collapse, pageFacets bool
	}{
		{"Kursk", "", "", "", 1, 10, true, false},
		{"+", "", "", "", 1, 10, true, false},
		{"\xff\xfe", "", "", "date", 1, 10, true, true},
		{"", "0001-01-01", "9999-12-31", "", 1, 10, true, true},
		{"", "2025-01-01", "2025-01-31", "-date", 2, 5, false, true},
		{`"North Korean" -Syrskyi OR milit*`, "", "2025-02-01", "relevance", 1, 100, true, false},
		{"location:Kursk title:losses~1", "", "", "", math.MaxInt64, 10, false, false},
		{"a OR", "2199-12-31", "1700-01-01", "", -1, 0, true, true},
	}
	for _, s := range seeds {
		f.Add(s.text, s.from, s.to, s.sort, s.page, s.size, s.collapse, s.pageFacets)
	}
	f.Fuzz(func(t *testing.T, text, from, to, sort string, page, size int, collapse, pageFacets bool) {
		ix := sharedFuzzIndex(t)
		q := Query{Text: text, From: from, To: to, Sort: sort, Page: page, Size: size, Collapse: &collapse, PageFacets: pageFacets}
		type answer struct {
			res *Results
			err error
		}
		done := make(chan answer, 1)
		go func() {
			res, err := ix.Search(context.Background(), q)
			done <- answer{res, err}
		}()
		var res *Results
		var err error
		select {
		case a := <-done:
			res, err = a.res, a.err
		case <-time.After(10 * time.Second):
			t.Fatalf("search of %+v on a 20-article index took over 10 s", q)
		}
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
				t.Fatalf("error %v (%T) is not a bad-query error: it would be a 500", err, err)
			}
			if qe.Msg == "" || !utf8.ValidString(qe.Msg) {
				t.Fatalf("bad-query message %q is empty or not UTF-8", qe.Msg)
			}
			return
		}
		if len(res.Hits) > res.Query.Size {
			t.Fatalf("%d hits for size %d", len(res.Hits), res.Query.Size)
		}
		if res.Total < uint64(len(res.Hits)) {
			t.Fatalf("total %d < %d hits", res.Total, len(res.Hits))
		}
		if res.Query.Page < 1 || res.Query.Size < 1 {
			t.Fatalf("normalised page %d size %d", res.Query.Page, res.Query.Size)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("answer does not encode as JSON: %v", err)
		}
	})
}

// tempDirNoCleanup is a directory that outlives one fuzz input (t.TempDir
// is removed when the input's test ends).
func tempDirNoCleanup() (string, error) { return os.MkdirTemp("", "sitrep-fuzz-") }
