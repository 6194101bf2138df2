package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/extract"
)

// Options configures a benchmark run.
type Options struct {
	Articles    int      // articles in the generated corpus
	E2EArticles int      // articles for the end-to-end ingest (with extraction); 0: Articles
	Seed        uint64   // generator and query seed
	Queries     int      // size of the query set (at least 200)
	Rounds      int      // measured passes over the query set
	Engines     []string // engines to run (default: all)
	Corpus      string   // real articles (default: found from the working directory)
	Work        string   // working folder for indexes (kept between runs)
	Out         string   // where the report goes (docs/performance); "" prints only
	Clients     int      // HTTP clients
	HTTPSeconds float64  // HTTP load duration
	// Self is the command that runs this binary's bench children, e.g.
	// [/path/to/bench]; children are Self + ["ingest-child", ...].
	Self []string
	// Reuse takes an engine's ingest and query figures from an earlier run
	// with the same articles and seed (saved in Work) instead of measuring
	// again, except for the engines in Redo; its index is kept too.
	Reuse bool
	Redo  []string
	// Requery measures these engines' queries again but reuses their
	// indexes and ingest figures (for a change that leaves the index alone).
	Requery []string
	// SkipQuery leaves these engines' queries unmeasured (their columns
	// stay empty), e.g. when a peer is too slow for the time at hand.
	SkipQuery []string
	// Serve is the command that serves an index over HTTP, given --index
	// and --addr, e.g. [/path/to/sitrep serve].
	Serve []string
	Log   io.Writer
	// Real benchmarks the real articles themselves (all of them, once
	// each) instead of a generated corpus; Articles is then their number.
	Real bool
}

// Results is everything one run measured.
type Results struct {
	Started   time.Time                `json:"started"`
	Options   Options                  `json:"options"`
	Machine   string                   `json:"machine"`
	Load      string                   `json:"load_average"` // at the start: other work on the machine
	Ingest    map[string]*IngestResult `json:"ingest"`
	E2E       map[string]*IngestResult `json:"ingest_e2e"`
	Query     map[string]*QueryResult  `json:"query"`
	HTTP      *LoadResult              `json:"http"`          // the query set, repeating
	HTTPCold  *LoadResult              `json:"http_distinct"` // distinct queries, none repeated
	QuerySet  []Query                  `json:"-"`
	CorpusRaw int64                    `json:"corpus_raw_bytes"`
}

func (o *Options) defaults() {
	if o.Articles <= 0 {
		o.Articles = 20000
	}
	if o.E2EArticles <= 0 || o.E2EArticles > o.Articles {
		o.E2EArticles = o.Articles
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Queries < 200 {
		o.Queries = 240
	}
	if o.Rounds <= 0 {
		o.Rounds = 2
	}
	if len(o.Engines) == 0 {
		o.Engines = Engines
	}
	if o.Work == "" {
		o.Work = filepath.Join(os.TempDir(), "sitrep-bench")
	}
	if o.Clients <= 0 {
		o.Clients = 8
	}
	if o.HTTPSeconds <= 0 {
		o.HTTPSeconds = 20
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Run generates the corpus and the query set, has each engine ingest it in
// a child process (index only, then end to end with extraction), times the
// query set against each engine in a child process, load-tests `sitrep
// serve`, and writes the report.
func Run(ctx context.Context, o Options) (*Results, error) {
	o.defaults()
	corpus, err := FindCorpus(o.Corpus)
	if err != nil {
		return nil, err
	}
	o.Corpus = corpus
	if err := os.MkdirAll(o.Work, 0o755); err != nil {
		return nil, err
	}
	res := &Results{Started: time.Now().UTC(), Options: o, Machine: machine(), Load: loadavg(),
		Ingest: map[string]*IngestResult{}, E2E: map[string]*IngestResult{}, Query: map[string]*QueryResult{}}
	logf := logger(o.Log)
	if o.Real {
		logf("corpus %s: the real articles, each once; work folder %s", corpus, o.Work)
	} else {
		logf("corpus %s; %d articles (end to end: %d), seed %d; work folder %s", corpus, o.Articles, o.E2EArticles, o.Seed, o.Work)
	}
	c, cache, err := loadCachedCorpus(corpus, o.Work, logf)
	if err != nil {
		return nil, err
	}
	res.CorpusRaw = c.RawSize
	if o.Real {
		o.Articles, o.E2EArticles = len(c.Articles), len(c.Articles)
		res.Options = o
	}
	qs := MakeQueries(c, o.Queries, o.Seed)
	res.QuerySet = qs
	qfile := filepath.Join(o.Work, "queries.json")
	if err := SaveQueries(qfile, qs); err != nil {
		return nil, err
	}
	logf("%d queries in %s", len(qs), qfile)
	common := []string{"--corpus", corpus, "--cache", cache, "--seed", strconv.FormatUint(o.Seed, 10)}
	// Generated corpora are named by their size, the real one "real".
	tag, e2eTag := strconv.Itoa(o.Articles), strconv.Itoa(o.E2EArticles)
	if o.Real {
		common = append(common, "--real")
		tag, e2eTag = "real", "real"
	}
	dir := func(e string) string { return filepath.Join(o.Work, fmt.Sprintf("%s-%s", e, tag)) }
	for _, e := range o.Engines {
		var ir IngestResult
		saved := filepath.Join(o.Work, fmt.Sprintf("%s-%s-seed%d.ingest.json", e, tag, o.Seed))
		if o.reused(e, saved, &ir) {
			res.Ingest[e] = &ir
			logf("%s: ingest figures and index reused from an earlier run (%s)", e, saved)
			continue
		}
		logf("%s: index-only ingest of %d articles", e, o.Articles)
		if err := o.child(ctx, &ir, append([]string{"ingest-child", "--engine", e, "--dir", dir(e), "--articles", strconv.Itoa(o.Articles)}, common...)); err != nil {
			return nil, err
		}
		save(saved, &ir)
		res.Ingest[e] = &ir
		logf("%s: %.0f articles/s, index %.1f MB (%.2fx raw), peak RSS %.0f MB", e, ir.PerSecond, mb(ir.IndexBytes), float64(ir.IndexBytes)/float64(ir.RawBytes), mb(ir.PeakRSS))
	}
	for _, e := range o.Engines {
		if e == EngineFTS5 && o.E2EArticles > 100000 {
			continue
		}
		d := filepath.Join(o.Work, e+"-e2e")
		var ir IngestResult
		saved := filepath.Join(o.Work, fmt.Sprintf("%s-e2e-%s-seed%d.ingest.json", e, e2eTag, o.Seed))
		if o.reused(e, saved, &ir) {
			res.E2E[e] = &ir
			continue
		}
		logf("%s: end-to-end ingest (with extraction) of %d articles", e, o.E2EArticles)
		if err := o.child(ctx, &ir, append([]string{"ingest-child", "--extract", "--engine", e, "--dir", d, "--articles", strconv.Itoa(o.E2EArticles)}, common...)); err != nil {
			return nil, err
		}
		res.E2E[e] = &ir
		save(saved, &ir)
		os.RemoveAll(d)
		logf("%s: %.0f articles/s end to end, peak RSS %.0f MB", e, ir.PerSecond, mb(ir.PeakRSS))
	}
	for _, e := range o.Engines {
		var qr QueryResult
		saved := filepath.Join(o.Work, fmt.Sprintf("%s-%s-seed%d-q%d-r%d.query.json", e, tag, o.Seed, len(qs), o.Rounds))
		if contains(o.SkipQuery, e) && !o.reused(e, saved, &qr) {
			logf("%s: queries not measured (--skip-query)", e)
			continue
		}
		if contains(o.Requery, e) || !o.reused(e, saved, &qr) {
			logf("%s: %d queries x %d rounds", e, len(qs), o.Rounds)
			if err := o.child(ctx, &qr, []string{"query-child", "--engine", e, "--dir", dir(e), "--queries", qfile, "--rounds", strconv.Itoa(o.Rounds)}); err != nil {
				return nil, err
			}
			save(saved, &qr)
		}
		res.Query[e] = &qr
		all := allMS(&qr, "")
		logf("%s: open %.0f ms, p50 %.1f ms, p99 %.1f ms, %d failures", e, qr.OpenMS, percentile(all, 50), percentile(all, 99), qr.Failures)
	}
	if len(o.Serve) > 0 && contains(o.Engines, EngineSitrep) {
		logf("HTTP: %d clients for %.0fs against sitrep serve", o.Clients, o.HTTPSeconds)
		// A second set of distinct queries that the first never asks, so
		// that no answer can come from the result cache.
		seen := map[string]bool{}
		for _, q := range qs {
			seen[q.String()] = true
		}
		var cold []Query
		for _, q := range MakeQueries(c, 8000, o.Seed+1000) {
			if !seen[q.String()] {
				seen[q.String()] = true
				cold = append(cold, q)
			}
		}
		lr, lc, err := o.httpLoad(ctx, dir(EngineSitrep), qs, cold)
		if err != nil {
			return nil, err
		}
		res.HTTP, res.HTTPCold = lr, lc
		logf("HTTP, query set repeating: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors", lr.PerSecond, lr.P50, lr.P99, lr.Errors)
		logf("HTTP, %d distinct queries: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors", lc.Requests, lc.PerSecond, lc.P50, lc.P99, lc.Errors)
	}
	if o.Out != "" {
		if err := WriteReport(o.Out, res); err != nil {
			return res, err
		}
		logf("report written to %s", o.Out)
	}
	return res, nil
}

// reused loads an earlier figure into v when o.Reuse allows it for engine e.
func (o *Options) reused(e, file string, v any) bool {
	if !o.Reuse || contains(o.Redo, e) {
		return false
	}
	b, err := os.ReadFile(file)
	return err == nil && json.Unmarshal(b, v) == nil
}

func save(file string, v any) {
	if b, err := json.Marshal(v); err == nil {
		_ = os.WriteFile(file, b, 0o644)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// child runs one child process and decodes the JSON it prints.
func (o *Options) child(ctx context.Context, into any, args []string) error {
	if len(o.Self) == 0 {
		return fmt.Errorf("bench: no command to run children with")
	}
	cmd := exec.CommandContext(ctx, o.Self[0], append(append([]string(nil), o.Self[1:]...), args...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = o.Log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench child %s: %w", strings.Join(args[:3], " "), err)
	}
	if err := json.Unmarshal(out.Bytes(), into); err != nil {
		return fmt.Errorf("bench child %s: %w", strings.Join(args[:3], " "), err)
	}
	return nil
}

// httpLoad starts `sitrep serve` on the index, waits until it answers and
// runs the load generator against it.
func (o *Options) httpLoad(ctx context.Context, dir string, qs, cold []Query) (*LoadResult, *LoadResult, error) {
	base, stop, err := StartServe(ctx, o.Serve, dir, []string{"SITREP_SERVER_RATE_LIMIT=0", "SITREP_LOG_LEVEL=error"}, o.Log)
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	d := time.Duration(o.HTTPSeconds * float64(time.Second))
	// Distinct queries first, on a server that has seen none of them.
	lc, err := Load(ctx, base, cold, o.Clients, d, true)
	if err != nil {
		return nil, nil, err
	}
	// Then the query set, after one whole warm-up pass (each query once), as
	// a popular set of searches.
	if _, err := Load(ctx, base, qs, o.Clients, 10*time.Minute, true); err != nil {
		return nil, nil, err
	}
	lr, err := Load(ctx, base, qs, o.Clients, d, false)
	return lr, lc, err
}

func machine() string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				_, cpu, _ = strings.Cut(l, ":")
				cpu = strings.TrimSpace(cpu)
				break
			}
		}
	}
	mem := int64(0)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			mem = kb << 10
		}
	}
	return fmt.Sprintf("%d cores (%s), %.0f GiB, %s %s/%s", runtime.NumCPU(), cpu, float64(mem)/(1<<30), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// allMS is every measured latency of a class ("" for all classes).
func allMS(q *QueryResult, class string) []float64 {
	var out []float64
	for _, t := range q.Queries {
		if class == "" || t.Class == class {
			out = append(out, t.MS...)
		}
	}
	return out
}

// BuildSitrep builds the sitrep command of the project this harness is
// built with (the module that go.mod's replace points at) into dir and
// returns the binary's path. It runs the go command in the working
// directory, which must be inside the project.
func BuildSitrep(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "sitrep")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/sitrep/sitrep/cmd/sitrep").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building sitrep (run from inside the project, or pass --sitrep): %w\n%s", err, out)
	}
	return bin, nil
}

// StartServe starts serve (e.g. [/path/to/sitrep serve]) on the index in
// dir on a free loopback port, with env added to the environment, and
// waits until it answers /healthz. stop interrupts it and waits for it to
// end (killing it after 10 s).
func StartServe(ctx context.Context, serve []string, dir string, env []string, log io.Writer) (base string, stop func(), err error) {
	cmd := exec.CommandContext(ctx, serve[0], append(append([]string(nil), serve[1:]...), "--index", dir, "--addr", "127.0.0.1:0")...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("sitrep serve: %w", err)
	}
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				urlc <- strings.TrimSuffix(strings.Fields(sc.Text()[i:])[0], "/")
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case base = <-urlc:
	case <-time.After(2 * time.Minute):
		stop()
		return "", nil, fmt.Errorf("sitrep serve did not print its address")
	}
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i > 600 {
			stop()
			return "", nil, fmt.Errorf("sitrep serve at %s never became healthy", base)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return base, stop, nil
}

// logger writes timestamped progress lines to w.
func logger(w io.Writer) func(format string, args ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(w, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
}

// loadCachedCorpus loads the corpus with the entities of its articles,
// extracted once and kept in work/entities.json.gz (the cache file it
// returns, for child processes).
func loadCachedCorpus(corpus, work string, logf func(string, ...any)) (*Corpus, string, error) {
	cache := filepath.Join(work, "entities.json.gz")
	var ex *extract.Extractor
	if _, err := os.Stat(cache); err != nil {
		logf("extracting entities of the real articles once (cached in %s)", cache)
		if ex, err = extract.New(extract.Options{}); err != nil {
			return nil, "", err
		}
	}
	c, err := LoadCorpus(corpus, cache, ex)
	return c, cache, err
}
