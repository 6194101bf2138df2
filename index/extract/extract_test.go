package extract

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

var (
	sharedOnce sync.Once
	sharedEx   *Extractor
	sharedErr  error
)

// testExtractor loads the embedded data once for all tests of this file.
func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	sharedOnce.Do(func() { sharedEx, sharedErr = New(Options{}) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedEx
}

func seedText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var seedPublished = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)

// TestSeedArticle is the golden end-to-end case of issue 3.
func TestSeedArticle(t *testing.T) {
	e := testExtractor(t).Extract("", seedText(t), seedPublished)

	t.Run("actors", func(t *testing.T) {
		for _, want := range []struct{ name, kind string }{
			{"Volodymyr Zelensky", "person"},
			{"Oleksandr Syrskyi", "person"},
			{"Vladimir Putin", "person"},
			{"Russian armed forces", "military"},
			{"North Korean military", "military"},
			{"Russian Ministry of Defence", "government"},
		} {
			a, ok := actorNamed(e.Actors, want.name)
			if !ok {
				t.Errorf("actor %q missing; got %v", want.name, actorNames(e.Actors))
				continue
			}
			if a.Kind != want.kind {
				t.Errorf("%s: kind %q, want %q", want.name, a.Kind, want.kind)
			}
			for _, m := range a.Mentions {
				if !strings.Contains(seedText(t), m) {
					t.Errorf("%s: mention %q is not in the text", want.name, m)
				}
			}
		}
		z, _ := actorNamed(e.Actors, "Volodymyr Zelensky")
		if !contains(z.Mentions, "Zelenskyy") || !contains(z.Mentions, "Zelensky") {
			t.Errorf("Zelensky mentions %q, want both spellings", z.Mentions)
		}
	})

	t.Run("dates", func(t *testing.T) {
		for _, want := range []Date{
			{"2025-01-04", "January 4"},
			{"2024-08", "early August 2024"},
			{"2024-12", "last month"},
		} {
			if !containsDate(e.Dates, want) {
				t.Errorf("date %+v missing; got %+v", want, e.Dates)
			}
		}
		seen := map[string]bool{}
		for _, d := range e.Dates {
			if seen[d.Date] {
				t.Errorf("date %s twice", d.Date)
			}
			seen[d.Date] = true
		}
	})

	// Places come from the gazetteer work; kept here so the golden case is whole.
	t.Run("places", func(t *testing.T) {
		for _, want := range []struct{ name, country, admin1 string }{
			{"Makhnovka", "RU", "Kursk Oblast"},
			{"Kursk Oblast", "RU", ""},
			{"Russia", "RU", ""},
			{"Ukraine", "UA", ""},
			{"North Korea", "KP", ""},
		} {
			var found *Location
			for i := range e.Locations {
				if e.Locations[i].Name == want.name {
					found = &e.Locations[i]
				}
			}
			if found == nil {
				t.Errorf("place %q missing", want.name)
				continue
			}
			if found.Country != want.country || want.admin1 != "" && found.Admin1 != want.admin1 {
				t.Errorf("%s: country %q admin1 %q, want %q %q", want.name, found.Country, found.Admin1, want.country, want.admin1)
			}
		}
	})
}

func TestCanonicalActor(t *testing.T) {
	ex := testExtractor(t)
	tests := []struct{ name, in, want string }{
		{"alias", "Zelenskiy", "Volodymyr Zelensky"},
		{"any case", "zelenskyy", "Volodymyr Zelensky"},
		{"canonical itself", "Vladimir Putin", "Vladimir Putin"},
		{"acronym in lower case", "idf", "Israel Defense Forces"},
		{"ministry", "Russia's Ministry of Defence", "Russian Ministry of Defence"},
		{"pattern name", "Ethiopian troops", "Ethiopian National Defense Force"},
		{"clan militia", "Dir clan militia", "Dir Clan Militia"},
		{"Jolani", "Abu Mohammed al-Jolani", "Ahmed al-Sharaa"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ex.CanonicalActor(tc.in)
			if !ok || got != tc.want {
				t.Errorf("CanonicalActor(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
	if got, ok := ex.CanonicalActor("Nobody Atall Xyzzy"); ok {
		t.Errorf("unknown name resolved to %q", got)
	}
}

func TestUserActorFile(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/good.tsv"
	os.WriteFile(good, []byte("# test\nBlue Falcon Brigade\tarmed_group\tBFB|Blue Falcons\nVolodymyr Zelensky\tperson\tZe\n"), 0o644)
	ex, err := New(Options{ActorFiles: []string{good}})
	if err != nil {
		t.Fatal(err)
	}
	text := "The Blue Falcons met Ze."
	got := ex.findActors(text, words.Tokenize(text))
	if _, ok := actorNamed(got, "Blue Falcon Brigade"); !ok {
		t.Errorf("user actor missing: %v", actorNames(got))
	}
	if _, ok := actorNamed(got, "Volodymyr Zelensky"); !ok {
		t.Errorf("user alias of a known actor missing: %v", actorNames(got))
	}
	bad := dir + "/bad.tsv"
	os.WriteFile(bad, []byte("Someone\twizard\tx\n"), 0o644)
	if _, err := New(Options{ActorFiles: []string{bad}}); err == nil || !strings.Contains(err.Error(), "bad.tsv:1") {
		t.Errorf("bad kind: err = %v, want file:line", err)
	}
}

func TestParsePublished(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // RFC 3339 in UTC; "" for an error
	}{
		{"hour 24 is midnight of the next day", "2022-03-11T24:04:30Z", "2022-03-12T00:04:30Z"},
		{"RFC 3339", "2025-01-05T10:30:00Z", "2025-01-05T10:30:00Z"},
		{"RFC 3339 offset", "2025-01-05T10:30:00+02:00", "2025-01-05T08:30:00Z"},
		{"ISO without zone", "2025-01-05T10:30:00", "2025-01-05T10:30:00Z"},
		{"ISO fraction without zone", "2025-01-05T10:30:00.123", "2025-01-05T10:30:00.123Z"},
		{"date only", "2025-01-05", "2025-01-05T00:00:00Z"},
		{"space separated", "2025-01-05 10:30:00", "2025-01-05T10:30:00Z"},
		{"RFC 1123", "Sun, 05 Jan 2025 10:30:00 GMT", "2025-01-05T10:30:00Z"},
		{"RFC 1123 named zone", "Sat, 04 Jan 2025 21:00:00 EST", "2025-01-05T02:00:00Z"},
		{"RFC 1123Z", "Sun, 05 Jan 2025 10:30:00 +0300", "2025-01-05T07:30:00Z"},
		{"RFC 822 single-digit day", "Sun, 5 Jan 2025 10:30:00 +0000", "2025-01-05T10:30:00Z"},
		{"RFC 822 short", "05 Jan 25 10:30 UTC", "2025-01-05T10:30:00Z"},
		{"no seconds", "Sun, 5 Jan 2025 10:30 +0000", "2025-01-05T10:30:00Z"},
		{"weekday and long month", "Wednesday, 5 January 2025", "2025-01-05T00:00:00Z"},
		{"US long form", "January 5, 2025", "2025-01-05T00:00:00Z"},
		{"US with time", "January 5, 2025 at 10:30 AM", "2025-01-05T10:30:00Z"},
		{"ordinal", "5th January 2025", "2025-01-05T00:00:00Z"},
		{"prefix", "Published: 5 January 2025", "2025-01-05T00:00:00Z"},
		{"Unix seconds", "1736073000", "2025-01-05T10:30:00Z"},
		{"Unix milliseconds", "1736073000000", "2025-01-05T10:30:00Z"},
		{"Unix float", "1736073000.5", "2025-01-05T10:30:00Z"},
		{"day first slashes", "05/01/2025", "2025-01-05T00:00:00Z"},
		{"month first when forced", "1/25/2025", "2025-01-25T00:00:00Z"},
		{"dots", "05.01.2025", "2025-01-05T00:00:00Z"},
		{"UnixDate", "Sun Jan  5 10:30:00 UTC 2025", "2025-01-05T10:30:00Z"},
		{"empty", "  ", ""},
		{"garbage", "someday soon", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePublished(tc.in)
			if tc.want == "" {
				if err == nil {
					t.Errorf("ParsePublished(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePublished(%q): %v", tc.in, err)
			}
			if s := got.Format(time.RFC3339Nano); s != tc.want {
				t.Errorf("ParsePublished(%q) = %s, want %s", tc.in, s, tc.want)
			}
		})
	}
}

func actorNamed(as []Actor, name string) (Actor, bool) {
	for _, a := range as {
		if a.Name == name {
			return a, true
		}
	}
	return Actor{}, false
}

func actorNames(as []Actor) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsDate(ds []Date, d Date) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func TestPersonNamesAreNotPlaces(t *testing.T) {
	ex := testExtractor(t)
	tests := []struct {
		name, text string
		not        []string // places that must not be found
		want       []string // places that must be found
	}{
		{"surname inside a full name", "Foreign Secretary David Cameron met officials in Warsaw.", []string{"Cameroon"}, []string{"Warsaw"}},
		{"surname alone after the full name", "David Cameron arrived in Kyiv. Cameron said support would continue.", []string{"Cameroon"}, []string{"Kyiv"}},
		{"first name of a leader", "Vladimir Putin spoke in Moscow on Tuesday.", []string{"Vladimir"}, []string{"Moscow"}},
		{"the place itself still counts", "Troops from Cameroon joined the mission, David Cameron noted.", nil, []string{"Cameroon"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]bool{}
			for _, l := range ex.Extract("", tc.text, time.Time{}).Locations {
				got[l.Name] = true
			}
			for _, n := range tc.not {
				if got[n] {
					t.Errorf("%q found as a place in %q", n, tc.text)
				}
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("%q not found in %q (got %v)", w, tc.text, got)
				}
			}
		})
	}
}

func TestTitleWordsAreNotNames(t *testing.T) {
	ex := testExtractor(t)
	text := "Deputy Prime Minister Iryna Vereshchuk spoke. Vice President Kamala Harris listened. First Deputy Foreign Minister Emine Dzhaparova left."
	got := map[string]bool{}
	for _, a := range ex.Extract("", text, time.Time{}).Actors {
		got[a.Name] = true
	}
	for _, bad := range []string{"Prime", "Vice", "First", "Deputy", "Foreign"} {
		if got[bad] {
			t.Errorf("title word %q extracted as a person: %v", bad, got)
		}
	}
	for _, want := range []string{"Iryna Vereshchuk", "Kamala Harris", "Emine Dzhaparova"} {
		if !got[want] {
			t.Errorf("%q not extracted: %v", want, got)
		}
	}
}
