package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/server"
)

// TestWriteEndpoints runs POST and DELETE /api/articles through the server
// on the real pipeline (indexWriter) over a temporary index.
func TestWriteEndpoints(t *testing.T) {
	ix, err := index.Open(t.TempDir()+"/idx", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv, err := server.New(ix, server.Options{Token: "s3cret", Writer: &indexWriter{ix: ix}, MaxBodyBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"id":"a1","title":"Shelling in Kharkiv","text":"Shelling hit Kharkiv overnight."}
{"id":"a2","title":"Talks in Istanbul","text":"Delegations met in Istanbul."}
not json
`
	lineThree := []ingest.Problem{{File: "stdin", Line: 3, Reason: "malformed JSON: invalid character 'o' in literal null (expecting 'u') (at byte 2)"}}
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string // in the answer
		wantRejects              []ingest.Problem
	}{
		{name: "post JSON Lines", method: "POST", path: "/api/articles", body: body, status: 200, want: `"indexed":2`,
			wantRejects: lineThree},
		{name: "post again changes nothing", method: "POST", path: "/api/articles", body: body, status: 200, want: `"unchanged":2`, wantRejects: lineThree},
		{name: "post JSON array updates", method: "POST", path: "/api/articles", body: `[{"id":"a1","title":"Shelling in Kharkiv","text":"Shelling hit Kharkiv overnight and again at dawn."}]`,
			status: 200, want: `"updated":1`},
		{name: "nothing readable is a 400 with the summary", method: "POST", path: "/api/articles?format=bogus", body: body, status: 400, want: `"read":0`,
			wantRejects: []ingest.Problem{{File: "stdin", Reason: `unknown format "bogus"`}}},
		{name: "delete", method: "DELETE", path: "/api/articles/a2", status: 200, want: `"deleted":1`},
		{name: "delete unknown", method: "DELETE", path: "/api/articles/a2", status: 404, want: `"deleted":0`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer s3cret")
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("%s %s: status %d, body %s; want %d with %s", tc.method, tc.path, rec.Code, rec.Body, tc.status, tc.want)
			}
			if tc.method != "POST" {
				return
			}
			var s ingest.Summary
			if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
				t.Fatal(err)
			}
			if len(s.Rejects) != len(tc.wantRejects) || (len(s.Rejects) > 0 && !reflect.DeepEqual(s.Rejects, tc.wantRejects)) {
				t.Errorf("rejects %+v, want %+v", s.Rejects, tc.wantRejects)
			}
		})
	}
	if _, err := ix.Get(context.Background(), "a2"); err == nil {
		t.Error("a2 still there after DELETE")
	}
	a, err := ix.Get(context.Background(), "a1")
	if err != nil || !strings.Contains(a.Text, "dawn") {
		t.Errorf("a1 not updated in place: %v %+v", err, a)
	}
}

// TestWriteSummaryJSON: the server's answer to a write has the JSON of the
// ingest summary, every field of it (a field added to ingest.Summary and
// not to server.WriteSummary fails here).
func TestWriteSummaryJSON(t *testing.T) {
	var s ingest.Summary
	fill(t, reflect.ValueOf(&s).Elem())
	want, _ := json.Marshal(s)
	got, _ := json.Marshal(writeSummary(&s))
	if string(got) != string(want) {
		t.Errorf("server answer\n %s\nis not the ingest summary\n %s", got, want)
	}
	empty, _ := json.Marshal(writeSummary(&ingest.Summary{Rejects: []ingest.Problem{}}))
	if wantEmpty, _ := json.Marshal(ingest.Summary{Rejects: []ingest.Problem{}}); string(empty) != string(wantEmpty) {
		t.Errorf("empty summary %s, want %s (an empty list stays [], an absent one null)", empty, wantEmpty)
	}
}

// fill gives every field of v a value of its own, so that a field missing
// from a copy shows in its JSON.
func fill(t *testing.T, v reflect.Value) {
	n := 0
	var set func(v reflect.Value)
	set = func(v reflect.Value) {
		n++
		switch v.Kind() {
		case reflect.Int:
			v.SetInt(int64(n))
		case reflect.Float64:
			v.SetFloat(float64(n) + 0.5)
		case reflect.String:
			v.SetString("s" + strings.Repeat("x", n))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				set(v.Field(i))
			}
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			set(v.Index(0))
			set(v.Index(1))
		default:
			t.Fatalf("fill: no value for a %s", v.Kind())
		}
	}
	set(v)
}

// TestWriteFormats: the formats the server names are ones ingest reads.
func TestWriteFormats(t *testing.T) {
	for _, f := range []string{server.FormatJSONL, server.FormatCSV, server.FormatTSV, server.FormatFeed, server.FormatHTML} {
		found := false
		for _, g := range ingest.Formats {
			found = found || f == g
		}
		if !found {
			t.Errorf("server format %q is not one of ingest's %v", f, ingest.Formats)
		}
	}
}
