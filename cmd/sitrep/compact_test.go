package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestCompact ingests the demo articles in small batches with
// --compact and wants one segment file in the index, and the articles.
func TestIngestCompact(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	demo, err := filepath.Abs("demodata/articles.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, dir, "ingest", "--no-progress", "--no-extract", "--batch-size", "50", "--compact", "--index", idx, demo)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files, err := filepath.Glob(filepath.Join(idx, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("%d segment files after --compact, want 1: %v", len(files), files)
	}
	out, errOut, code := run(t, dir, "search", "--index", idx, "--json", "missile")
	if code != 0 || !strings.Contains(out, `"total"`) {
		t.Fatalf("search after compacting: exit %d, %s %s", code, out, errOut)
	}
}
