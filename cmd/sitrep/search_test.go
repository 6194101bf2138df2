package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/sitrep/sitrep/index"
)

// TestSearchLoadsGazetteerOnlyForFilters: `sitrep search` reads aliases in
// --location and --actor with the extractor, whose gazetteer takes a second
// or two and some 150 MB to load; without those filters it must not load
// it.
func TestSearchLoadsGazetteerOnlyForFilters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kyiv := index.Location{Name: "Kyiv", Path: []string{"Kyiv", "Ukraine"}}
	err = ix.Apply(context.Background(), []*index.Article{
		{ID: "k1", Title: "Air raid alert", Text: "Sirens sounded over the capital.", Source: "Wire", Locations: []index.Location{kyiv}},
		{ID: "o1", Title: "Harvest report", Text: "Grain prices rose.", Source: "Farm News"},
	}, nil)
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("SITREP_INDEX_PATH", dir)
	tests := []struct {
		name       string
		args       []string
		wantLoaded bool
		wantIDs    string
		wantFilter string // the location filter as the search echoes it
	}{
		{name: "no query, no filter", args: []string{""}, wantIDs: "k1 o1"},
		{name: "a source filter needs no gazetteer", args: []string{"--source", "Farm News", ""}, wantIDs: "o1"},
		{name: "a place alias is read", args: []string{"--location", "Kiev", ""}, wantLoaded: true, wantIDs: "k1", wantFilter: "Kyiv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &app{flags: map[string][]*pflag.Flag{}}
			cmd := newSearchCmd(a)
			var out bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetArgs(append([]string{"--json", "--sort", "date"}, tc.args...))
			if err := cmd.ExecuteContext(context.Background()); err != nil {
				t.Fatal(err)
			}
			if loaded := a.ex != nil || a.exErr != nil; loaded != tc.wantLoaded {
				t.Errorf("extractor loaded: %v, want %v", loaded, tc.wantLoaded)
			}
			var res index.Results
			if err := json.Unmarshal(out.Bytes(), &res); err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if got := strings.Join(ids, " "); got != tc.wantIDs {
				t.Errorf("hits %q, want %q", got, tc.wantIDs)
			}
			if got := strings.Join(res.Query.Locations, " "); got != tc.wantFilter {
				t.Errorf("location filter %q, want %q", got, tc.wantFilter)
			}
		})
	}
}
