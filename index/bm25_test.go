package index

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestBM25AverageLengths checks that the ranking's statistics give the
// true average length of the text fields, where Bleve's own figure is the
// number of distinct words over the number of documents.
func TestBM25AverageLengths(t *testing.T) {
	text := func(words int) string { return strings.Repeat("artillery shelled village ", words/3) }
	arts := []*Article{
		{ID: "a", Title: "One two", Text: text(30)},
		{ID: "b", Title: "Three four five", Text: text(300)},
		{ID: "c", Title: "Six", Text: text(600)},
	}
	ix := openTestIndexOpts(t, arts, Options{})
	st, err := ix.scoringStats()
	if err != nil {
		t.Fatal(err)
	}
	if st.DocCount != 3 {
		t.Fatalf("doc count = %v, want 3", st.DocCount)
	}
	cases := []struct {
		name  string
		field string
		avg   float64
	}{
		{name: "text", field: fText, avg: 310},
		{name: "title", field: fTitle, avg: 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := float64(st.FieldCardinality[c.field]) / st.DocCount
			if math.Abs(got-c.avg) > 0.5 {
				t.Errorf("average length of %s = %.1f, want %.1f", c.field, got, c.avg)
			}
		})
	}
	// The statistics are measured again after a write.
	if err := ix.Apply(context.Background(), []*Article{{ID: "d", Title: "Seven", Text: text(30)}}, nil); err != nil {
		t.Fatal(err)
	}
	if st, err = ix.scoringStats(); err != nil || st.DocCount != 4 {
		t.Fatalf("after a write: doc count %v (%v), want 4", st.DocCount, err)
	}
	// A long article about a word is not outranked by a short one that
	// names it once, only for being long (what Bleve's own average, a few
	// words, made of it).
	filler := "report said town near river units heavy fire night "
	long := &Article{ID: "long", Title: "Front line", Text: strings.Repeat("mortar "+filler, 60)}
	short := &Article{ID: "short", Title: "Front line", Text: "mortar " + filler + filler + filler}
	if err := ix.Apply(context.Background(), []*Article{long, short}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Text: "mortar", Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if len(ids) != 2 || ids[0] != "long" {
		t.Errorf("ranking %v: want the article about mortars first", ids)
	}
}

// TestBM25FieldsNotYetIndexed searches fields that no article has yet: a
// Cyrillic word is also looked for in the Ukrainian and Russian fields.
func TestBM25FieldsNotYetIndexed(t *testing.T) {
	ix := openTestIndexOpts(t, entityArticles(), Options{})
	cases := []struct {
		name, q string
		total   uint64
	}{
		{name: "Cyrillic word", q: "Київ", total: 1},
		{name: "field without articles", q: "dataset:none OR Київ", total: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: c.q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != c.total {
				t.Errorf("total = %d, want %d", res.Total, c.total)
			}
		})
	}
}

// TestBM25StatsKept checks that the measured statistics outlive the
// process: the next one to open the index reads them instead of measuring.
func TestBM25StatsKept(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts := []*Article{{ID: "a", Title: "Front line", Text: strings.Repeat("mortar fire near the river ", 40)}}
	if err := ix.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	want, err := ix.scoringStats()
	if err != nil {
		t.Fatal(err)
	}
	if ix.storedBM25() != nil {
		t.Fatal("a search wrote the statistics: searches must not write")
	}
	if err := ix.SaveScoringStats(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got := ix.storedBM25()
	if got == nil {
		t.Fatal("no statistics kept in the index")
	}
	if got.DocCount != want.DocCount || got.FieldCardinality[fText] != want.FieldCardinality[fText] {
		t.Errorf("kept %v docs, text %d; measured %v docs, text %d", got.DocCount, got.FieldCardinality[fText], want.DocCount, want.FieldCardinality[fText])
	}
}
