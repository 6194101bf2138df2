package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/server"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.html with the pages as they render now")

// goldenMasks take out of a page what changes without the page changing:
// the asset version in URLs (a hash of the static files) and the search's
// time.
var goldenMasks = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\?v=[^"#&]*`), "?v=VERSION"},
	{regexp.MustCompile(`<span class="took">\d+ ms</span>`), `<span class="took">N ms</span>`},
}

// TestGoldenPage renders the search page for a few states over the fixed
// index of testdata/golden/articles.jsonl and compares it with
// testdata/golden/<name>.html. After a change to the page that is meant,
// `go test ./server -run Golden -update` rewrites the files; review their
// diff before committing it.
func TestGoldenPage(t *testing.T) {
	ix, err := index.Open(filepath.Join(t.TempDir(), "golden.index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), readGoldenArticles(t, "testdata/golden/articles.jsonl"), nil); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ix, server.Options{Version: "golden"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		status     int
	}{
		{name: "browse", path: "/", status: 200},
		{name: "filtered", path: "/?q=shelling&location=Ukraine&location=Russia&actor=Russian+armed+forces&sort=-date", status: 200},
		{name: "page-two", path: "/?q=shelling&size=2&page=2", status: 200},
		{name: "bad-query", path: "/?q=%22unbalanced&location=Syria", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("%s: status %d, want %d", tc.path, rec.Code, tc.status)
			}
			got := rec.Body.String()
			for _, m := range goldenMasks {
				got = m.re.ReplaceAllString(got, m.with)
			}
			file := filepath.Join("testdata", "golden", tc.name+".html")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (-update rewrites it if the change is meant):\n%s", tc.path, file, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first line where got differs from want, with the
// line before it.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			prev := ""
			if i > 0 {
				prev = w[i-1]
			}
			return fmt.Sprintf("line %d:\n  %s\n- %s\n+ %s", i+1, prev, wl, gl)
		}
	}
	return "(no line differs)"
}

func readGoldenArticles(t *testing.T, path string) []*index.Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*index.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		arts = append(arts, &a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}
