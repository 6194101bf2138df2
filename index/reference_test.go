package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	htmlfmt "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index/internal/schema"
)

// The reference index: the same articles in an in-memory Bleve index whose
// text fields keep whole term vectors (positions and offsets) and are
// stored. Bleve's highlighter runs on it; the test compares sitrep's
// fragments, made from the stored text, with its.
func referenceIndex(t testing.TB, arts []*Article) bleve.Index {
	t.Helper()
	m, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range schema.PhraseFields() {
		for _, fm := range m.DefaultMapping.Properties[f.Name].Fields {
			fm.Analyzer, fm.IncludeTermVectors, fm.Store = f.Analyzer, true, true
		}
	}
	b, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	batch := b.NewBatch()
	for _, a := range arts {
		if err := batch.Index(a.ID, toDoc(a)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	return b
}

// bleveQuery is q with sitrep's phrases replaced by Bleve's.
func bleveQuery(q query.Query) query.Query {
	switch q := q.(type) {
	case *phraseQuery:
		p := query.NewMatchPhraseQuery(q.text)
		p.SetField(q.field)
		p.SetBoost(q.boost)
		return p
	case *query.ConjunctionQuery:
		out := make([]query.Query, len(q.Conjuncts))
		for i, c := range q.Conjuncts {
			out[i] = bleveQuery(c)
		}
		return query.NewConjunctionQuery(out)
	case *query.DisjunctionQuery:
		out := make([]query.Query, len(q.Disjuncts))
		for i, c := range q.Disjuncts {
			out[i] = bleveQuery(c)
		}
		return query.NewDisjunctionQuery(out)
	case *query.BooleanQuery:
		var must, should, not []query.Query
		if q.Must != nil {
			must = []query.Query{bleveQuery(q.Must)}
		}
		if q.Should != nil {
			should = []query.Query{bleveQuery(q.Should)}
		}
		if q.MustNot != nil {
			not = []query.Query{bleveQuery(q.MustNot)}
		}
		return query.NewBooleanQuery(must, should, not)
	}
	return q
}

// TestHighlightsAgreeWithBleve asks queries of every kind of the demo
// articles and wants, for every hit, the fragments Bleve's highlighter
// makes from term vectors on the reference index.
func TestHighlightsAgreeWithBleve(t *testing.T) {
	arts := demoArticles(t)
	ix := openTestIndexOpts(t, arts, Options{})
	ref := referenceIndex(t, arts)
	tests := []struct{ name, q string }{
		{name: "a word", q: "missile"},
		{name: "two words", q: "drone attack"},
		{name: "a stemmed word", q: "shelling"},
		{name: "a phrase", q: `"armed forces"`},
		{name: "a phrase with a stop word", q: `"sea of azov"`},
		{name: "a phrase of three words", q: `"nuclear power plant"`},
		{name: "a phrase and a word", q: `"security council" russia`},
		{name: "alternatives", q: "kharkiv OR odesa"},
		{name: "an excluded word", q: "kyiv -drone"},
		{name: "a prefix", q: "evacu*"},
		{name: "fuzzy", q: "zaporizhzhia~1"},
		{name: "title only", q: "title:ukraine"},
		{name: "a place word", q: "Kherson"},
	}
	total := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Query{Text: tt.q, Size: 50}
			from, to, err := q.normalize(ix.opts)
			if err != nil {
				t.Fatal(err)
			}
			p, hasText, _, err := ix.plan(q, from, to)
			if err != nil || !hasText {
				t.Fatalf("plan: %v, words %v", err, hasText)
			}
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatal("no hits: not a useful comparison")
			}
			ids := make([]string, len(res.Hits))
			for i, h := range res.Hits {
				ids[i] = h.ID
			}
			mine, err := ix.pageDocs(context.Background(), p.Text, ids, true, q.Text)
			if err != nil {
				t.Fatal(err)
			}
			req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{bleveQuery(p.Text), query.NewDocIDQuery(ids)}), len(ids), 0, false)
			req.Highlight = bleve.NewHighlightWithStyle(htmlfmt.Name)
			req.Highlight.AddField(fTitle)
			req.Highlight.AddField(fText)
			theirs, err := ref.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range theirs.Hits {
				for _, f := range []string{fTitle, fText} {
					got, want := mine[h.ID].Fragments[f], h.Fragments[f]
					if len(want) > 0 && (len(got) == 0 || got[0] != want[0]) {
						t.Errorf("%s %s:\n got  %q\n want %q", h.ID, f, got, want)
					}
					if len(want) > 0 {
						total++
					}
				}
			}
		})
	}
	if total < 100 {
		t.Errorf("%d fragments compared: not a useful comparison", total)
	}
}
