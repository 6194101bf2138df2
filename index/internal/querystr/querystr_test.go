package querystr

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var testFields = map[string]string{"location": "loc_txt", "actor": "actor_txt", "title": "title"}

var testLimits = Limits{MaxClauses: 32, MaxExpensive: 4, MinPrefixLen: 2, MaxFuzziness: 2}

func parse(s string) ([]Group, []Clause, error) { return Parse(s, testFields, testLimits) }

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		q      string
		groups []Group
		neg    []Clause
		err    string
	}{
		{name: "words AND together", q: "North Korean", groups: []Group{{{Text: "North"}}, {{Text: "Korean"}}}},
		{name: "phrase, OR, exclusion", q: `"black sea" fleet OR navy -drill`,
			groups: []Group{{{Text: "black sea", Phrase: true}}, {{Text: "fleet"}, {Text: "navy"}}}, neg: []Clause{{Text: "drill", Neg: true}}},
		{name: "field, prefix, fuzzy", q: `location:"Kursk Oblast" milit* zelensky~1`,
			groups: []Group{{{Field: "loc_txt", Text: "Kursk Oblast", Phrase: true}}, {{Text: "milit", Prefix: true}}, {{Text: "zelensky", Fuzzy: 1}}}},
		{name: "AND is a join, + a requirement", q: "a AND +b", groups: []Group{{{Text: "a"}}, {{Text: "b"}}}},
		{name: "unknown field", q: "color:red", err: `unknown field "color"`},
		{name: "unbalanced quote", q: `"open`, err: "unbalanced quote"},
		{name: "dangling OR", q: "a OR", err: "OR must stand between two words or phrases"},
		{name: "short prefix", q: "m*", err: "needs at least 2 letters"},
		{name: "too fuzzy", q: "kyiv~3", err: "at most 2"},
		{name: "too expensive", q: "aa* bb* cc* dd* ee*", err: "too many wildcard or fuzzy words"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			groups, neg, err := parse(tc.q)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(groups, tc.groups) || !reflect.DeepEqual(neg, tc.neg) {
				t.Errorf("groups %+v, exclusions %+v; want %+v, %+v", groups, neg, tc.groups, tc.neg)
			}
		})
	}
}

// FuzzParseQueryString checks what any query string parses to: an error
// that is a bad-query error, or groups that are not empty and hold no
// excluded clause, and exclusions that are all excluded clauses. An
// exclusion added before or after a query that parses lands in the
// exclusions and changes nothing else; a word of the query, excluded
// alone, is an exclusion and nothing more.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`North Korean`, `"a b" -c OR d`, `location:"Kursk Oblast" x*`, `a~2 OR`, `-`, `"`, `x:`,
		`-"a phrase" !word +must`, `a OR -b`, `--a +-b`, `AND -AND OR`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		groups, neg, err := parse(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) || qe.Msg == "" {
				t.Fatalf("error %v is not a query error with a message", err)
			}
			return
		}
		checkParsed(t, s, groups, neg)
		if countClauses(groups)+len(neg) >= testLimits.MaxClauses {
			return
		}
		const x = "zqxexcluded"
		for _, q := range []string{s + " -" + x, "-" + x + " " + s, s + ` -"` + x + `"`} {
			g2, n2, err := parse(q)
			if err != nil {
				t.Fatalf("%q parses, %q does not: %v", s, q, err)
			}
			checkParsed(t, q, g2, n2)
			if !reflect.DeepEqual(g2, groups) {
				t.Fatalf("%q: groups %+v, want those of %q: %+v", q, g2, s, groups)
			}
			if len(n2) != len(neg)+1 || !slices.ContainsFunc(n2, func(c Clause) bool { return c.Text == x && c.Neg }) {
				t.Fatalf("%q: exclusions %+v, want those of %q (%+v) and %s", q, n2, s, neg, x)
			}
		}
		for _, g := range groups {
			for _, c := range g {
				if c.Phrase || c.Field != "" || c.Prefix || c.Fuzzy != 0 || strings.ContainsAny(c.Text, `~*?:"()`) {
					continue
				}
				g2, n2, err := parse("-" + c.Text)
				if err != nil || len(g2) != 0 || len(n2) != 1 || n2[0].Text != c.Text || !n2[0].Neg {
					t.Fatalf("-%s: groups %+v, exclusions %+v, error %v; want the word excluded and nothing else", c.Text, g2, n2, err)
				}
			}
		}
	})
}

// checkParsed checks what holds of every parse: groups not empty, their
// clauses required, the exclusions excluded, no clause without text.
func checkParsed(t *testing.T, s string, groups []Group, neg []Clause) {
	t.Helper()
	for _, g := range groups {
		if len(g) == 0 {
			t.Fatalf("%q: empty group", s)
		}
		for _, c := range g {
			if c.Neg || c.Text == "" {
				t.Fatalf("%q: required clause %+v is excluded or empty", s, c)
			}
		}
	}
	for _, c := range neg {
		if !c.Neg || c.Text == "" {
			t.Fatalf("%q: exclusion %+v is not excluded or empty", s, c)
		}
	}
}

func countClauses(groups []Group) int {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	return n
}
