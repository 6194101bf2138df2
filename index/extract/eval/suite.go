package eval

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"
)

// The multilingual suite: sentences written for sitrep in Ukrainian, Russian
// and Arabic, each with the places, actors and dates it must (and must not)
// give, in the several case forms and with the particles those languages
// use. It ships with the project, so `sitrep eval` reports it without
// ../shared.
//
//go:embed testdata/multilingual.jsonl
var multilingualSuite []byte

// SuiteCase is one sentence of the suite. A name in NotLocations of "*"
// means that the sentence names no place at all.
type SuiteCase struct {
	Name         string   `json:"name"`
	Lang         string   `json:"lang"`
	Text         string   `json:"text"`
	Published    string   `json:"published"`
	Locations    []string `json:"locations"`
	NotLocations []string `json:"not_locations"`
	Actors       []string `json:"actors"`
	NotActors    []string `json:"not_actors"`
	Dates        []string `json:"dates"`
	NoDates      bool     `json:"no_dates"`
}

// SuiteResult counts the cases of one language that pass.
type SuiteResult struct {
	Lang     string   `json:"lang"`
	Cases    int      `json:"cases"`
	Passed   int      `json:"passed"`
	PassRate float64  `json:"pass_rate"`
	Failures []string `json:"failures,omitempty"`
}

// SuiteCases returns the shipped multilingual suite.
func SuiteCases() ([]SuiteCase, error) { return ReadSuite(bytes.NewReader(multilingualSuite)) }

// ReadSuite reads suite cases, one JSON object a line.
func ReadSuite(r io.Reader) ([]SuiteCase, error) {
	var out []SuiteCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c SuiteCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("suite line %d: %w", n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	return out, nil
}

// CheckCase returns what case c gets wrong; nil when it passes.
func CheckCase(ex Extractor, c SuiteCase) []string {
	var pub time.Time
	if c.Published != "" {
		t, err := time.Parse(time.RFC3339, c.Published)
		if err != nil {
			return []string{"bad published: " + err.Error()}
		}
		pub = t
	}
	ents := ex.Extract("", c.Text, pub)
	var locs, acts, dates []string
	for _, l := range ents.Locations {
		locs = append(locs, l.Name)
	}
	for _, a := range ents.Actors {
		acts = append(acts, a.Name)
	}
	for _, d := range ents.Dates {
		dates = append(dates, d.Date)
	}
	var bad []string
	for _, want := range c.Locations {
		if !slices.Contains(locs, want) {
			bad = append(bad, fmt.Sprintf("location %q missing (got %q)", want, locs))
		}
	}
	for _, not := range c.NotLocations {
		if not == "*" && len(locs) > 0 || slices.Contains(locs, not) {
			bad = append(bad, fmt.Sprintf("location %q unwanted (got %q)", not, locs))
		}
	}
	for _, want := range c.Actors {
		if !slices.Contains(acts, want) {
			bad = append(bad, fmt.Sprintf("actor %q missing (got %q)", want, acts))
		}
	}
	for _, not := range c.NotActors {
		if slices.Contains(acts, not) {
			bad = append(bad, fmt.Sprintf("actor %q unwanted", not))
		}
	}
	for _, want := range c.Dates {
		if !slices.Contains(dates, want) {
			bad = append(bad, fmt.Sprintf("date %q missing (got %q)", want, dates))
		}
	}
	if c.NoDates && len(dates) > 0 {
		bad = append(bad, fmt.Sprintf("no date wanted (got %q)", dates))
	}
	return bad
}

// RunSuite checks every case and counts the passes per language.
func RunSuite(ex Extractor, cases []SuiteCase) []SuiteResult {
	by := map[string]*SuiteResult{}
	for _, c := range cases {
		r := by[c.Lang]
		if r == nil {
			r = &SuiteResult{Lang: c.Lang}
			by[c.Lang] = r
		}
		r.Cases++
		if bad := CheckCase(ex, c); len(bad) == 0 {
			r.Passed++
		} else {
			r.Failures = append(r.Failures, c.Name+": "+bad[0])
		}
	}
	out := make([]SuiteResult, 0, len(by))
	for _, r := range by {
		r.PassRate = ratio(r.Passed, r.Cases)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lang < out[j].Lang })
	return out
}

// FormatSuite writes the suite's pass rates, and the failures, for people.
func FormatSuite(w io.Writer, res []SuiteResult) {
	fmt.Fprintln(w, "multilingual suite (places, actors, dates in Ukrainian, Russian, Arabic)")
	for _, r := range res {
		fmt.Fprintf(w, "  %-3s pass rate %.3f  (%d/%d sentences)\n", r.Lang, r.PassRate, r.Passed, r.Cases)
		for _, f := range r.Failures {
			fmt.Fprintf(w, "      failed %s\n", f)
		}
	}
}
