package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/sitrep/sitrep/index/extract"
)

func TestRunExtract(t *testing.T) {
	ex, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		line    string
		id      string // JSON of the id
		errPart string // "" when the line must succeed
		actor   string // an actor that must be found
		date    string // a date that must be found
	}{
		{name: "article with published date",
			line: `{"id":"a1","text":"Ukrainian President Volodymyr Zelenskyy said on January 4 that North Korean troops suffered losses.","published":"2025-01-05T00:00:00Z"}`,
			id:   `"a1"`, actor: "Volodymyr Zelensky", date: "2025-01-04"},
		{name: "title is searched too",
			line: `{"id":"a2","title":"Hamas and the IDF","text":"No names here."}`,
			id:   `"a2"`, actor: "Israel Defense Forces"},
		{name: "numeric id and Unix published",
			line: `{"id":7,"text":"Fighting resumed yesterday.","published":1736035200}`,
			id:   `7`, date: "2025-01-04"},
		{name: "RFC 1123 published",
			line: `{"id":"a3","text":"It happened last month.","published":"Sun, 05 Jan 2025 10:00:00 GMT"}`,
			id:   `"a3"`, date: "2024-12"},
		{name: "malformed JSON", line: `{"id":"bad", "text": `, id: `null`, errPart: "malformed JSON"},
		{name: "wrong type keeps the id", line: `{"id":"b2","text":5}`, id: `"b2"`, errPart: "malformed JSON"},
		{name: "missing text", line: `{"id":"b3","title":"x"}`, id: `"b3"`, errPart: "missing"},
		{name: "bad published", line: `{"id":"b4","text":"x","published":"someday"}`, id: `"b4"`, errPart: "published"},
		{name: "empty line", line: `   `, id: `null`, errPart: "empty"},
	}
	var in bytes.Buffer
	for _, tc := range tests {
		in.WriteString(tc.line + "\n")
	}
	var out bytes.Buffer
	if err := runExtract(context.Background(), ex, &in, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(tests) {
		t.Fatalf("got %d output lines for %d input lines:\n%s", len(lines), len(tests), out.String())
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got struct {
				ID        json.RawMessage   `json:"id"`
				Error     string            `json:"error"`
				Locations []json.RawMessage `json:"locations"`
				Actors    []extract.Actor   `json:"actors"`
				Dates     []extract.Date    `json:"dates"`
			}
			if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
				t.Fatalf("line %d is not JSON: %v: %s", i, err, lines[i])
			}
			if string(got.ID) != tc.id {
				t.Errorf("id = %s, want %s", got.ID, tc.id)
			}
			if tc.errPart != "" {
				if !strings.Contains(got.Error, tc.errPart) {
					t.Errorf("error = %q, want it to contain %q", got.Error, tc.errPart)
				}
				return
			}
			if got.Error != "" {
				t.Fatalf("unexpected error %q", got.Error)
			}
			for _, key := range []string{`"locations":[`, `"actors":[`, `"dates":[`} {
				if !strings.Contains(lines[i], key) {
					t.Errorf("output lacks %s (null instead of an array?): %s", key, lines[i])
				}
			}
			if tc.actor != "" && !hasActor(got.Actors, tc.actor) {
				t.Errorf("actors %+v lack %q", got.Actors, tc.actor)
			}
			if tc.date != "" && !hasDate(got.Dates, tc.date) {
				t.Errorf("dates %+v lack %q", got.Dates, tc.date)
			}
		})
	}
}

func TestExtractCmdActorsFlag(t *testing.T) {
	dir := t.TempDir()
	dict := filepath.Join(dir, "mine.tsv")
	if err := os.WriteFile(dict, []byte("# mine\nBlue Falcon Brigade\tarmed_group\tBFB|Blue Falcons\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	cmd := newExtractCmd(&app{flags: map[string][]*pflag.Flag{}})
	cmd.SetArgs([]string{"--actors", dict})
	cmd.SetIn(strings.NewReader(`{"id":"x","text":"The Blue Falcons and BFB fighters attacked."}` + "\n"))
	var out bytes.Buffer
	cmd.SetOut(&out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var got struct{ Actors []extract.Actor }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if !hasActor(got.Actors, "Blue Falcon Brigade") {
		t.Fatalf("user dictionary not used: %s", out.String())
	}
	if !strings.Contains(cmd.Example, "sitrep extract") {
		t.Error("help has no example")
	}
}

func hasActor(as []extract.Actor, name string) bool {
	for _, a := range as {
		if a.Name == name {
			return true
		}
	}
	return false
}

func hasDate(ds []extract.Date, date string) bool {
	for _, d := range ds {
		if d.Date == date {
			return true
		}
	}
	return false
}
