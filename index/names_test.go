package index

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// nameArticles carry places, actors and sources whose names share words
// in different orders and places.
func nameArticles() []*Article {
	place := func(name string, path ...string) Location {
		return Location{Name: name, Mentions: []string{name}, Path: append([]string{name}, path...)}
	}
	actor := func(name string, aliases ...string) Actor {
		return Actor{Name: name, Kind: "armed_group", Mentions: []string{name}, Aliases: aliases}
	}
	return []*Article{
		{ID: "n1", Title: "One", Text: "Report one.", Source: "Kyiv Independent",
			Locations: []Location{place("Kharkiv", "Kharkiv Oblast", "Ukraine")}},
		{ID: "n2", Title: "Two", Text: "Report two.", Source: "Kyiv Post",
			Locations: []Location{place("Kupiansk", "Kharkiv Oblast", "Ukraine"), place("Gaza Strip", "Palestine")}},
		{ID: "n3", Title: "Three", Text: "Report three.", Source: "Al Jazeera English",
			Locations: []Location{place("Gaza", "Gaza Strip", "Palestine")},
			Actors:    []Actor{actor("Islamic State of Iraq and the Levant", "ISIL"), actor("Free Syrian Army")}},
		{ID: "n4", Title: "Four", Text: "Report four.", Source: "Reuters",
			Locations: []Location{place("Oblast Road", "Kyiv Oblast", "Ukraine")},
			Actors:    []Actor{actor("Syrian Democratic Forces")}},
		{ID: "n5", Title: "Five", Text: "Report five.", Source: "The Independent",
			Locations: []Location{place("Strip Mall", "Ohio", "United States")},
			Actors:    []Actor{actor("Army of Islam")}},
	}
}

// nameWords splits a name into lower-cased words, as a reader would.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// namesOf is what a clause field reads of an article.
func namesOf(a *Article, field string) []string {
	switch field {
	case "location":
		return a.LocationNames()
	case "actor":
		return append(a.ActorNames(), actorAliases(a)...)
	}
	return []string{a.Source}
}

func TestNameClausesMatchTheNames(t *testing.T) {
	arts := nameArticles()
	ix := openTestIndexOpts(t, arts, Options{})
	contains := func(words, sub []string) bool {
		for i := 0; i+len(sub) <= len(words); i++ {
			if slices.Equal(words[i:i+len(sub)], sub) {
				return true
			}
		}
		return false
	}
	cases := []struct {
		q     string
		field string
		match func(words []string) bool
	}{
		{"location:kharkiv", "location", func(w []string) bool { return slices.Contains(w, "kharkiv") }},
		{"location:Oblast", "location", func(w []string) bool { return slices.Contains(w, "oblast") }},
		{`location:"kharkiv oblast"`, "location", func(w []string) bool { return contains(w, []string{"kharkiv", "oblast"}) }},
		{`location:"oblast kharkiv"`, "location", func(w []string) bool { return contains(w, []string{"oblast", "kharkiv"}) }},
		{`location:"gaza strip"`, "location", func(w []string) bool { return contains(w, []string{"gaza", "strip"}) }},
		{"location:strip", "location", func(w []string) bool { return slices.Contains(w, "strip") }},
		{"location:kha*", "location", func(w []string) bool {
			return slices.ContainsFunc(w, func(s string) bool { return strings.HasPrefix(s, "kha") })
		}},
		{"location:kharkov~1", "location", func(w []string) bool { return slices.Contains(w, "kharkiv") }},
		{"actor:syrian", "actor", func(w []string) bool { return slices.Contains(w, "syrian") }},
		{`actor:"syrian army"`, "actor", func(w []string) bool { return contains(w, []string{"syrian", "army"}) }},
		{`actor:"free syrian army"`, "actor", func(w []string) bool { return contains(w, []string{"free", "syrian", "army"}) }},
		{"actor:isil", "actor", func(w []string) bool { return slices.Contains(w, "isil") }},
		{"actor:islam*", "actor", func(w []string) bool {
			return slices.ContainsFunc(w, func(s string) bool { return strings.HasPrefix(s, "islam") })
		}},
		{"source:independent", "source", func(w []string) bool { return slices.Contains(w, "independent") }},
		{`source:"kyiv independent"`, "source", func(w []string) bool { return contains(w, []string{"kyiv", "independent"}) }},
		{"source:KYIV", "source", func(w []string) bool { return slices.Contains(w, "kyiv") }},
	}
	for _, c := range cases {
		var want []string
		for _, a := range arts {
			for _, n := range namesOf(a, c.field) {
				if c.match(nameWords(n)) {
					want = append(want, a.ID)
					break
				}
			}
		}
		res, err := ix.Search(context.Background(), Query{Text: c.q, Size: 20})
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
			if h.Score != h.Score || h.Score <= 0 {
				t.Errorf("%s: hit %s scores %v", c.q, h.ID, h.Score)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || res.Total != uint64(len(want)) {
			t.Errorf("%s: hits %v (total %d), want %v", c.q, got, res.Total, want)
		}
		if (len(want) == 0) != (c.q == `location:"oblast kharkiv"`) {
			t.Errorf("%s: the case matches %v: the test data no longer tests it", c.q, want)
		}
	}
}

// A clause on a name ranks by the article's words like any filter: with
// a word, the word's score orders the hits.
func TestNameClauseKeepsWordRanking(t *testing.T) {
	arts := nameArticles()
	arts[0].Text = "Shelling. Shelling. Shelling."
	arts[1].Text = "Some shelling was reported in the region overnight by officials."
	ix := openTestIndexOpts(t, arts, Options{})
	res, err := ix.Search(context.Background(), Query{Text: "location:kharkiv shelling", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if !slices.Equal(got, []string{"n1", "n2"}) || !(res.Hits[0].Score > res.Hits[1].Score) {
		t.Errorf("hits %v, want n1 (three times the word) before n2", got)
	}
}

func TestNamesMatchPhraseSlots(t *testing.T) {
	name := []nameToken{{"islamic", 1}, {"state", 2}, {"iraq", 4}, {"levant", 7}}
	for _, c := range []struct {
		q      []nameToken
		phrase bool
		want   bool
	}{
		{[]nameToken{{"state", 1}, {"iraq", 3}}, true, true},   // "state of iraq": the stop word's slot
		{[]nameToken{{"state", 1}, {"iraq", 2}}, true, false},  // "state iraq" skips a word
		{[]nameToken{{"iraq", 1}, {"state", 2}}, true, false},  // order
		{[]nameToken{{"iraq", 1}, {"state", 2}}, false, true},  // words, any order
		{[]nameToken{{"iraq", 1}, {"syria", 2}}, false, false}, // every word
	} {
		if got := namesMatch(name, c.q, c.phrase); got != c.want {
			t.Errorf("%v phrase=%v: %v, want %v", c.q, c.phrase, got, c.want)
		}
	}
}

// Facet filters take any case: they select the names equal to the value
// but for case.
func TestFiltersIgnoreCase(t *testing.T) {
	ix := openTestIndexOpts(t, nameArticles(), Options{})
	for _, c := range []struct {
		name string
		q    Query
		want []string
	}{
		{"place", Query{Locations: []string{"KHARKIV OBLAST"}}, []string{"n1", "n2"}},
		{"place, two values", Query{Locations: []string{"gaza strip", "ohio"}}, []string{"n2", "n3", "n5"}},
		{"source", Query{Sources: []string{"reuters"}}, []string{"n4"}},
		{"actor", Query{Actors: []string{"free syrian ARMY"}}, []string{"n3"}},
		{"not a whole name", Query{Actors: []string{"syrian"}}, nil},
		{"unknown", Query{Sources: []string{"nobody"}}, nil},
	} {
		c.q.Size = 20
		res, err := ix.Search(context.Background(), c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) || res.Total != uint64(len(c.want)) {
			t.Errorf("%s: hits %v (total %d), want %v", c.name, got, res.Total, c.want)
		}
	}
}
