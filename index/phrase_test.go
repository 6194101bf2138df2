package index

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPhraseAgreesWithBleve asks phrases drawn from the demo articles (two
// and three words, some with a stop word inside) of phraseQuery and of
// Bleve's own phrase query: the same articles, the same scores.
func TestPhraseAgreesWithBleve(t *testing.T) {
	arts := demoArticles(t)
	ix := openTestIndexOpts(t, arts, Options{})
	phrases := []string{"sea of azov", "of the", "day by day", "step by step"}
	for i := 0; i < len(arts) && len(phrases) < 80; i += 9 {
		ws := words(arts[i].Text)
		for k, n := range []int{2, 3, 4} {
			at := (len(ws) / 5) * (k + 1)
			if at+n <= len(ws) {
				p := ""
				for _, w := range ws[at : at+n] {
					p += w + " "
				}
				phrases = append(phrases, p)
			}
		}
	}
	found := 0
	for _, field := range []string{fText, fTitle} {
		for _, p := range phrases {
			mine := searchAll(t, ix, newPhraseQuery(p, field, 1))
			if len(mine) > 1 {
				found++
			}
			bq := query.NewMatchPhraseQuery(p)
			bq.SetField(field)
			theirs := searchAll(t, ix, bq)
			if len(mine) != len(theirs) {
				t.Errorf("%s:%q: %d articles, Bleve %d", field, p, len(mine), len(theirs))
				continue
			}
			for id, s := range theirs {
				m, ok := mine[id]
				if !ok || math.Abs(m-s) > 1e-9*math.Max(1, s) {
					t.Errorf("%s:%q: %s scores %v, Bleve %v (found %v)", field, p, id, m, s, ok)
					break
				}
			}
		}
	}
	if found < 50 {
		t.Errorf("only %d phrases are in more than one article: not a useful comparison", found)
	}
}

func searchAll(t *testing.T, ix *Index, q query.Query) map[string]float64 {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	res, err := ix.b.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// BenchmarkPhrase compares phraseQuery with Bleve's phrase query on the
// index BenchmarkSearch builds (20,000 generated articles), for phrases of
// common words: every match, scored, as the scan reads them.
func BenchmarkPhrase(b *testing.B) {
	dir := filepath.Join(os.TempDir(), "sitrep-bench-search-20000")
	if !Exists(dir) {
		b.Skip("run BenchmarkSearch first: it builds the index")
	}
	ix, err := Open(dir, Options{CacheSize: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	phrases := []string{"prime minister", "armed forces", "united states", "the president of ukraine", "black sea", "said in a statement"}
	for _, impl := range []string{"sitrep", "bleve"} {
		b.Run(impl, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, p := range phrases {
					var q query.Query = newPhraseQuery(p, fText, 1)
					if impl == "bleve" {
						bq := query.NewMatchPhraseQuery(p)
						bq.SetField(fText)
						q = bq
					}
					req := bleve.NewSearchRequestOptions(q, 10, 0, false)
					if _, err := ix.b.SearchInContext(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestPhraseHighlightsOnlyThePhrase checks that the words of a phrase are
// marked where they make the phrase, not wherever they stand.
func TestPhraseHighlightsOnlyThePhrase(t *testing.T) {
	arts := []*Article{{ID: "p1", Title: "Troops", Text: "Korean food was served. Then North Korean troops arrived from the north. North wind."}}
	ix := openTestIndexOpts(t, arts, Options{})
	res, err := ix.Search(context.Background(), Query{Text: `"north korean"`})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits, want 1", len(res.Hits))
	}
	text := res.Hits[0].Highlights["text"]
	if len(text) == 0 {
		t.Fatal("no text fragment")
	}
	cases := []struct {
		name, frag string
		want       bool
	}{
		{name: "the phrase", frag: "<mark>North</mark> <mark>Korean</mark> troops", want: true},
		{name: "a word of it alone", frag: "<mark>Korean</mark> food", want: false},
		{name: "the other word alone", frag: "<mark>North</mark> wind", want: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Contains(strings.Join(text, " "), c.frag); got != c.want {
				t.Errorf("fragments %q contain %q: %v, want %v", text, c.frag, got, c.want)
			}
		})
	}
}
