package index

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

type searchCase struct {
	Name        string                       `json:"name"`
	Query       Query                        `json:"query"`
	IDs         []string                     `json:"ids"`
	IDsAny      []string                     `json:"ids_any"`
	Total       *int                         `json:"total"`
	Facets      map[string]map[string]int    `json:"facets"`
	Highlight   map[string]map[string]string `json:"highlight"`
	Error       string                       `json:"error"`
	Interval    string                       `json:"interval"`
	DateSum     *int                         `json:"date_sum"`
	DateBuckets map[string]int               `json:"date_buckets"`
}

// UnmarshalJSON reads a case of searches.json, whose query uses the API's
// parameter names.
func (c *searchCase) UnmarshalJSON(b []byte) error {
	type plain searchCase // without this method
	var raw struct {
		plain
		Query struct {
			Q        string   `json:"q"`
			Location []string `json:"location"`
			Actor    []string `json:"actor"`
			Source   []string `json:"source"`
			From     string   `json:"from"`
			To       string   `json:"to"`
			Sort     string   `json:"sort"`
			Page     int      `json:"page"`
			Size     int      `json:"size"`
		} `json:"query"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	q := raw.Query
	*c = searchCase(raw.plain)
	c.Query = Query{Text: q.Q, Locations: q.Location, Actors: q.Actor, Sources: q.Source,
		From: q.From, To: q.To, Sort: q.Sort, Page: q.Page, Size: q.Size}
	return nil
}

func loadArticles(t testing.TB, path string) []*Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, &a)
	}
	return out
}

func openTestIndex(t testing.TB, arts []*Article) *Index {
	t.Helper()
	return openTestIndexOpts(t, arts, Options{Entities: entitiesOf(arts)})
}

func openTestIndexOpts(t testing.TB, arts []*Article, opts Options) *Index {
	t.Helper()
	ix, err := Open(t.TempDir()+"/idx", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestFacetsMatchIndependentCount checks facet counts against a count made
// directly over the articles, for every filter value of every dimension
// and for pairs of filters. A facet's values count the articles that pass
// the other facets' filters: what choosing one more value would add.
func TestFacetsMatchIndependentCount(t *testing.T) {
	arts := loadArticles(t, "testdata/search/articles.jsonl")
	ix := openTestIndex(t, arts)
	count := func(pass func(*Article) bool, field func(*Article) []string) map[string]int {
		out := map[string]int{}
		for _, a := range arts {
			if pass(a) {
				for _, v := range field(a) {
					out[v]++
				}
			}
		}
		return out
	}
	source := func(a *Article) []string {
		if a.Source == "" {
			return nil
		}
		return []string{a.Source}
	}
	all := func(*Article) bool { return true }
	// check asks q, whose location and actor filters are loc and act.
	check := func(t *testing.T, q Query, loc, act func(*Article) bool) {
		q.Size = 100
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		both := func(a *Article) bool { return loc(a) && act(a) }
		n := 0
		for _, a := range arts {
			if both(a) {
				n++
			}
		}
		if int(res.Total) != n {
			t.Errorf("total = %d, independent count %d", res.Total, n)
		}
		for _, d := range []struct {
			name string
			got  []FacetValue
			want map[string]int
		}{
			{"locations", res.Facets.Locations, count(act, (*Article).LocationNames)},
			{"actors", res.Facets.Actors, count(loc, (*Article).ActorNames)},
			{"sources", res.Facets.Sources, count(both, source)},
		} {
			for _, v := range d.got {
				if d.want[v.Value] != v.Count {
					t.Errorf("%s %q: facet %d, independent %d", d.name, v.Value, v.Count, d.want[v.Value])
				}
			}
			if len(d.want) <= 10 && len(d.got) != len(d.want) {
				t.Errorf("%s: %d values, independent %d", d.name, len(d.got), len(d.want))
			}
		}
	}
	t.Run("all", func(t *testing.T) { check(t, Query{}, all, all) })
	locs := count(all, (*Article).LocationNames)
	acts := count(all, (*Article).ActorNames)
	for l := range locs {
		hasLoc := func(a *Article) bool { return slices.Contains(a.LocationNames(), l) }
		t.Run("location="+l, func(t *testing.T) {
			check(t, Query{Locations: []string{l}}, hasLoc, all)
		})
		for x := range acts {
			hasAct := func(a *Article) bool { return slices.Contains(a.ActorNames(), x) }
			t.Run("location="+l+",actor="+x, func(t *testing.T) {
				check(t, Query{Locations: []string{l}, Actors: []string{x}}, hasLoc, hasAct)
			})
		}
	}
}

func TestReindexIsStable(t *testing.T) {
	arts := loadArticles(t, "testdata/search/articles.jsonl")
	ix := openTestIndex(t, arts)
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	have, err := ix.Hashes(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range loadArticles(t, "testdata/search/articles.jsonl") {
		if have[a.ID] != ContentHash(a) {
			t.Errorf("%s: stored hash %q differs from the hash of the same article %q", a.ID, have[a.ID], ContentHash(a))
		}
	}
	got, err := ix.Get(context.Background(), "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != arts[0].Title || len(got.Locations) != 4 || got.Locations[0].Name != "Makhnovka" || got.Locations[0].Admin1 != "Kursk Oblast" {
		t.Errorf("Get(a1) = %+v", got)
	}
	if _, err := ix.Get(context.Background(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) error = %v, want ErrNotFound", err)
	}
	n, err := ix.Delete(context.Background(), []string{"a1", "nope"})
	if err != nil || n != 1 {
		t.Errorf("Delete = %d, %v; want 1", n, err)
	}
	if c, _ := ix.Count(); c != uint64(len(arts)-1) {
		t.Errorf("count after delete = %d", c)
	}
}

func TestStableID(t *testing.T) {
	tests := []struct {
		name string
		a    Article
		same Article
	}{
		{"given id wins", Article{ID: "x1", URL: "https://a.org/1"}, Article{ID: "x1", URL: "https://b.org/2"}},
		{"canonical url", Article{URL: "https://www.Example.org/a/?utm_source=x#top"}, Article{URL: "http://example.org/a"}},
		{"content hash", Article{Title: "t", Text: "body"}, Article{Title: "t", Text: "body"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if StableID(&tc.a) != StableID(&tc.same) {
				t.Errorf("ids differ: %s vs %s", StableID(&tc.a), StableID(&tc.same))
			}
		})
	}
	if StableID(&Article{Title: "t", Text: "a"}) == StableID(&Article{Title: "t", Text: "b"}) {
		t.Error("different texts share an id")
	}
}

// A query string the parser refuses is a bad query (400), not an internal
// error.
func TestParseErrorsAreBadQueries(t *testing.T) {
	for _, q := range []string{`"open`, `a OR`, `x:`, `(a)`, `a~9`, `-`} {
		if _, _, err := parseQueryString(q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: error %v, want ErrBadQuery", q, err)
		}
	}
}

// entitiesOf stands in for the extractor: it reads a text as the place or
// actor whose name, alias or mention, in any case, the text is.
func entitiesOf(arts []*Article) EntityFunc {
	locs, acts := map[string]Location{}, map[string]Actor{}
	for _, a := range arts {
		for _, l := range a.Locations {
			for _, n := range append([]string{l.Name}, l.Mentions...) {
				locs[strings.ToLower(n)] = Location{Name: l.Name, Kind: l.Kind}
			}
		}
		for _, ac := range a.Actors {
			for _, n := range append(append([]string{ac.Name}, ac.Aliases...), ac.Mentions...) {
				acts[strings.ToLower(n)] = Actor{Name: ac.Name, Kind: ac.Kind}
			}
		}
	}
	return func(text string) ([]Location, []Actor) {
		k := strings.ToLower(text)
		var ls []Location
		var as []Actor
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

// TestHitPlacesCarryHierarchy checks that a hit's places keep what extraction
// gave them: region, district, GeoNames id and kind, not only a name and a
// point.
func TestHitPlacesCarryHierarchy(t *testing.T) {
	lat, lon := 49.98, 36.25
	want := Location{Name: "Kharkiv", Country: "UA", Admin1: "Kharkiv Oblast", Admin2: "Kharkiv Raion",
		Lat: &lat, Lon: &lon, GeonameID: 706483, Kind: "place", Mentions: []string{"Kharkiv"}}
	ix := openTestIndex(t, []*Article{{ID: "k1", Title: "Shelling in Kharkiv", Text: "Shelling hit Kharkiv overnight.",
		Locations: []Location{want}}})
	res, err := ix.Search(context.Background(), Query{Text: "shelling"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || len(res.Hits[0].Places) != 1 {
		t.Fatalf("hits = %+v, want one hit with one place", res.Hits)
	}
	got := res.Hits[0].Places[0]
	if got.Name != want.Name || got.Country != want.Country || got.Admin1 != want.Admin1 || got.Admin2 != want.Admin2 ||
		got.GeonameID != want.GeonameID || got.Kind != want.Kind || got.Lat == nil || *got.Lat != lat {
		t.Errorf("hit place = %+v, want the hierarchy of %+v", got, want)
	}
}
