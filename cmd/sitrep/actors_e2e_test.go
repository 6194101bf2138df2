package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestActorQueriesKeepSharedAcronymsApart: two actors that share only an
// acronym in the dictionaries (Magen David Adom, listed with the Red Cross,
// and the Mongko Defence Army are both "MDA") are different actors in the
// index, in actor: clauses, --actor filters and free text.
func TestActorQueriesKeepSharedAcronymsApart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary several times")
	}
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	articles := strings.Join([]string{
		`{"id":"icrc","title":"Aid convoy","text":"The International Committee of the Red Cross (ICRC) delivered aid to Goma.","published":"2025-01-05T00:00:00Z"}`,
		`{"id":"mda","title":"Medics","text":"Magen David Adom medics treated the wounded.","published":"2025-01-06T00:00:00Z"}`,
		`{"id":"mongko","title":"Checkpoint attack","text":"The Mongko Defence Army attacked a checkpoint in Kokang.","published":"2025-01-07T00:00:00Z"}`,
	}, "\n")
	in := filepath.Join(dir, "articles.jsonl")
	if err := os.WriteFile(in, []byte(articles+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, code, errOut := ingestJSON(t, dir, idx, in); code != 0 || s.Indexed != 3 {
		t.Fatalf("ingest: exit %d, %+v: %s", code, s, errOut)
	}
	const icrc = "International Committee of the Red Cross"
	tests := []struct {
		name       string
		args       []string
		wantIDs    string
		wantActors map[string]string // hit id -> actor it must carry
		notActors  map[string]string // hit id -> actor it must not carry
	}{
		{name: "actor clause", args: []string{`actor:"Mongko Defence Army"`}, wantIDs: "mongko",
			wantActors: map[string]string{"mongko": "Mongko Defence Army"}, notActors: map[string]string{"mongko": icrc}},
		{name: "actor filter", args: []string{"--actor", "Mongko Defence Army", ""}, wantIDs: "mongko"},
		{name: "free text", args: []string{`"Mongko Defence Army"`}, wantIDs: "mongko"},
		{name: "the Red Cross under its own aliases", args: []string{`actor:"Red Cross"`}, wantIDs: "icrc mda",
			wantActors: map[string]string{"icrc": icrc, "mda": icrc}},
		{name: "the Red Cross filter", args: []string{"--actor", icrc, ""}, wantIDs: "icrc mda"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(t, dir, append([]string{"search", "--json", "--sort", "date", "--index", idx}, tc.args...)...)
			if code != 0 {
				t.Fatalf("search %v: exit %d: %s", tc.args, code, errOut)
			}
			var res struct {
				Hits []struct {
					ID     string   `json:"id"`
					Actors []string `json:"actors"`
				} `json:"hits"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
				if want, ok := tc.wantActors[h.ID]; ok && !slices.Contains(h.Actors, want) {
					t.Errorf("%s: actors %v, want %q among them", h.ID, h.Actors, want)
				}
				if not, ok := tc.notActors[h.ID]; ok && slices.Contains(h.Actors, not) {
					t.Errorf("%s: actors %v, did not want %q", h.ID, h.Actors, not)
				}
			}
			if got := strings.Join(ids, " "); got != tc.wantIDs {
				t.Errorf("hits %q, want %q", got, tc.wantIDs)
			}
		})
	}
}
