package index

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
)

// entityArticles are short articles whose entities say what an extractor
// would have found, and under which words.
func entityArticles() []*Article {
	place := func(name string, mention string, path ...string) Location {
		return Location{Name: name, Mentions: []string{mention}, Path: append([]string{name}, path...)}
	}
	actor := func(name, kind, mention string) Actor {
		return Actor{Name: name, Kind: kind, Mentions: []string{mention}}
	}
	return []*Article{
		{ID: "e1", Title: "Night of shelling", Text: "Explosions were heard in Kiev overnight, officials said.",
			Locations: []Location{place("Kyiv", "Kiev", "Kyiv City", "Ukraine")}},
		{ID: "e2", Title: "Air raid alert", Text: "Сирени лунали над містом: дрони атакували Київ вночі. Officials said the attack lasted hours.",
			Locations: []Location{place("Kyiv", "Київ", "Kyiv City", "Ukraine")}},
		{ID: "e3", Title: "Village shelled", Text: "The village of Makhnovka in the Kursk Oblast was shelled again.",
			Locations: []Location{place("Makhnovka", "Makhnovka", "Kursk Oblast", "Russia")}},
		{ID: "e4", Title: "Statement from Moscow", Text: "Russia said the talks would resume next week.",
			Locations: []Location{place("Russia", "Russia")}},
		{ID: "e5", Title: "Fleet moves", Text: "The Black Sea Fleet moved ships out of Sevastopol.",
			Actors: []Actor{actor("Russian armed forces", "military", "Black Sea Fleet")}},
		{ID: "e6", Title: "Advance in the east", Text: "Russian troops advanced near the river, officials said.",
			Actors: []Actor{actor("Russian armed forces", "military", "Russian troops")}},
		{ID: "e7", Title: "Address to the nation", Text: "Zelenskiy spoke late on Sunday.",
			Actors: []Actor{actor("Volodymyr Zelensky", "person", "Zelenskiy")}},
		{ID: "e8", Title: "Meeting in Brussels", Text: "President Zelenskyy met European leaders.",
			Actors: []Actor{actor("Volodymyr Zelensky", "person", "Zelenskyy")}},
		{ID: "e9", Title: "Army statement", Text: "The IDF said its operation in the north continued.",
			Actors: []Actor{actor("Israel Defense Forces", "military", "IDF")}},
		{ID: "e10", Title: "A quiet day", Text: "Nothing of note happened on the Black Sea coast.",
			Locations: []Location{place("Black Sea", "Black Sea")}},
	}
}

// entityDictionary stands in for the extractor over entityArticles: the
// names, aliases and units it knows.
func entityDictionary(text string) ([]Location, []Actor) {
	places := map[string]string{"kiev": "Kyiv", "kyiv": "Kyiv", "київ": "Kyiv", "russia": "Russia", "makhnovka": "Makhnovka", "black sea": "Black Sea"}
	actors := map[string][2]string{
		"zelenskiy": {"Volodymyr Zelensky", "person"}, "zelenskyy": {"Volodymyr Zelensky", "person"},
		"black sea fleet": {"Russian armed forces", "military"}, "russian troops": {"Russian armed forces", "military"},
		"idf": {"Israel Defense Forces", "military"},
	}
	k := strings.ToLower(text)
	var ls []Location
	var as []Actor
	if p, ok := places[k]; ok {
		ls = append(ls, Location{Name: p, Mentions: []string{text}})
	}
	if a, ok := actors[k]; ok {
		as = append(as, Actor{Name: a[0], Kind: a[1], Mentions: []string{text}})
	}
	return ls, as
}

func TestFreeTextEntities(t *testing.T) {
	arts := entityArticles()
	fast := openTestIndexOpts(t, arts, Options{Entities: entityDictionary})
	slow := openTestIndexOpts(t, entityArticles(), Options{Entities: entityDictionary})
	plain := openTestIndexOpts(t, entityArticles(), Options{})
	cases := []struct {
		name      string
		q         Query
		ix        *Index
		ids       []string
		matched   map[string]string // hit -> entity it shows as matched
		highlight map[string]string // hit -> text fragment it must contain
	}{
		{name: "an alias finds its place under every name", q: Query{Text: "Kiev"}, ids: []string{"e1", "e2"},
			matched: map[string]string{"e1": "Kyiv", "e2": "Kyiv"}, highlight: map[string]string{"e1": "<mark>Kiev</mark>", "e2": "<mark>Київ</mark>"}},
		{name: "lower case alias", q: Query{Text: "kiev"}, ids: []string{"e1", "e2"}},
		{name: "the canonical name too", q: Query{Text: "Kyiv"}, ids: []string{"e1", "e2"}},
		{name: "a country word does not take in its villages", q: Query{Text: "Russia"}, ids: []string{"e4"}},
		{name: "the location filter does", q: Query{Locations: []string{"Russia"}}, ids: []string{"e3", "e4"}},
		{name: "location: searches the hierarchy", q: Query{Text: "location:Russia"}, ids: []string{"e3", "e4"}},
		{name: "a unit of an army is not the army", q: Query{Text: `"black sea fleet"`}, ids: []string{"e5"}},
		{name: "a phrase that names an actor's unit does not find its other articles", q: Query{Text: `"black sea"`}, ids: []string{"e10", "e5"}},
		{name: "an acronym of an army is its name", q: Query{Text: "IDF"}, ids: []string{"e9"}},
		{name: "a spelling of a person's name finds the person", q: Query{Text: "Zelenskiy"}, ids: []string{"e7", "e8"},
			matched: map[string]string{"e8": "Volodymyr Zelensky"}, highlight: map[string]string{"e8": "<mark>Zelenskyy</mark>"}},
		{name: "an alias AND a word", q: Query{Text: "Kiev officials"}, ids: []string{"e1", "e2"}},
		{name: "excluding an alias excludes its entity", q: Query{Text: "officials -Kiev"}, ids: []string{"e6"}},
		{name: "the slow path agrees", q: Query{Text: "Kiev"}, ix: slow, ids: []string{"e1", "e2"}},
		{name: "without a resolver, words only", q: Query{Text: "Kiev"}, ix: plain, ids: []string{"e1"}},
		{name: "actor names are not free text", q: Query{Text: "armed"}, ids: nil},
		{name: "actor: finds an actor by an alias its articles do not carry", q: Query{Text: "actor:Zelenskiy"}, ids: []string{"e7", "e8"},
			matched: map[string]string{"e7": "Volodymyr Zelensky", "e8": "Volodymyr Zelensky"}},
		{name: "actor: by an acronym", q: Query{Text: "actor:idf"}, ids: []string{"e9"}},
		{name: "actor: by words of the name", q: Query{Text: `actor:"israel defense"`}, ids: []string{"e9"}},
		{name: "actor: does not take a place's alias", q: Query{Text: "actor:Kiev"}, ids: nil},
		{name: "location: finds a place by an alias", q: Query{Text: "location:Kiev"}, ids: []string{"e1", "e2"},
			matched: map[string]string{"e1": "Kyiv"}},
		{name: "location: does not take an actor's alias", q: Query{Text: "location:IDF"}, ids: nil},
		{name: "the slow path resolves actor: too", q: Query{Text: "actor:Zelenskiy"}, ix: slow, ids: []string{"e7", "e8"}},
		{name: "without a resolver, actor: reads names only", q: Query{Text: "actor:Zelenskiy"}, ix: plain, ids: nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix := c.ix
			if ix == nil {
				ix = fast
			}
			search := ix.Search
			if ix == slow {
				search = func(ctx context.Context, q Query) (*Results, error) { return oracleSearch(ctx, ix, q) }
			}
			res, err := search(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			sort.Strings(got)
			want := slices.Clone(c.ids)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Fatalf("ids = %v, want %v", got, want)
			}
			if int(res.Total) != len(c.ids) {
				t.Errorf("total = %d, want %d", res.Total, len(c.ids))
			}
			sum := 0
			for _, d := range res.Facets.Dates {
				sum += d.Count
			}
			for _, h := range res.Hits {
				var names []string
				for _, m := range h.Matched {
					names = append(names, m.Name)
				}
				if w, ok := c.matched[h.ID]; ok && !slices.Contains(names, w) {
					t.Errorf("%s: matched = %v, want %s", h.ID, h.Matched, w)
				}
				if w, ok := c.highlight[h.ID]; ok && !strings.Contains(strings.Join(h.Highlights["text"], " "), w) {
					t.Errorf("%s: text fragments %q, want %q in them", h.ID, h.Highlights["text"], w)
				}
			}
		})
	}
}

// TestFreeTextFacetsCountTheMatches checks that the facets count exactly the
// articles that match, on the scan and on the Bleve oracle.
func TestFreeTextFacetsCountTheMatches(t *testing.T) {
	ix := openTestIndexOpts(t, entityArticles(), Options{Entities: entityDictionary})
	for _, noFast := range []bool{false, true} {
		search := ix.Search
		if noFast {
			search = func(ctx context.Context, q Query) (*Results, error) { return oracleSearch(ctx, ix, q) }
		}
		res, err := search(context.Background(), Query{Text: "Kiev OR Russia"})
		if err != nil {
			t.Fatal(err)
		}
		locs := map[string]int{}
		for _, v := range res.Facets.Locations {
			locs[v.Value] = v.Count
		}
		want := map[string]int{"Kyiv": 2, "Kyiv City": 2, "Ukraine": 2, "Russia": 1}
		for k, n := range want {
			if locs[k] != n {
				t.Errorf("fast=%v: facet %s = %d, want %d (all %v)", !noFast, k, locs[k], n, res.Facets.Locations)
			}
		}
		if locs["Makhnovka"] != 0 || res.Total != 3 {
			t.Errorf("fast=%v: total %d, facets %v: want 3 articles and no Makhnovka", !noFast, res.Total, locs)
		}
	}
}

func TestNameForm(t *testing.T) {
	cases := []struct {
		name, key, entity string
		want              bool
	}{
		{name: "acronym", key: "idf", entity: "Israel Defense Forces", want: true},
		{name: "acronym with dots", key: "i.d.f", entity: "Israel Defense Forces", want: true},
		{name: "a word of the name", key: "putin", entity: "Vladimir Putin", want: true},
		{name: "a spelling", key: "zelenskiy", entity: "Volodymyr Zelensky", want: true},
		{name: "a unit", key: "black sea fleet", entity: "Russian armed forces", want: false},
		{name: "an office", key: "kremlin", entity: "Russian government", want: false},
		{name: "short words must match exactly", key: "army", entity: "Arms Control Agency", want: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := nameForm(c.key, c.entity); got != c.want {
				t.Errorf("nameForm(%q, %q) = %v, want %v", c.key, c.entity, got, c.want)
			}
		})
	}
}

func TestMentionFragment(t *testing.T) {
	cases := []struct {
		name, text string
		mentions   []string
		want       string
	}{
		{name: "whole word marked", text: "Drones hit Київ at night.", mentions: []string{"Київ"}, want: "Drones hit <mark>Київ</mark> at night."},
		{name: "not inside a word", text: "Kievan Rus. Later Kiev grew.", mentions: []string{"Kiev"}, want: "Kievan Rus. Later <mark>Kiev</mark> grew."},
		{name: "escaped", text: "A <b> tag & Kyiv", mentions: []string{"Kyiv"}, want: "A &lt;b&gt; tag &amp; <mark>Kyiv</mark>"},
		{name: "absent", text: "Nothing here", mentions: []string{"Kyiv"}, want: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := mentionFragment(c.text, c.mentions, 240); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
