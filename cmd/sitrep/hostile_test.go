package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that a process's stderr and the test may
// use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proc is a running sitrep process.
type proc struct {
	cmd    *exec.Cmd
	stdout *lockedBuffer
	stderr *lockedBuffer
	url    chan string // the served URL, for serve
	done   chan error  // closed after Wait
	err    error
}

func startProc(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(sitrepBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "SITREP_CONFIG="), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, url: make(chan string, 1), done: make(chan error)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			fmt.Fprintln(p.stdout, sc.Text())
			if m := re.FindString(sc.Text()); m != "" {
				select {
				case p.url <- m:
				default:
				}
			}
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// served waits for a serve process to print its URL.
func (p *proc) served(t *testing.T, within time.Duration) string {
	t.Helper()
	select {
	case u := <-p.url:
		return u
	case <-p.done:
		t.Fatalf("serve exited: %v\n%s", p.err, p.stderr)
	case <-time.After(within):
		t.Fatalf("serve did not start within %v:\n%s", within, p.stderr)
	}
	return ""
}

// exited waits for the process to end and returns its exit code and how
// long the wait took.
func (p *proc) exited(t *testing.T, within time.Duration) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("%v still running after %v:\n%s", p.cmd.Args[1:], within, p.stderr)
	}
	code := 0
	if ee, ok := p.err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return code, time.Since(start)
}

func testIndex(t *testing.T, root string) string {
	t.Helper()
	idx := filepath.Join(t.TempDir(), "lock.index")
	if _, code, errOut := ingestJSON(t, root, idx, "testdata/articles.jsonl"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	return idx
}

// TestIndexLock is issue 13's row 7 with two real processes: a second
// process that finds the index held says by whom within a second or two
// (it used to block silently forever), --wait waits and honours SIGTERM,
// and serve logs that it waits.
func TestIndexLock(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several servers")
	}
	root, _ := filepath.Abs("../..")
	tests := []struct {
		name string
		run  func(t *testing.T, idx string, holder *proc)
	}{
		{"ingest fails at once, naming the holder", func(t *testing.T, idx string, holder *proc) {
			p := startProc(t, root, nil, "ingest", "--no-progress", "--index", idx, "testdata/articles.csv")
			code, took := p.exited(t, 5*time.Second)
			want := fmt.Sprintf("is in use by pid %d; stop it or use --wait", holder.cmd.Process.Pid)
			if code == 0 || !strings.Contains(p.stderr.String(), want) || took > 2*time.Second {
				t.Errorf("exit %d after %v, stderr %q; want non-zero within 2 s and %q", code, took, p.stderr, want)
			}
		}},
		{"search fails at once too", func(t *testing.T, idx string, holder *proc) {
			p := startProc(t, root, nil, "search", "--index", idx, "kharkiv")
			code, _ := p.exited(t, 5*time.Second)
			if code == 0 || !strings.Contains(p.stderr.String(), "pid "+strconv.Itoa(holder.cmd.Process.Pid)) {
				t.Errorf("exit %d, stderr %q", code, p.stderr)
			}
		}},
		{"ingest --wait stops on SIGTERM", func(t *testing.T, idx string, holder *proc) {
			p := startProc(t, root, nil, "ingest", "--wait", "--no-progress", "--index", idx, "testdata/articles.csv")
			time.Sleep(1500 * time.Millisecond)
			if !strings.Contains(p.stderr.String(), "waiting for it to finish") {
				t.Errorf("ingest --wait does not say that it waits: %q", p.stderr)
			}
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			code, took := p.exited(t, 5*time.Second)
			if code == 0 || took > 2*time.Second || !strings.Contains(p.stderr.String(), "stopped while waiting for pid") {
				t.Errorf("after SIGTERM: exit %d after %v, stderr %q", code, took, p.stderr)
			}
		}},
		{"ingest --wait goes on when the server stops", func(t *testing.T, idx string, holder *proc) {
			p := startProc(t, root, nil, "ingest", "--wait", "--no-progress", "--index", idx, "testdata/articles.csv")
			time.Sleep(time.Second)
			_ = holder.cmd.Process.Signal(syscall.SIGTERM)
			if code, _ := holder.exited(t, 15*time.Second); code != 0 {
				t.Fatalf("serve exit %d: %s", code, holder.stderr)
			}
			if code, _ := p.exited(t, 30*time.Second); code != 0 {
				t.Fatalf("ingest --wait: exit %d: %s", code, p.stderr)
			}
			r := searchJSON(t, root, idx, "")
			if r.Total < 5 {
				t.Errorf("after the waiting ingest the index holds %d articles", r.Total)
			}
		}},
		{"a second serve logs that it waits, then serves", func(t *testing.T, idx string, holder *proc) {
			p := startProc(t, root, nil, "serve", "--index", idx, "--addr", "127.0.0.1:0")
			deadline := time.Now().Add(3 * time.Second)
			for !strings.Contains(p.stderr.String(), "waiting for it to finish") && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			want := fmt.Sprintf("index in use by pid %d; waiting", holder.cmd.Process.Pid)
			if !strings.Contains(p.stderr.String(), want) {
				t.Fatalf("second serve log lacks %q within 3 s:\n%s", want, p.stderr)
			}
			_ = holder.cmd.Process.Signal(syscall.SIGTERM)
			u := p.served(t, 30*time.Second)
			resp, err := http.Get(u + "/healthz")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("second server: %v %v", resp, err)
			}
			resp.Body.Close()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			idx := testIndex(t, root)
			holder := startProc(t, root, nil, "serve", "--index", idx, "--addr", "127.0.0.1:0")
			holder.served(t, 60*time.Second)
			tc.run(t, idx, holder)
		})
	}
}

// TestServeGracefulShutdown: on SIGTERM a write in flight finishes and
// lands in the index, and the process exits within its shutdown timeout;
// a request that does not finish in time is cut.
func TestServeGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	root, _ := filepath.Abs("../..")
	env := []string{"SITREP_SERVER_TOKEN=secret", "SITREP_SERVER_SHUTDOWN_TIMEOUT=2s"}
	tests := []struct {
		name       string
		finishBody bool // the client sends the rest of its body after SIGTERM
		wantStatus int  // of the POST in flight; 0: cut
		maxExit    time.Duration
	}{
		{name: "write in flight finishes", finishBody: true, wantStatus: 200, maxExit: 3 * time.Second},
		{name: "stuck request is cut at the timeout", finishBody: false, maxExit: 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			idx := testIndex(t, root)
			srv := startProc(t, root, env, "serve", "--index", idx, "--addr", "127.0.0.1:0")
			u := srv.served(t, 60*time.Second)
			first := `{"id":"g1","title":"Graceful one","text":"Shelling near Izium on Monday."}` + "\n"
			rest := `{"id":"g2","title":"Graceful two","text":"Drone strike near Sumy on Tuesday."}` + "\n"
			var sigAt time.Time
			status, hangUp := postSlowly(t, u+"/api/articles", "secret", first, rest, func() {
				sigAt = time.Now()
				_ = srv.cmd.Process.Signal(syscall.SIGTERM)
			}, tc.finishBody)
			code, _ := srv.exited(t, 15*time.Second)
			took := time.Since(sigAt)
			hangUp()
			if code != 0 || took > tc.maxExit {
				t.Errorf("serve exited %d after %v (want 0 within %v):\n%s", code, took, tc.maxExit, srv.stderr)
			}
			if got := <-status; got != tc.wantStatus {
				t.Errorf("POST in flight: status %d, want %d", got, tc.wantStatus)
			}
			if _, err := http.Get(u + "/healthz"); err == nil {
				t.Error("the server still answers after exiting")
			}
			r := searchJSON(t, root, idx, "Graceful")
			want := 0
			if tc.wantStatus == 200 {
				want = 2
			}
			if r.Total != want {
				t.Errorf("after shutdown the index holds %d of the posted articles, want %d", r.Total, want)
			}
			if !strings.Contains(srv.stderr.String(), "shutting down") {
				t.Errorf("no shutdown log line:\n%s", srv.stderr)
			}
		})
	}
}

// postSlowly sends a body in two parts around between() (the second only
// when finish), and returns a channel with the status (0 when the request
// failed) and a function that ends the client's body.
func postSlowly(t *testing.T, url, token, first, rest string, between func(), finish bool) (chan int, func()) {
	pr, pw := io.Pipe()
	hangUp := func() { pw.CloseWithError(io.ErrUnexpectedEOF) }
	t.Cleanup(hangUp)
	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, url, pr)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	if _, err := io.WriteString(pw, first); err != nil {
		t.Error(err)
	}
	time.Sleep(300 * time.Millisecond) // the handler is running, reading the body
	between()
	if finish {
		time.Sleep(300 * time.Millisecond)
		io.WriteString(pw, rest)
		pw.Close()
	}
	return status, hangUp
}

// mountTmpfs mounts a tmpfs of size bytes at a new folder, or skips the
// test where mounting is not allowed (it needs root).
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// TestIndexFolderFaults: a read-only index folder or a full disk give a
// clear error, and the index still opens and answers with what it held.
func TestIndexFolderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts file systems and starts a server")
	}
	root, _ := filepath.Abs("../..")
	t.Run("read-only file system", func(t *testing.T) {
		fs := mountTmpfs(t, 16<<20)
		idx := filepath.Join(fs, "idx")
		if _, code, errOut := ingestJSON(t, root, idx, "testdata/articles.jsonl"); code != 0 {
			t.Fatalf("ingest: %s", errOut)
		}
		if out, err := exec.Command("mount", "-o", "remount,ro", fs).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v %s", err, out)
		}
		readOnlyChecks(t, root, idx)
	})
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes through file modes; the read-only file system case covers it")
		}
		idx := testIndex(t, root)
		_ = filepath.Walk(idx, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				_ = os.Chmod(p, info.Mode().Perm()&^0o222)
			}
			return nil
		})
		t.Cleanup(func() {
			_ = filepath.Walk(idx, func(p string, info os.FileInfo, err error) error {
				if err == nil {
					_ = os.Chmod(p, info.Mode().Perm()|0o200)
				}
				return nil
			})
		})
		readOnlyChecks(t, root, idx)
	})
	t.Run("full disk", func(t *testing.T) {
		fs := mountTmpfs(t, 4<<20)
		idx := filepath.Join(fs, "idx")
		if _, code, errOut := ingestJSON(t, root, idx, "testdata/articles.jsonl"); code != 0 {
			t.Fatalf("ingest: %s", errOut)
		}
		before := searchJSON(t, root, idx, "").Total
		filler := filepath.Join(fs, "filler")
		f, err := os.Create(filler)
		if err != nil {
			t.Fatal(err)
		}
		chunk := make([]byte, 64<<10)
		for {
			if _, err := f.Write(chunk); err != nil {
				break // the disk is full
			}
		}
		f.Close()
		_, errOut, code := run(t, root, "ingest", "--no-progress", "--index", idx, "testdata/articles.csv")
		if code == 0 || !strings.Contains(errOut, "the disk is full") {
			t.Errorf("ingest on a full disk: exit %d, stderr %q; want a non-zero exit and 'the disk is full'", code, errOut)
		}
		if got := searchJSON(t, root, idx, "").Total; got != before {
			t.Errorf("with the disk full the index opens with %d articles, want the %d it held", got, before)
		}
		os.Remove(filler)
		if _, code, errOut := ingestJSON(t, root, idx, "testdata/articles.csv"); code != 0 {
			t.Fatalf("ingest once space is back: %s", errOut)
		}
		if got := searchJSON(t, root, idx, "").Total; got <= before {
			t.Errorf("once space is back the index holds %d articles, want more than %d", got, before)
		}
	})
}

// readOnlyChecks: searches and stats work on the read-only index, ingest
// says the folder cannot be written, and a server answers searches and
// refuses writes with 503.
func readOnlyChecks(t *testing.T, root, idx string) {
	t.Helper()
	// Each command within a minute: a write Bleve cannot persist would
	// otherwise block it for ever.
	cmd := func(args ...string) (string, string, int) {
		p := startProc(t, root, nil, args...)
		code, _ := p.exited(t, time.Minute)
		return p.stdout.String(), p.stderr.String(), code
	}
	if out, errOut, code := cmd("search", "--json", "--index", idx, "Kharkiv"); code != 0 || !strings.Contains(out, `"total": 1`) {
		t.Errorf("search on the read-only index: exit %d: %s %s", code, trimOut(out), errOut)
	}
	if out, errOut, code := cmd("stats", "--index", idx); code != 0 || !strings.Contains(out, "documents") {
		t.Errorf("stats: exit %d: %s %s", code, out, errOut)
	}
	_, errOut, code := cmd("ingest", "--no-progress", "--index", idx, "testdata/articles.csv")
	if code == 0 || !strings.Contains(errOut, "not writable") {
		t.Errorf("ingest into a read-only index: exit %d, stderr %q; want 'not writable'", code, errOut)
	}
	srv := startProc(t, root, []string{"SITREP_SERVER_TOKEN=secret"}, "serve", "--index", idx, "--addr", "127.0.0.1:0")
	u := srv.served(t, 60*time.Second)
	resp, err := http.Get(u + "/api/search?q=Kharkiv")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("search on a read-only server: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, u+"/api/articles", strings.NewReader(`{"id":"ro1","title":"t","text":"Shelling near Izium."}`))
	req.Header.Set("Authorization", "Bearer secret")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.Contains(string(body), "read-only") {
		t.Errorf("POST to a read-only server: %d %s; want 503 saying read-only", resp.StatusCode, body)
	}
	if !strings.Contains(srv.stderr.String(), "opened read-only") {
		t.Errorf("serve does not log that the index is read-only:\n%s", srv.stderr)
	}
}

// procMemory is a process's resident memory now and at its peak, in bytes.
func procMemory(t *testing.T, pid int) (rss, peak int64) {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return rss, peak
}

// hugeArticle is one JSON line whose text is about size bytes of distinct
// words (the worst case for the analyzer: every word a new term).
func hugeArticle(id string, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"id":%q,"title":"Huge article %s","text":"`, id, id)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "report%d convoy%d ", i*7919%1000003, i%5003)
	}
	b.WriteString("\"}\n")
	return b.Bytes()
}

// TestLargeWriteMemory is issue 13's row 10: a 9 MB article through POST
// /api/articles took the server from 0.6 to 1.5-2.8 GB and kept it. Its
// text is now cut to ingest.max_field_bytes with a warning, and the server
// returns the memory of a large write when it is done.
func TestLargeWriteMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("posts megabytes to a real server")
	}
	root, _ := filepath.Abs("../..")
	tests := []struct {
		name     string
		posts    int   // 9 MB articles posted at once
		maxPeak  int64 // growth of the peak resident memory
		maxAfter int64 // growth of resident memory once the writes are done
	}{
		{name: "one 9 MB article", posts: 1, maxPeak: 500 << 20, maxAfter: 250 << 20},
		{name: "two 9 MB articles at once", posts: 2, maxPeak: 600 << 20, maxAfter: 300 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			idx := testIndex(t, root)
			srv := startProc(t, root, []string{"SITREP_SERVER_TOKEN=secret"}, "serve", "--index", idx, "--addr", "127.0.0.1:0")
			u := srv.served(t, 60*time.Second)
			pid := srv.cmd.Process.Pid
			rss0, peak0 := procMemory(t, pid)
			var wg sync.WaitGroup
			codes := make([]int, tc.posts)
			bodies := make([]string, tc.posts)
			for i := range tc.posts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(http.MethodPost, u+"/api/articles", bytes.NewReader(hugeArticle(fmt.Sprintf("huge%d", i), 9<<20)))
					req.Header.Set("Authorization", "Bearer secret")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					codes[i], bodies[i] = resp.StatusCode, string(b)
				}()
			}
			wg.Wait()
			time.Sleep(time.Second)
			rss1, peak1 := procMemory(t, pid)
			t.Logf("resident %d -> %d MB, peak %d -> %d MB", rss0>>20, rss1>>20, peak0>>20, peak1>>20)
			for i := range codes {
				if codes[i] != 200 || !strings.Contains(bodies[i], "ingest.max_field_bytes") {
					t.Errorf("post %d: %d %s; want 200 with a warning that the text was cut", i, codes[i], trimOut(bodies[i]))
				}
			}
			if peak1-rss0 > tc.maxPeak {
				t.Errorf("peak resident memory grew by %d MB, at most %d MB", (peak1-rss0)>>20, tc.maxPeak>>20)
			}
			if rss1-rss0 > tc.maxAfter {
				t.Errorf("a second after the writes the server holds %d MB more than before, at most %d MB", (rss1-rss0)>>20, tc.maxAfter>>20)
			}
			r := searchJSON2(t, u, "title:huge0")
			if r.Total != 1 {
				t.Errorf("the huge article is not searchable: total %d", r.Total)
			}
		})
	}
}

func trimOut(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// searchJSON2 asks a running server's /api/search.
func searchJSON2(t *testing.T, base, q string) apiResults {
	t.Helper()
	resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r apiResults
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestIngestToServer: while a server holds the index, `sitrep ingest
// --server URL` adds articles through it, and they are found at once.
func TestIngestToServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	root, _ := filepath.Abs("../..")
	idx := testIndex(t, root)
	srv := startProc(t, root, []string{"SITREP_SERVER_TOKEN=secret"}, "serve", "--index", idx, "--addr", "127.0.0.1:0")
	u := srv.served(t, 60*time.Second)
	before := searchJSON2(t, u, "").Total
	tests := []struct {
		name    string
		env     []string
		args    []string
		code    int
		wantErr string
		added   int
	}{
		{name: "without the token", args: []string{"testdata/articles.csv"}, code: 1, wantErr: "needs the server's token"},
		{name: "wrong token", env: []string{"SITREP_SERVER_TOKEN=nope"}, args: []string{"testdata/articles.csv"}, code: 1, wantErr: "answered 401"},
		{name: "csv and text through the server", env: []string{"SITREP_SERVER_TOKEN=secret"}, args: []string{"testdata/articles.csv", "testdata/seed.txt"},
			added: 3},
		{name: "again: nothing changes", env: []string{"SITREP_SERVER_TOKEN=secret"}, args: []string{"testdata/articles.csv", "testdata/seed.txt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := startProc(t, root, tc.env, append([]string{"ingest", "--no-progress", "--server", u}, tc.args...)...)
			code, _ := p.exited(t, 60*time.Second)
			if code != tc.code || !strings.Contains(p.stderr.String(), tc.wantErr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, p.stderr, tc.code, tc.wantErr)
			}
			after := searchJSON2(t, u, "").Total
			if after != before+tc.added {
				t.Errorf("the server's index holds %d articles, want %d", after, before+tc.added)
			}
			before = after
		})
	}
}
