package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// limitsRun is one `sitrep ingest` of the hostile-input suite: its summary,
// exit code, stderr, peak resident memory (from the child's rusage) and
// wall time.
type limitsRun struct {
	sum     summary
	code    int
	stderr  string
	rssMiB  float64
	elapsed time.Duration
}

// ingestChild runs `sitrep ingest --json` with extra environment, through
// bash when the command line needs a shell (process substitution).
func ingestChild(t *testing.T, dir string, env []string, shell bool, args ...string) limitsRun {
	t.Helper()
	var cmd *exec.Cmd
	if shell {
		cmd = exec.Command(rusageBin, "bash", "-c", "exec "+sitrepBin+" ingest --json --no-progress --no-extract "+strings.Join(args, " "))
	} else {
		cmd = exec.Command(rusageBin, append([]string{sitrepBin, "ingest", "--json", "--no-progress", "--no-extract"}, args...)...)
	}
	rss := filepath.Join(t.TempDir(), "rss")
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "SITREP_CONFIG=", "RUSAGE_OUT="+rss), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	start := time.Now()
	err := cmd.Run()
	r := limitsRun{elapsed: time.Since(start), stderr: se.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	kib, err := os.ReadFile(rss)
	if err != nil {
		t.Fatalf("no peak memory reported: %v", err)
	}
	n, err := strconv.ParseInt(string(kib), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	r.rssMiB = float64(n) / 1024
	if err := json.Unmarshal(so.Bytes(), &r.sum); err != nil && r.code == 0 {
		t.Fatalf("summary is not JSON: %v\n%s\n%s", err, so.String(), r.stderr)
	}
	return r
}

func writeTestFile(t *testing.T, path string, parts ...[]byte) {
	t.Helper()
	if err := os.WriteFile(path, bytes.Join(parts, nil), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipOf(t *testing.T, parts ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	for _, p := range parts {
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jsonRec(id, title, text string) []byte {
	b, _ := json.Marshal(map[string]string{"id": id, "title": title, "text": text})
	return b
}

// problem is a reject or warning a case expects: in file (suffix), at line,
// with a reason that contains reason.
type problem struct {
	file   string
	line   int
	reason string
}

func hasProblem(list []struct {
	File   string
	Line   int
	Reason string
}, p problem) bool {
	for _, q := range list {
		if strings.HasSuffix(q.File, p.file) && q.Line == p.line && strings.Contains(q.Reason, p.reason) {
			return true
		}
	}
	return false
}

// TestIngestHostileInput is the ingest side of the hostile-input table:
// each case builds its input, runs the real binary with low limits (so the
// big cases stay small while the input is many times the limit), and checks
// the clear reject or warning with file:line, the peak memory of the child,
// and that the good records around the bad one are in the index.
func TestIngestHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("writes inputs of up to 128 MiB and runs the binary for each")
	}
	const big = 48 << 20 // the hostile part of an input
	x := bytes.Repeat([]byte("x"), big)
	lowRecord := []string{"SITREP_INGEST_MAX_RECORD_BYTES=256KiB", "SITREP_INGEST_MAX_FIELD_BYTES=64KiB"}

	tests := []struct {
		name string
		// build writes the input into dir and returns the ingest arguments
		// (paths, or a shell command line when shell is set).
		build   func(t *testing.T, dir string) []string
		shell   bool
		env     []string
		rejects []problem
		warns   []problem
		// indexed: the good records; find: a word each good record has,
		// and how many articles it finds.
		indexed int
		find    map[string]int
		// overRSS bounds the child's peak memory above an idle ingest of
		// two small records by the same binary in the same run (MiB); the
		// hostile part of each big case is 48 MiB or more, held several
		// times over before the limits.
		overRSS float64
	}{
		{
			name: "row 1: a 48 MiB JSON line between two good records",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "in.jsonl"), jsonRec("a", "Alpha report", "first good"), []byte("\n"),
					[]byte(`{"id":"big","title":"Huge","text":"`), x, []byte("\"}\n"), jsonRec("b", "Omega report", "second good"), []byte("\n"))
				return []string{"in.jsonl"}
			},
			env: lowRecord, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"in.jsonl", 2, "over the record limit of 256 KiB (ingest.max_record_bytes)"}},
			overRSS: 26,
		},
		{
			name: "row 1: a 144 MiB JSON line with the default limits (16 MiB records)",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "in.jsonl"), jsonRec("a", "Alpha report", "first good"), []byte("\n"),
					[]byte(`{"id":"big","title":"Huge","text":"`), x, x, x, []byte("\"}\n"), jsonRec("b", "Omega report", "second good"), []byte("\n"))
				return []string{"in.jsonl"}
			},
			indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"in.jsonl", 2, "over the record limit of 16 MiB (ingest.max_record_bytes)"}},
			overRSS: 98,
		},
		{
			name: "row 2: a .gz expanding to 128 MiB with no newline, after a good record",
			build: func(t *testing.T, dir string) []string {
				var parts [][]byte
				parts = append(parts, jsonRec("a", "Alpha report", "first good"), []byte("\n"), []byte(`{"title":"bomb","text":"`))
				for i := 0; i < 128<<20/big; i++ {
					parts = append(parts, x[:big])
				}
				writeTestFile(t, filepath.Join(dir, "bomb.jsonl.gz"), gzipOf(t, parts...))
				return []string{"bomb.jsonl.gz"}
			},
			env: lowRecord, indexed: 1, find: map[string]int{"alpha": 1},
			rejects: []problem{{"bomb.jsonl.gz", 2, "over the record limit"}},
			overRSS: 26,
		},
		{
			name: "row 2: the same bomb stopped by the decompressed file limit",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "bomb.jsonl.gz"), gzipOf(t, jsonRec("a", "Alpha report", "first good"), []byte("\n"), []byte(`{"title":"bomb","text":"`), x, x))
				return []string{"bomb.jsonl.gz"}
			},
			env: append([]string{"SITREP_INGEST_MAX_FILE_BYTES=8MiB"}, lowRecord...), indexed: 1, find: map[string]int{"alpha": 1},
			rejects: []problem{{"bomb.jsonl.gz", 2, "over the size limit: more than 8 MiB after decompression (ingest.max_file_bytes); the rest is not read"}},
			overRSS: 26,
		},
		{
			name: "row 3: the bomb as a JSON array element between two good ones",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "bomb.json.gz"), gzipOf(t, []byte("[\n"), jsonRec("a", "Alpha report", "first good"), []byte(",\n"),
					[]byte(`{"title":"bomb","text":"`), x, x, []byte("\"},\n"), jsonRec("b", "Omega report", "second good"), []byte("\n]\n")))
				return []string{"bomb.json.gz"}
			},
			env: lowRecord, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"bomb.json.gz", 3, "over the record limit"}},
			overRSS: 26,
		},
		{
			name: "row 3: a CSV row with one 96 MiB quoted field",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "bomb.csv.gz"), gzipOf(t, []byte("title,text\nAlpha report,first good\nBomb,\""), x, x,
					[]byte("\"\nOmega report,second good\n")))
				return []string{"bomb.csv.gz"}
			},
			env: lowRecord, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"bomb.csv.gz", 3, "over the record limit"}},
			overRSS: 26,
		},
		{
			name: "row 3: a TSV line of 96 MiB",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "bomb.tsv.gz"), gzipOf(t, []byte("title\ttext\nAlpha report\tfirst good\nBomb\t"), x, x,
					[]byte("\nOmega report\tsecond good\n")))
				return []string{"bomb.tsv.gz"}
			},
			env: lowRecord, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"bomb.tsv.gz", 3, "over the record limit"}},
			overRSS: 26,
		},
		{
			name: "row 8: process substitution <(cat x.jsonl), read once",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "x.jsonl"), jsonRec("a", "Alpha report", "first good"), []byte("\n"), jsonRec("b", "Omega report", "second good"), []byte("\n"))
				return []string{"--index", "idx", "<(cat x.jsonl)"}
			},
			shell: true, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1}, overRSS: 50,
		},
		{
			name: "row 8: a FIFO with a writer, format sniffed from its head",
			build: func(t *testing.T, dir string) []string {
				fifo := filepath.Join(dir, "feed.pipe")
				if err := syscall.Mkfifo(fifo, 0o600); err != nil {
					t.Fatal(err)
				}
				go func() {
					w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
					if err != nil {
						return
					}
					defer w.Close()
					time.Sleep(300 * time.Millisecond) // a slow writer
					fmt.Fprintf(w, "%s\n%s\n", jsonRec("a", "Alpha report", "first good"), jsonRec("b", "Omega report", "second good"))
				}()
				return []string{"feed.pipe"}
			},
			indexed: 2, find: map[string]int{"alpha": 1, "omega": 1}, overRSS: 50,
		},
		{
			name: "row 8: stdin",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "x.jsonl"), jsonRec("a", "Alpha report", "first good"), []byte("\n"), jsonRec("b", "Omega report", "second good"), []byte("\n"))
				return []string{"--index", "idx", "-", "<", "x.jsonl"}
			},
			shell: true, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1}, overRSS: 50,
		},
		{
			name: "row 11: a CSV quote never closed",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "q.csv"), []byte("title,text\nAlpha report,first good\n\"Broken title,its body\nOmega report,second good\nDelta report,\"third, good\"\n"))
				return []string{"q.csv"}
			},
			indexed: 4, find: map[string]int{"alpha": 1, "omega": 1, "delta": 1, "broken": 1},
			warns:   []problem{{"q.csv", 3, "malformed quoting"}},
			overRSS: 50,
		},
		{
			name: "row 12: a feed 20 times the record limit, one item over it",
			build: func(t *testing.T, dir string) []string {
				var b bytes.Buffer
				b.WriteString("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n")
				pad := strings.Repeat("filler words ", 200)
				for i := 0; i < 2000; i++ {
					if i == 1000 {
						fmt.Fprintf(&b, "<item><title>Huge</title><link>https://w.example/huge</link><description>%s</description></item>\n", x[:1<<20])
					}
					fmt.Fprintf(&b, "<item><title>Alpha item %d</title><link>https://w.example/%d</link><description>%s %d</description></item>\n", i, i, pad, i)
				}
				b.WriteString("</channel></rss>\n")
				writeTestFile(t, filepath.Join(dir, "big.rss"), b.Bytes())
				return []string{"big.rss"}
			},
			env: lowRecord, indexed: 2000, find: map[string]int{"alpha": 2000},
			rejects: []problem{{"big.rss", 1003, "feed item is over the record limit of 256 KiB"}},
			overRSS: 170,
		},
		{
			name: "row 12: text and HTML over the record limit are cut with a warning",
			build: func(t *testing.T, dir string) []string {
				writeTestFile(t, filepath.Join(dir, "long.txt"), []byte("Alpha headline\n\n"), bytes.Repeat([]byte("word "), 200_000))
				writeTestFile(t, filepath.Join(dir, "long.html"), []byte("<html><head><title>Omega page</title></head><body><article><p>"), bytes.Repeat([]byte("text "), 200_000), []byte("</p></article></body></html>"))
				return []string{"long.txt", "long.html"}
			},
			env: lowRecord, indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			warns: []problem{{"long.txt", 1, "over the record limit of 256 KiB"}, {"long.html", 1, "over the record limit of 256 KiB"},
				{"long.txt", 1, "text of 262128 bytes cut to 64 KiB (ingest.max_field_bytes)"}},
			overRSS: 90,
		},
		{
			name: "row 14: a CSV with 1,000,000 columns",
			build: func(t *testing.T, dir string) []string {
				var b bytes.Buffer
				b.WriteString("title,text")
				for i := 0; i < 1_000_000; i++ {
					fmt.Fprintf(&b, ",Column %d", i)
				}
				b.WriteString("\nAlpha report,first good" + strings.Repeat(",", 1_000_000) + "\n")
				b.WriteString("Omega report,second good" + strings.Repeat(",", 1_000_000) + "\n")
				writeTestFile(t, filepath.Join(dir, "wide.csv"), b.Bytes())
				return []string{"wide.csv"}
			},
			indexed: 2, find: map[string]int{"alpha": 1, "omega": 1}, overRSS: 370, // 48 s before the column names were normalised once
		},
		{
			name: "row 15: a JSON array with one element 100,000 deep",
			build: func(t *testing.T, dir string) []string {
				deep := append(bytes.Repeat([]byte(`{"a":`), 100_000), append([]byte("1"), bytes.Repeat([]byte("}"), 100_000)...)...)
				writeTestFile(t, filepath.Join(dir, "deep.json"), []byte("[\n"), jsonRec("a", "Alpha report", "first good"), []byte(",\n"), deep, []byte(",\n"),
					bytes.Repeat([]byte("["), 100_000), bytes.Repeat([]byte("]"), 100_000), []byte(",\n"), jsonRec("b", "Omega report", "second good"), []byte("\n]\n"))
				return []string{"deep.json"}
			},
			indexed: 2, find: map[string]int{"alpha": 1, "omega": 1},
			rejects: []problem{{"deep.json", 3, "exceeded max depth"}, {"deep.json", 4, "a JSON array is not an article"}},
			overRSS: 50,
		},
	}
	// the idle ingest, measured in this run: the bounds below are above it
	baseDir := t.TempDir()
	writeTestFile(t, filepath.Join(baseDir, "small.jsonl"), jsonRec("a", "Alpha report", "first good"), []byte("\n"),
		jsonRec("b", "Omega report", "second good"), []byte("\n"))
	var idle float64
	for i := 0; i < 3; i++ { // the largest of three: a loaded machine varies
		r := ingestChild(t, baseDir, nil, false, "--index", fmt.Sprintf("idx%d", i), "small.jsonl")
		idle = max(idle, r.rssMiB)
	}
	t.Logf("idle ingest: peak RSS %.0f MiB", idle)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := tc.build(t, dir)
			if !tc.shell {
				args = append([]string{"--index", "idx"}, args...)
			}
			r := ingestChild(t, dir, tc.env, tc.shell, args...)
			t.Logf("peak RSS %.0f MiB, %v; rejects %v; warnings %d", r.rssMiB, r.elapsed.Round(time.Millisecond), r.sum.Rejects, len(r.sum.Warnings))
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if r.sum.Indexed != tc.indexed {
				t.Errorf("indexed %d, want %d", r.sum.Indexed, tc.indexed)
			}
			for _, p := range tc.rejects {
				if !hasProblem(r.sum.Rejects, p) {
					t.Errorf("no reject %s:%d %q in %+v", p.file, p.line, p.reason, r.sum.Rejects)
				}
			}
			if len(r.sum.Rejects) != len(tc.rejects) {
				t.Errorf("%d rejects, want %d: %+v", len(r.sum.Rejects), len(tc.rejects), r.sum.Rejects)
			}
			for _, p := range tc.warns {
				if !hasProblem(r.sum.Warnings, p) {
					t.Errorf("no warning %s:%d %q in %+v", p.file, p.line, p.reason, r.sum.Warnings)
				}
			}
			if r.rssMiB > idle+tc.overRSS {
				t.Errorf("peak RSS %.0f MiB, want at most %.0f MiB above the idle ingest's %.0f MiB", r.rssMiB, tc.overRSS, idle)
			}
			for word, n := range tc.find {
				res := searchJSON(t, dir, filepath.Join(dir, "idx"), "--size", "1", word)
				if res.Total != n {
					t.Errorf("search %q: %d articles, want %d", word, res.Total, n)
				}
			}
		})
	}
}

// TestIngestStreamHonoursSIGTERM: an input that gives nothing (a FIFO
// nobody opens for writing, one whose writer stays silent, a silent stdin
// pipe) does not keep ingest from ending on SIGTERM.
func TestIngestStreamHonoursSIGTERM(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the ingest input argument, and a stdin for the child
		// (nil for none).
		setup func(t *testing.T, dir string) (string, *os.File)
		say   string // in the output: what was interrupted
	}{
		{name: "a FIFO without a writer", setup: func(t *testing.T, dir string) (string, *os.File) {
			fifo := filepath.Join(dir, "nobody.jsonl")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			return fifo, nil
		}, say: "to be opened for writing"},
		{name: "a FIFO whose writer stays silent", setup: func(t *testing.T, dir string) (string, *os.File) {
			fifo := filepath.Join(dir, "silent.jsonl")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			// Open for reading and writing (Linux): a writer that never
			// writes, without blocking here.
			w, err := os.OpenFile(fifo, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			return fifo, nil
		}, say: "interrupted"},
		{name: "a silent stdin pipe", setup: func(t *testing.T, dir string) (string, *os.File) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close(); w.Close() })
			return "-", r
		}, say: "interrupted"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in, stdin := tc.setup(t, dir)
			cmd := exec.Command(sitrepBin, "ingest", "--no-progress", "--no-extract", "--index", filepath.Join(dir, "idx"), in)
			cmd.Env = append(os.Environ(), "SITREP_CONFIG=")
			if stdin != nil {
				cmd.Stdin = stdin
			}
			var so, se bytes.Buffer
			cmd.Stdout, cmd.Stderr = &so, &se
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once ingest has opened the index (it handles signals by
			// then), and has had time to start waiting on its input: a
			// signal while a loaded machine still starts the binary would
			// test nothing.
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				if _, err := os.Stat(filepath.Join(dir, "idx")); err == nil {
					break
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatal("ingest did not open its index within 20s")
				}
			}
			time.Sleep(300 * time.Millisecond)
			sent := time.Now()
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("ingest ignored SIGTERM for 5s")
			}
			took := time.Since(sent)
			if cmd.ProcessState.ExitCode() == 0 {
				t.Errorf("exit 0 after SIGTERM")
			}
			out := so.String() + se.String()
			if !strings.Contains(out, tc.say) || !strings.Contains(se.String(), "interrupted") {
				t.Errorf("output does not say what was interrupted (%q), exit %d:\n%s", tc.say, cmd.ProcessState.ExitCode(), out)
			}
			if took > 2*time.Second {
				t.Errorf("ended %v after SIGTERM, want within 2s", took)
			}
			t.Logf("ended %v after SIGTERM", took.Round(time.Millisecond))
		})
	}
}

// TestIngestInterruptedKeepsWhatItRead: records read before a SIGTERM are
// written, not dropped with the unfinished batch; the ingest still ends
// soon and says it was interrupted.
func TestIngestInterruptedKeepsWhatItRead(t *testing.T) {
	dir := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	idx := filepath.Join(dir, "idx")
	cmd := exec.Command(sitrepBin, "ingest", "--no-progress", "--no-extract", "--index", idx, "-")
	cmd.Env = append(os.Environ(), "SITREP_CONFIG=")
	cmd.Stdin = r
	var se bytes.Buffer
	cmd.Stderr = &se
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// two records, then the writer stays silent with the pipe open: they
	// sit in the batch, far from its size
	for _, rec := range [][]byte{jsonRec("a", "Alpha report", "first good"), jsonRec("b", "Omega report", "second good")} {
		if _, err := w.Write(append(rec, '\n')); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(idx); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("ingest did not open its index within 20s")
		}
	}
	time.Sleep(2 * time.Second) // reading two lines takes far less
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("ingest ignored SIGTERM for 15s")
	}
	if cmd.ProcessState.ExitCode() == 0 || !strings.Contains(se.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q: want a non-zero exit that says it was interrupted", cmd.ProcessState.ExitCode(), se.String())
	}
	for _, word := range []string{"alpha", "omega"} {
		if res := searchJSON(t, dir, idx, "--size", "1", word); res.Total != 1 {
			t.Errorf("search %q after the interrupted ingest: %d articles, want 1 (the record read before the signal)", word, res.Total)
		}
	}
}
