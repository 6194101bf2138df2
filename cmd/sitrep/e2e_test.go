package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sitrepBin is the real binary, built once for the end-to-end tests;
// rusageBin runs a command and reports its peak memory (testdata/rusage).
var sitrepBin, rusageBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sitrep-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sitrepBin = filepath.Join(dir, "sitrep")
	out, err := exec.Command("go", "build", "-o", sitrepBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	rusageBin = filepath.Join(dir, "rusage")
	if out, err := exec.Command("go", "build", "-o", rusageBin, "./testdata/rusage").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build rusage: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run executes the binary with a clean environment and returns stdout,
// stderr and the exit code.
func run(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(sitrepBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SITREP_CONFIG=")
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return so.String(), se.String(), code
}

type summary struct {
	Read, Indexed, Updated, Unchanged, Superseded, Rejected int
	Rejects, Warnings                                       []struct {
		File   string
		Line   int
		Reason string
	}
}

func ingestJSON(t *testing.T, dir, idx string, paths ...string) (summary, int, string) {
	t.Helper()
	args := append([]string{"ingest", "--json", "--no-progress", "--index", idx}, paths...)
	out, errOut, code := run(t, dir, args...)
	var s summary
	if code == 0 || strings.HasPrefix(strings.TrimSpace(out), "{") {
		if err := json.Unmarshal([]byte(out), &s); err != nil && code == 0 {
			t.Fatalf("summary is not JSON: %v\n%s\n%s", err, out, errOut)
		}
	}
	return s, code, errOut
}

type apiResults struct {
	Query map[string]any `json:"query"`
	Total int            `json:"total"`
	Hits  []struct {
		ID         string              `json:"id"`
		Title      string              `json:"title"`
		Published  string              `json:"published"`
		Locations  []string            `json:"locations"`
		Highlights map[string][]string `json:"highlights"`
	} `json:"hits"`
	Facets struct {
		Sources   []facetValue `json:"sources"`
		Locations []facetValue `json:"locations"`
		Dates     []struct {
			Start string `json:"start"`
			Count int    `json:"count"`
		} `json:"dates"`
	} `json:"facets"`
}

type facetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func searchJSON(t *testing.T, dir, idx string, args ...string) apiResults {
	t.Helper()
	out, errOut, code := run(t, dir, append([]string{"search", "--json", "--index", idx}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, errOut)
	}
	var r apiResults
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("search output is not JSON: %v\n%s", err, out)
	}
	return r
}

func TestEndToEnd(t *testing.T) { endToEnd(t, false) }

// TestEndToEndOpenSearch runs the end-to-end test with every command on an
// OpenSearch cluster (SITREP_TEST_OPENSEARCH, set by `make test-cluster`),
// in an index of its own that is deleted afterwards.
func TestEndToEndOpenSearch(t *testing.T) {
	u := os.Getenv("SITREP_TEST_OPENSEARCH")
	if u == "" {
		t.Skip("SITREP_TEST_OPENSEARCH not set: no OpenSearch cluster to test against (`make test-cluster` starts one and sets it)")
	}
	c := http.Client{Timeout: 5 * time.Second}
	res, err := c.Get(u + "/_cluster/health")
	if err != nil {
		t.Fatalf("SITREP_TEST_OPENSEARCH=%s does not answer: %v", u, err)
	}
	res.Body.Close()
	name := fmt.Sprintf("sitrep-e2e-%d", time.Now().UnixNano())
	t.Setenv("SITREP_INDEX_ENGINE", "opensearch")
	t.Setenv("SITREP_INDEX_OPENSEARCH_URLS", u)
	t.Setenv("SITREP_INDEX_OPENSEARCH_INDEX", name)
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, u+"/"+name, nil)
		if res, err := c.Do(req); err == nil {
			res.Body.Close()
		}
	})
	endToEnd(t, true)
}

func endToEnd(t *testing.T, remote bool) {
	root, _ := filepath.Abs("../..")
	idx := filepath.Join(t.TempDir(), "e2e.index")
	inputs := []string{"testdata/articles.jsonl", "testdata/articles.csv", "testdata/seed.txt"}

	s, code, errOut := ingestJSON(t, root, idx, inputs...)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	if s.Read != 7 || s.Indexed != 6 || s.Superseded != 1 || s.Rejected != 0 || s.Unchanged != 0 {
		t.Fatalf("first ingest summary = %+v", s)
	}

	// Re-ingesting the same input changes nothing.
	s, code, _ = ingestJSON(t, root, idx, inputs...)
	if code != 0 || s.Unchanged != 6 || s.Indexed != 0 || s.Updated != 0 {
		t.Fatalf("second ingest summary = %+v (exit %d)", s, code)
	}

	// The seed article: found by a place, an actor and a phrase, junk gone.
	r := searchJSON(t, root, idx, "Makhnovka")
	if r.Total != 1 || !strings.Contains(strings.Join(r.Hits[0].Highlights["text"], " "), "<mark>Makhnovka</mark>") {
		t.Fatalf("Makhnovka: %+v", r)
	}
	seedID := r.Hits[0].ID
	for _, q := range []string{"Syrskyi", `"North Korean infantry"`} {
		if r := searchJSON(t, root, idx, q); r.Total != 1 || r.Hits[0].ID != seedID {
			t.Errorf("%s: total %d, hits %+v", q, r.Total, r.Hits)
		}
	}
	if r := searchJSON(t, root, idx, "adFree"); r.Total != 0 {
		t.Errorf("template junk is searchable: %+v", r.Hits)
	}
	// The later line of a repeated id wins.
	if r := searchJSON(t, root, idx, "forty"); r.Total != 1 || r.Hits[0].ID != "t2" {
		t.Errorf("updated version of t2 not indexed: %+v", r)
	}
	// CSV columns were mapped by name.
	if r := searchJSON(t, root, idx, "--source", "CSV Daily", "--sort", "date", ""); r.Total != 2 || r.Hits[0].Published != "2025-01-07T00:00:00Z" {
		t.Errorf("csv articles: %+v", r)
	}
	// A bad query is a one-line error and a non-zero exit.
	if _, errOut, code := run(t, root, "search", "--index", idx, "--from", "2025-02-01", "--to", "2025-01-01"); code == 0 || !strings.Contains(errOut, "after") {
		t.Errorf("from after to: exit %d, %q", code, errOut)
	}
	missing := []string{"search", "--index", filepath.Join(t.TempDir(), "none"), "x"}
	if remote {
		missing = []string{"search", "--opensearch-index", "sitrep-none", "x"}
	}
	if _, errOut, code := run(t, root, missing...); code == 0 || !strings.Contains(errOut, "no index") && !strings.Contains(errOut, "no such index") {
		t.Errorf("missing index: exit %d, %q", code, errOut)
	}

	// The real server on a free port.
	base, stop := startServe(t, root, "serve", "--index", idx, "--addr", "127.0.0.1:0")
	defer stop()
	if strings.HasSuffix(base, ":8080") {
		t.Errorf("--addr 127.0.0.1:0 was ignored: serving at %s", base)
	}
	resp, err := http.Get(base + "/api/search?q=Gaza&from=2025-01-01&to=2025-01-31")
	if err != nil {
		t.Fatal(err)
	}
	var api apiResults
	json.NewDecoder(resp.Body).Decode(&api)
	resp.Body.Close()
	if resp.StatusCode != 200 || api.Total != 1 || api.Hits[0].ID != "t2" || api.Query["from"] != "2025-01-01" {
		t.Errorf("/api/search: %d %+v", resp.StatusCode, api)
	}
	// Facets filtered on two facets: each counts what the other allows,
	// as it would alone.
	apiGet := func(path string) apiResults {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r apiResults
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: status %d, %v", path, resp.StatusCode, err)
		}
		return r
	}
	both := apiGet("/api/search?source=Test+Wire&location=Kharkiv")
	bySource := apiGet("/api/search?source=Test+Wire")
	byPlace := apiGet("/api/search?location=Kharkiv")
	if both.Total != 1 || len(bySource.Facets.Locations) < 2 || len(byPlace.Facets.Sources) == 0 {
		t.Errorf("source and place filters: total %d, places under the source %v, sources under the place %v",
			both.Total, bySource.Facets.Locations, byPlace.Facets.Sources)
	}
	if g, w := fmt.Sprint(both.Facets.Locations), fmt.Sprint(bySource.Facets.Locations); g != w {
		t.Errorf("places with both filters %s, with the source's alone %s", g, w)
	}
	if g, w := fmt.Sprint(both.Facets.Sources), fmt.Sprint(byPlace.Facets.Sources); g != w {
		t.Errorf("sources with both filters %s, with the place's alone %s", g, w)
	}
	// The search page, the widget's page and the widget (which the page
	// fills from /api/search in the browser).
	for _, p := range []struct{ path, want string }{
		{"/?q=Gaza&from=2025-01-01&to=2025-01-31", "Aid convoy reaches <mark>Gaza</mark>"},
		{"/?location=Kharkiv&source=Test+Wire", "Shelling in Kharkiv"},
		{"/embed?q=Gaza", "<sitrep-search"},
		{"/widget.js", `customElements.define("sitrep-search"`},
	} {
		resp, err := http.Get(base + p.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), p.want) {
			t.Errorf("%s: status %d, body without %q: %.300s", p.path, resp.StatusCode, p.want, body)
		}
	}
	resp, err = http.Get(base + "/api/articles/" + seedID)
	if err != nil {
		t.Fatal(err)
	}
	var art map[string]any
	json.NewDecoder(resp.Body).Decode(&art)
	resp.Body.Close()
	if text, _ := art["text"].(string); resp.StatusCode != 200 || strings.Contains(text, "{{") || !strings.Contains(text, "Makhnovka") {
		t.Errorf("/api/articles/%s: %d, text %.200q", seedID, resp.StatusCode, art["text"])
	}
	resp, err = http.Get(base + "/api/search?q=%22unbalanced")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "unbalanced quote") {
		t.Errorf("bad query over HTTP: %d %s", resp.StatusCode, body)
	}
}

// startServe starts the binary serving on a free port and returns its base URL.
func startServe(t *testing.T, dir string, args ...string) (string, func()) {
	t.Helper()
	p := startProc(t, dir, nil, args...)
	u := p.served(t, 60*time.Second)
	return u, func() { _ = p.cmd.Process.Signal(os.Interrupt); <-p.done }
}

func TestIngestBadInput(t *testing.T) {
	root, _ := filepath.Abs("../..")
	idx := filepath.Join(t.TempDir(), "bad.index")
	s, code, errOut := ingestJSON(t, root, idx, "testdata/bad/mixed.jsonl", "testdata/bad/short_row.csv", "testdata/bad/empty.jsonl", "testdata/bad/badutf8.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	has := func(list []struct {
		File   string
		Line   int
		Reason string
	}, file string, line int, reason string) bool {
		for _, p := range list {
			if strings.HasSuffix(p.File, file) && p.Line == line && strings.Contains(p.Reason, reason) {
				return true
			}
		}
		return false
	}
	for _, want := range []struct {
		file   string
		line   int
		reason string
	}{{"mixed.jsonl", 2, "malformed JSON"}, {"mixed.jsonl", 4, "no title and no text"}} {
		if !has(s.Rejects, want.file, want.line, want.reason) {
			t.Errorf("no reject %s:%d %q in %+v", want.file, want.line, want.reason, s.Rejects)
		}
	}
	for _, want := range []struct {
		file   string
		line   int
		reason string
	}{{"mixed.jsonl", 3, "unparseable date"}, {"badutf8.jsonl", 1, "UTF-8"}, {"short_row.csv", 3, "columns"}} {
		if !has(s.Warnings, want.file, want.line, want.reason) {
			t.Errorf("no warning %s:%d %q in %+v", want.file, want.line, want.reason, s.Warnings)
		}
	}
	// Kept: b1, b3 (without a date), the three CSV rows (the short one has a
	// title, so it is kept with a warning rather than lost), u1.
	if s.Indexed != 6 || s.Rejected != 2 {
		t.Errorf("indexed %d, rejected %d; want 6 and 2: %+v", s.Indexed, s.Rejected, s)
	}
	r := searchJSON(t, root, idx, "nobody")
	if r.Total != 1 || r.Hits[0].Published != "" {
		t.Errorf("article with a bad date: %+v", r)
	}
	// Nothing readable at all: non-zero exit with a message.
	_, code, errOut = ingestJSON(t, root, filepath.Join(t.TempDir(), "e.index"), "testdata/bad/empty.jsonl")
	if code == 0 || !strings.Contains(errOut, "nothing could be read") {
		t.Errorf("empty input: exit %d, %q", code, errOut)
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	root := newRootCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			out, _, code := run(t, ".", c.Name(), "--help")
			if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "sitrep "+c.Name()) {
				t.Errorf("%s --help: exit %d\n%s", c.Name(), code, out)
			}
		})
	}
}
