package opensearch

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/searchsuite"
)

// TestOpenSearchAgreesWithEmbedded asks both engines, holding the same
// articles, the same searches with the search page's facets and wants the
// same answer: total, hits in order with their near-duplicate counts,
// every facet (places, points and actor kinds included) and the date bars.
// The searches sort by date because relevance scores differ between the
// engines (BM25 statistics are per shard on the cluster), and the articles
// include near-duplicates that a filter splits, so that "similar" counts
// only the group's members that match.
func TestOpenSearchAgreesWithEmbedded(t *testing.T) {
	arts := agreeArticles(t)
	opts := index.Options{Entities: searchsuite.EntitiesOf(arts)}
	ctx := context.Background()
	e := openTest(t, opts)
	if err := e.Apply(ctx, arts, nil); err != nil {
		t.Fatal(err)
	}
	emb, err := index.Open(t.TempDir()+"/idx", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	if err := emb.Apply(ctx, agreeArticles(t), nil); err != nil {
		t.Fatal(err)
	}
	off := false
	tests := []struct {
		name string
		q    index.Query
		// similar is what the hit of a1's group must say, -1: not checked.
		similar int
	}{
		{"every article", index.Query{}, 3},
		{"every article, not collapsed", index.Query{Collapse: &off}, 0},
		{"one place", index.Query{Locations: []string{"Russia"}}, 2},
		{"a place that splits a group", index.Query{Locations: []string{"Ukraine"}}, 2},
		{"a source that splits a group", index.Query{Sources: []string{"Kyiv Independent"}, Locations: []string{"Russia"}}, 1},
		{"two facets", index.Query{Locations: []string{"Ukraine"}, Actors: []string{"Volodymyr Zelensky"}}, -1},
		{"two values and a facet", index.Query{Locations: []string{"Kharkiv", "Gaza"}, Actors: []string{"Hamas"}}, -1},
		{"three facets", index.Query{Locations: []string{"Ukraine"}, Actors: []string{"Russian armed forces"}, Sources: []string{"Reuters"}}, -1},
		{"three facets, two values each", index.Query{Locations: []string{"Ukraine", "Russia"}, Actors: []string{"Russian armed forces", "Vladimir Putin"}, Sources: []string{"Reuters", "Kyiv Independent"}}, -1},
		{"words and two facets", index.Query{Text: "Kursk", Locations: []string{"Russia"}, Actors: []string{"Vladimir Putin"}}, -1},
		{"words, dates and three facets", index.Query{Text: "Kursk OR Kyiv", Locations: []string{"Ukraine", "Russia"}, Actors: []string{"Russian armed forces", "Volodymyr Zelensky"}, Sources: []string{"Reuters", "Kyiv Independent"}, From: "2024-12-01", To: "2025-01-31"}, -1},
		{"exclusion and a facet", index.Query{Text: "-Kharkiv", Locations: []string{"Ukraine"}}, -1},
		{"a date range and a facet", index.Query{Locations: []string{"Ukraine"}, From: "2024-12-01", To: "2025-01-04"}, -1},
	}
	for _, tc := range tests {
		for _, order := range []string{index.SortDate, index.SortDateDesc} {
			t.Run(fmt.Sprintf("%s, %s", tc.name, order), func(t *testing.T) {
				q := tc.q
				q.Sort, q.PageFacets = order, true
				want, err := emb.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got, err := e.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if want.Total == 0 && len(tc.q.Locations)+len(tc.q.Actors)+len(tc.q.Sources) == 0 {
					t.Fatal("the embedded engine found nothing: the test's articles are wrong")
				}
				if tc.similar >= 0 {
					found := false
					for _, h := range want.Hits {
						if h.ID == "a1" || h.Cluster == "a1" {
							found = true
							if h.Similar != tc.similar {
								t.Errorf("embedded: the hit of a1's group has similar %d, want %d", h.Similar, tc.similar)
							}
						}
					}
					if !found {
						t.Error("embedded: no hit of a1's group")
					}
				}
				if got.Total != want.Total {
					t.Errorf("total = %d, embedded %d", got.Total, want.Total)
				}
				if g, w := hitSummary(got), hitSummary(want); !slices.Equal(g, w) {
					t.Errorf("hits (id/similar) = %v, embedded %v", g, w)
				}
				if g, w := jsonOf(t, got.Facets), jsonOf(t, want.Facets); g != w {
					t.Errorf("facets differ\ncluster:  %s\nembedded: %s", g, w)
				}
			})
		}
	}
}

// agreeArticles are the search suite's articles and three near-duplicates
// of a1 (cluster a1): one placed only in Ukraine, one only in Russia and
// one from another source, published a day apart.
func agreeArticles(t *testing.T) []*index.Article {
	arts := searchsuite.Articles(t, suiteDir)
	a1 := *arts[0]
	for i, v := range []struct {
		locs   []string
		source string
	}{{[]string{"Ukraine"}, a1.Source}, {[]string{"Russia"}, a1.Source}, {nil, "Reuters"}} {
		d := a1
		d.ID = fmt.Sprintf("d%d", i+1)
		d.Cluster = a1.ID
		d.Source = v.source
		d.Published = a1.Published.Add(time.Duration(i+1) * 24 * time.Hour)
		if v.locs != nil {
			d.Locations = nil
			for _, l := range a1.Locations {
				if slices.Contains(v.locs, l.Name) {
					d.Locations = append(d.Locations, l)
				}
			}
		}
		arts = append(arts, &d)
	}
	return arts
}

func hitSummary(r *index.Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s/%d", h.ID, h.Similar))
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
