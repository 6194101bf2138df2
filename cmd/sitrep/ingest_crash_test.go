package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// TestIngestSurvivesSIGKILL kills a real `sitrep ingest` at several points,
// checks after each kill that the index opens, and that running the same
// ingest again completes it: every article there once, none lost.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests several times")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sitrep")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 4000
	input := filepath.Join(dir, "articles.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := 0; i < n; i++ {
		// Distinct texts, so that no two articles are near-duplicates.
		fmt.Fprintf(w, `{"id":"c%05d","title":"Report %d from sector %d","text":"Patrol %d observed %d vehicles near checkpoint %d at dawn; unit %d reported %d shells and %d drones over district %d, logged as item %d."}`+"\n",
			i, i, i%97, i*7, i%13, i*31, i*17%1000, i%7, i%5, i*3, i)
	}
	w.Flush()
	f.Close()
	idx := filepath.Join(dir, "idx")
	ingest := func() *exec.Cmd {
		cmd := exec.Command(bin, "ingest", "--index", idx, "--no-extract", "--no-progress", "--batch-size", "100", input)
		cmd.Env = append(os.Environ(), "SITREP_CONFIG=")
		return cmd
	}
	for _, after := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 700 * time.Millisecond, 1200 * time.Millisecond, 2 * time.Second} {
		cmd := ingest()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if !index.Exists(idx) {
			continue // killed before the index was created
		}
		// The index opens and answers (in another process, as a user would
		// find it): delete of an id that is not there reads the index.
		out, err := exec.Command(bin, "delete", "--index", idx, "--json", "no-such-id").CombinedOutput()
		if err != nil {
			t.Fatalf("index does not open after SIGKILL at %v: %v\n%s", after, err, out)
		}
		var res deleteResult
		if err := json.Unmarshal(out, &res); err != nil || res.Deleted != 0 || len(res.NotFound) != 1 {
			t.Fatalf("after SIGKILL at %v: %v\n%s", after, err, out)
		}
		t.Logf("killed after %v: index opens", after)
	}
	if out, err := ingest().CombinedOutput(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
	ix, err := index.Open(idx, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ix.Count()
	if err != nil || c != n {
		t.Fatalf("after the re-run the index holds %d articles (%v), want %d", c, err, n)
	}
	for _, id := range []string{"c00000", "c01999", fmt.Sprintf("c%05d", n-1)} {
		if _, err := ix.Get(context.Background(), id); err != nil {
			ix.Close()
			t.Fatalf("%s lost: %v", id, err)
		}
	}
	ix.Close() // the index is locked while open: release it for the next run
	// Re-running once more changes nothing.
	out, err := ingest().CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("indexed 0, updated 0, unchanged %d", n)
	if !contains(string(out), want) {
		t.Fatalf("third run: want %q in\n%s", want, out)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
