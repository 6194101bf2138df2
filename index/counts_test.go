package index

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
)

// demoArticles are the articles `sitrep demo` ships (CC0 and CC BY 4.0, see
// cmd/sitrep/demodata/ATTRIBUTION.md): 655 long, real texts.
func demoArticles(t testing.TB) []*Article {
	t.Helper()
	f, err := os.Open("../cmd/sitrep/demodata/articles.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Article
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var raw struct {
			ID, Source, URL, Title, Text, Lang, Published string
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		a := &Article{ID: raw.ID, Source: raw.Source, URL: raw.URL, Title: raw.Title, Text: raw.Text, Lang: raw.Lang}
		// One source writes midnight as 24:00; ingest reads it, this
		// test leaves such an article undated.
		a.Published, _ = time.Parse(time.RFC3339, raw.Published)
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// words splits text into lower-cased words the way Unicode word boundaries
// (UAX #29) do for the cases that occur in English news: letters and digits,
// joined across an apostrophe, full stop or colon between letters
// ("U.S", "don't") and across a comma or full stop between digits
// ("1,000"); a possessive 's is dropped, as the English analyzer does.
func words(text string) []string {
	rs := []rune(text)
	isWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
	}
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			w := strings.ToLower(string(cur))
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			out = append(out, w)
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		switch {
		case isWord(r):
			cur = append(cur, r)
		case len(cur) > 0 && i+1 < len(rs):
			prev, next := rs[i-1], rs[i+1]
			letters := unicode.IsLetter(prev) && unicode.IsLetter(next) && strings.ContainsRune("'’.:·", r)
			digits := unicode.IsDigit(prev) && unicode.IsDigit(next) && strings.ContainsRune(",.;'’", r)
			if letters || digits {
				cur = append(cur, r)
			} else {
				flush()
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

// containsSeq reports whether ws holds, one after another, a word of each
// of the sets.
func containsSeq(ws []string, seq []map[string]bool) bool {
	for i := 0; i+len(seq) <= len(ws); i++ {
		ok := true
		for k, set := range seq {
			if !set[ws[i+k]] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func set(forms ...string) map[string]bool {
	m := map[string]bool{}
	for _, f := range forms {
		m[f] = true
	}
	return m
}

// TestTotalsMatchAnIndependentCount compares the totals and facets of word
// and phrase searches with a count made over the raw texts without the
// index. Each word is given with every form of it that occurs in the
// corpus and that the English stemmer takes to the same stem (listed by
// hand, checked once against the analyzer), so that the count does not
// depend on the index's analysis.
func TestTotalsMatchAnIndependentCount(t *testing.T) {
	arts := demoArticles(t)
	var (
		missile       = set("missile", "missiles")
		sanctions     = set("sanction", "sanctions", "sanctioned")
		humanitarian  = set("humanitarian")
		corridors     = set("corridor", "corridors")
		black         = set("black", "blacked")
		sea           = set("sea", "seas")
		nuclear       = set("nuclear")
		power         = set("power", "powers", "powered", "powerful")
		plant         = set("plant", "plants", "planted", "planting")
		armed         = set("arm", "arms", "armed")
		forces        = set("force", "forces", "forced", "forceful", "forcing")
		refugees      = set("refugee", "refugees")
		negotiations  = set("negotiate", "negotiating", "negotiation", "negotiations")
		drone         = set("drone", "drones")
		grain         = set("grain")
		mariupol      = set("mariupol")
		genocide      = set("genocide")
		air, defense  = set("air"), set("defense", "defenses", "defensive")
		security      = set("security", "securities", "secure", "secured", "securing")
		council       = set("council", "councils")
		european      = set("european", "europeans", "europeanization")
		union         = set("union", "unions")
		phrase        = func(seq ...map[string]bool) [][]map[string]bool { return [][]map[string]bool{seq} }
		all           = func(ws ...map[string]bool) [][]map[string]bool { return wordsOf(ws) }
		titleAndTexts = make([][2][]string, len(arts))
	)
	for i, a := range arts {
		titleAndTexts[i] = [2][]string{words(a.Title), words(a.Text)}
	}
	cases := []struct {
		name string
		q    string
		// need: every sequence must occur in the title or in the text.
		need [][]map[string]bool
	}{
		{name: "word", q: "missile", need: all(missile)},
		{name: "plural query word", q: "sanctions", need: all(sanctions)},
		{name: "rare word", q: "genocide", need: all(genocide)},
		{name: "place word", q: "Mariupol", need: all(mariupol)},
		{name: "word that is also a source's name", q: "Kremlin", need: all(set("kremlin"))},
		{name: "word that is also in a source's name", q: "video", need: all(set("video", "videos"))},
		{name: "word with forms", q: "negotiations", need: all(negotiations)},
		{name: "two words", q: "grain sanctions", need: all(grain, sanctions)},
		{name: "three words", q: "humanitarian refugees Mariupol", need: all(humanitarian, refugees, mariupol)},
		{name: "word of few articles", q: "drones", need: all(drone)},
		{name: "phrase", q: `"black sea"`, need: phrase(black, sea)},
		{name: "phrase of two common words", q: `"armed forces"`, need: phrase(armed, forces)},
		{name: "phrase of three words", q: `"nuclear power plant"`, need: phrase(nuclear, power, plant)},
		{name: "phrase with a plural", q: `"humanitarian corridors"`, need: phrase(humanitarian, corridors)},
		{name: "phrase and word", q: `"security council" missile`, need: append(phrase(security, council), all(missile)...)},
		{name: "another phrase", q: `"european union"`, need: phrase(european, union)},
		{name: "phrase of a noun group", q: `"air defense"`, need: phrase(air, defense)},
	}
	ix := openTestIndexOpts(t, arts, Options{})
	paths := []struct {
		name   string
		search func(context.Context, Query) (*Results, error)
	}{{"scan", ix.Search}, {"oracle", func(ctx context.Context, q Query) (*Results, error) { return oracleSearch(ctx, ix, q) }}}
	for _, p := range paths {
		for _, c := range cases {
			t.Run(p.name+"/"+c.name, func(t *testing.T) {
				want := map[string]bool{}
				sources := map[string]int{}
				dated := 0
				for i, a := range arts {
					ok := true
					for _, seq := range c.need {
						if !containsSeq(titleAndTexts[i][0], seq) && !containsSeq(titleAndTexts[i][1], seq) {
							ok = false
							break
						}
					}
					if ok {
						want[a.ID] = true
						sources[a.Source]++
						if !a.Published.IsZero() {
							dated++
						}
					}
				}
				if len(want) == 0 {
					t.Fatalf("%s: the corpus has no matching article: not a useful case", c.q)
				}
				for _, collapse := range []bool{true, false} {
					res, err := p.search(context.Background(), Query{Text: c.q, Size: 100, Collapse: &collapse, FacetSize: 50})
					if err != nil {
						t.Fatal(err)
					}
					if int(res.Total) != len(want) {
						t.Errorf("collapse=%v: total = %d, independent count = %d", collapse, res.Total, len(want))
						if !collapse {
							reportDiff(t, ix, c.q, want)
						}
					}
					for _, v := range res.Facets.Sources {
						if v.Count != sources[v.Value] {
							t.Errorf("collapse=%v: source facet %q = %d, independent count = %d", collapse, v.Value, v.Count, sources[v.Value])
						}
					}
					bars := 0
					for _, d := range res.Facets.Dates {
						bars += d.Count
					}
					if bars != dated {
						t.Errorf("collapse=%v: date bars add up to %d, independent count of dated articles = %d", collapse, bars, dated)
					}
				}
			})
		}
	}
}

// wordsOf turns words that must each occur anywhere into sequences of one.
func wordsOf(ws []map[string]bool) [][]map[string]bool {
	out := make([][]map[string]bool, len(ws))
	for i, w := range ws {
		out[i] = []map[string]bool{w}
	}
	return out
}

// reportDiff names the articles on which the index and the count differ.
func reportDiff(t *testing.T, ix *Index, q string, want map[string]bool) {
	t.Helper()
	got := map[string]bool{}
	f := false
	for page := 1; page <= 20; page++ {
		res, err := ix.Search(context.Background(), Query{Text: q, Size: 100, Page: page, Collapse: &f, NoFacets: true})
		if err != nil || len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			got[h.ID] = true
		}
	}
	var extra, missing []string
	for id := range got {
		if !want[id] {
			extra = append(extra, id)
		}
	}
	for id := range want {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	t.Errorf("found by the index only: %v; by the count only: %v", extra, missing)
}
