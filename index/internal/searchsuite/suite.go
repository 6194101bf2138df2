// Package searchsuite runs the data-driven search suite
// (index/testdata/search: articles.jsonl and searches.json) against any
// index.Engine, so that every engine is held to the same answers.
package searchsuite

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// Case is one search of searches.json and what its answer must hold.
type Case struct {
	Name        string                       `json:"name"`
	Query       query                        `json:"query"`
	IDs         []string                     `json:"ids"`
	IDsAny      []string                     `json:"ids_any"`
	Total       *int                         `json:"total"`
	Facets      map[string]map[string]int    `json:"facets"`
	Highlight   map[string]map[string]string `json:"highlight"`
	Error       string                       `json:"error"`
	Interval    string                       `json:"interval"`
	DateSum     *int                         `json:"date_sum"`
	DateBuckets map[string]int               `json:"date_buckets"`
	// With page_facets: the place hierarchy's counts by path
	// ("Ukraine > Kyiv City"), the map points' counts by name, and the
	// kind each named actor of the actor facet carries.
	Places map[string]int    `json:"places"`
	Points map[string]int    `json:"points"`
	Kinds  map[string]string `json:"kinds"`
}

// query reads the API's parameter names.
type query struct {
	Q        string   `json:"q"`
	Location []string `json:"location"`
	Actor    []string `json:"actor"`
	Source   []string `json:"source"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Sort     string   `json:"sort"`
	Page     int      `json:"page"`
	Size     int      `json:"size"`
	// PageFacets asks for what the search page shows besides the facets.
	PageFacets bool `json:"page_facets"`
}

func (q query) index() index.Query {
	return index.Query{Text: q.Q, Locations: q.Location, Actors: q.Actor, Sources: q.Source,
		From: q.From, To: q.To, Sort: q.Sort, Page: q.Page, Size: q.Size, PageFacets: q.PageFacets}
}

// Articles reads dir/articles.jsonl.
func Articles(t testing.TB, dir string) []*index.Article {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*index.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("articles.jsonl: %v", err)
		}
		out = append(out, &a)
	}
	return out
}

// Cases reads dir/searches.json.
func Cases(t testing.TB, dir string) []Case {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "searches.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []Case
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// EntitiesOf stands in for the extractor: it reads a text as the place or
// actor whose name, alias or mention, in any case, the text is.
func EntitiesOf(arts []*index.Article) index.EntityFunc {
	locs, acts := map[string]index.Location{}, map[string]index.Actor{}
	for _, a := range arts {
		for _, l := range a.Locations {
			for _, n := range append([]string{l.Name}, l.Mentions...) {
				locs[strings.ToLower(n)] = index.Location{Name: l.Name, Kind: l.Kind, Country: l.Country, Admin1: l.Admin1, Admin2: l.Admin2}
			}
		}
		for _, ac := range a.Actors {
			for _, n := range append(append([]string{ac.Name}, ac.Aliases...), ac.Mentions...) {
				acts[strings.ToLower(n)] = index.Actor{Name: ac.Name, Kind: ac.Kind}
			}
		}
	}
	return func(text string) ([]index.Location, []index.Actor) {
		k := strings.ToLower(text)
		var ls []index.Location
		var as []index.Actor
		if l, ok := locs[k]; ok {
			l.Mentions = []string{text}
			ls = append(ls, l)
		}
		if ac, ok := acts[k]; ok {
			ac.Mentions = []string{text}
			as = append(as, ac)
		}
		return ls, as
	}
}

// Run runs every case of dir/searches.json against eng, which holds
// dir/articles.jsonl.
func Run(t *testing.T, eng index.Engine, dir string) {
	for _, c := range Cases(t, dir) {
		t.Run(c.Name, func(t *testing.T) { Check(t, eng, c) })
	}
}

// Check runs one case.
func Check(t *testing.T, eng index.Engine, c Case) {
	t.Helper()
	res, err := eng.Search(context.Background(), c.Query.index())
	if c.Error != "" {
		if err == nil {
			t.Fatalf("want error containing %q, got %d hits", c.Error, res.Total)
		}
		if !errors.Is(err, index.ErrBadQuery) || !strings.Contains(err.Error(), c.Error) {
			t.Fatalf("error %q: want a bad-query error containing %q", err, c.Error)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("results do not encode as JSON: %v", err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if c.IDs != nil && !slices.Equal(got, c.IDs) {
		t.Errorf("ids = %v, want %v", got, c.IDs)
	}
	if c.IDsAny != nil {
		g, w := slices.Clone(got), slices.Clone(c.IDsAny)
		sort.Strings(g)
		sort.Strings(w)
		if !slices.Equal(g, w) {
			t.Errorf("ids = %v, want (any order) %v", got, c.IDsAny)
		}
	}
	if c.Total != nil && int(res.Total) != *c.Total {
		t.Errorf("total = %d, want %d", res.Total, *c.Total)
	}
	for dim, want := range c.Facets {
		var vals []index.FacetValue
		switch dim {
		case "locations":
			vals = res.Facets.Locations
		case "actors":
			vals = res.Facets.Actors
		case "sources":
			vals = res.Facets.Sources
		}
		have := map[string]int{}
		for _, v := range vals {
			have[v.Value] = v.Count
		}
		for v, n := range want {
			if have[v] != n {
				t.Errorf("facet %s[%s] = %d, want %d (all: %v)", dim, v, have[v], n, vals)
			}
		}
	}
	if c.Places != nil {
		have := map[string]int{}
		for _, p := range res.Facets.Places {
			have[strings.Join(p.Path, " > ")] = p.Count
		}
		for path, n := range c.Places {
			if have[path] != n {
				t.Errorf("place %s = %d, want %d (all: %v)", path, have[path], n, res.Facets.Places)
			}
		}
	}
	if c.Points != nil {
		have := map[string]int{}
		for _, p := range res.Facets.Points {
			have[p.Name] = p.Count
		}
		for name, n := range c.Points {
			if have[name] != n {
				t.Errorf("point %s = %d, want %d (all: %v)", name, have[name], n, res.Facets.Points)
			}
		}
	}
	for name, kind := range c.Kinds {
		got, found := "", false
		for _, a := range res.Facets.Actors {
			if a.Value == name {
				got, found = a.Kind, true
			}
		}
		if !found || got != kind {
			t.Errorf("actor %s in the facet: kind %q (listed: %v), want %q (all: %v)", name, got, found, kind, res.Facets.Actors)
		}
	}
	for id, fields := range c.Highlight {
		var hit *index.Hit
		for i := range res.Hits {
			if res.Hits[i].ID == id {
				hit = &res.Hits[i]
			}
		}
		if hit == nil {
			t.Fatalf("no hit %s for highlight check", id)
		}
		for field, want := range fields {
			joined := strings.Join(hit.Highlights[field], " | ")
			if !strings.Contains(joined, want) {
				t.Errorf("highlight %s.%s = %q, want it to contain %q", id, field, joined, want)
			}
		}
	}
	for _, h := range res.Hits {
		for _, frs := range h.Highlights {
			for _, fr := range frs {
				if s := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(fr); strings.ContainsAny(s, "<>") {
					t.Errorf("fragment of %s carries markup other than <mark>: %q", h.ID, fr)
				}
			}
		}
	}
	if c.Interval != "" && res.Facets.Interval != c.Interval {
		t.Errorf("interval = %q, want %q", res.Facets.Interval, c.Interval)
	}
	if c.DateSum != nil {
		sum := 0
		for _, d := range res.Facets.Dates {
			sum += d.Count
		}
		if sum != *c.DateSum {
			t.Errorf("date buckets sum to %d, want %d: %v", sum, *c.DateSum, res.Facets.Dates)
		}
	}
	for start, n := range c.DateBuckets {
		found := false
		for _, d := range res.Facets.Dates {
			if d.Start == start {
				found = true
				if d.Count != n {
					t.Errorf("bucket %s = %d, want %d", start, d.Count, n)
				}
			}
		}
		if !found {
			t.Errorf("no date bucket starting %s in %v", start, res.Facets.Dates)
		}
	}
}
