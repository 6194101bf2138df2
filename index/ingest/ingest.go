package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
)

// Extractor finds entities in an article; *extract.Extractor is one.
type Extractor interface {
	Extract(title, text string, published time.Time) extract.Entities
}

// Options configures a Run.
type Options struct {
	// Format forces a format for every input; "" detects it per file.
	Format string
	// Mapping overrides column/key names: canonical field -> column.
	Mapping map[string]string
	// BatchSize is the number of articles per index batch (default 500).
	BatchSize int
	// Workers clean and extract in parallel (default: number of CPUs).
	Workers int
	// Extractor, when set, fills locations, actors and dates.
	Extractor Extractor
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Progress, when set, is called about every 200 ms and at the end.
	Progress func(Progress)
	// NoCluster skips near-duplicate clustering.
	NoCluster bool
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Limits bound inputs, records and fields; zero values take
	// DefaultLimits.
	Limits Limits

	// open opens a file (os.Open when nil); tests count the reads of an
	// input through it.
	open func(name string) (*os.File, error)
}

// Progress reports how far a Run has come.
type Progress struct {
	BytesRead, BytesTotal int64
	Records               int
	Done                  bool
}

// Problem is a rejected record or a warning, with where it was found.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Reason)
}

// Summary is what a Run did.
type Summary struct {
	Files      int       `json:"files"`
	Read       int       `json:"read"`
	Indexed    int       `json:"indexed"`
	Updated    int       `json:"updated"`
	Unchanged  int       `json:"unchanged"`
	Superseded int       `json:"superseded"` // same id later in the input: the later record is kept
	Duplicates int       `json:"duplicates"` // new articles that joined a near-duplicate cluster
	Rejected   int       `json:"rejected"`
	Rejects    []Problem `json:"rejects"`
	Warnings   []Problem `json:"warnings"`
	Seconds    float64   `json:"seconds"`
	PerSecond  float64   `json:"articles_per_second"`
}

// input is one thing to read.
type input struct {
	name   string
	path   string // "" for stdin
	size   int64
	format string // "" for a stream whose format is sniffed when it is opened
	// stream is a pipe, FIFO, socket or device (or stdin): it can be read
	// only once, so it is not sniffed ahead.
	stream bool
	// open opens path (Options.open).
	open func(name string) (*os.File, error)
}

// ErrNoInput is returned when nothing at all could be read.
var ErrNoInput = errors.New("nothing could be read")

// Run reads inputs (files, folders, globs, "-"), cleans and extracts their
// articles and writes them to ix in batches. Problems with single records
// or files are reported in the Summary; the error is for failures of the
// index itself, a cancelled ctx, or when nothing at all could be read.
func Run(ctx context.Context, ix index.Engine, inputs []string, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	opts.Limits = opts.Limits.withDefaults()
	sum := &Summary{Rejects: []Problem{}, Warnings: []Problem{}}
	files, problems := expandInputs(inputs, opts.Format, opts.open)
	sum.Rejects = append(sum.Rejects, problems...)
	var total int64
	for _, f := range files {
		total += f.size
	}
	sum.Files = len(files)

	p := &pipeline{ix: ix, opts: opts, sum: sum, total: total, flight: newBudget(maxFlightBytes)}
	err := p.run(ctx, files)
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(sum.Indexed+sum.Updated+sum.Unchanged) / sum.Seconds
	}
	sum.Rejected = len(sum.Rejects)
	sortProblems(sum.Rejects)
	sortProblems(sum.Warnings)
	if err != nil {
		return sum, err
	}
	if sum.Read == 0 {
		return sum, ErrNoInput
	}
	return sum, nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// recPos is where a record is in the input: the index of its file, then
// of the record in the file. Of two records with the same id, the one at
// the later position is kept.
type recPos struct{ file, rec int }

func (p recPos) before(q recPos) bool {
	return p.file < q.file || (p.file == q.file && p.rec < q.rec)
}

func expandInputs(inputs []string, format string, open func(string) (*os.File, error)) ([]input, []Problem) {
	var out []input
	var probs []Problem
	seen := map[string]bool{}
	add := func(path string, explicit bool) {
		if seen[path] {
			return
		}
		f := format
		if f == "" {
			f = DetectFormat(path)
		}
		info, err := os.Stat(path)
		if err != nil {
			probs = append(probs, Problem{File: path, Reason: err.Error()})
			return
		}
		if !info.Mode().IsRegular() {
			// A pipe (sitrep ingest <(cmd)), FIFO or device: opening it may
			// wait for a writer, and reading it consumes it. Its format is
			// sniffed from the buffered head when it is read.
			if !explicit {
				return
			}
			seen[path] = true
			out = append(out, input{name: path, path: path, format: f, stream: true, open: open})
			return
		}
		if f == "" || (f == FormatFeed && strings.HasSuffix(strings.ToLower(strings.TrimSuffix(path, ".gz")), ".xml")) {
			// The name says nothing (or only "XML"): look at the content.
			if s := sniffFile(input{name: path, path: path, open: open}); s != "" {
				f = s
			}
		}
		if !explicit && isProjectDoc(path) {
			return
		}
		if f == "" {
			if explicit {
				probs = append(probs, Problem{File: path, Reason: "unknown format (use --format)"})
			}
			return
		}
		seen[path] = true
		out = append(out, input{name: path, path: path, size: info.Size(), format: f, open: open})
	}
	for _, in := range inputs {
		if in == "-" {
			f := format
			if f == "" {
				f = FormatJSONL
			}
			out = append(out, input{name: "stdin", format: f, stream: true})
			continue
		}
		paths := []string{in}
		if strings.ContainsAny(in, "*?[") {
			m, err := filepath.Glob(in)
			if err != nil || len(m) == 0 {
				probs = append(probs, Problem{File: in, Reason: "no file matches"})
				continue
			}
			paths = m
		}
		for _, p := range paths {
			info, err := os.Stat(p)
			if err != nil {
				probs = append(probs, Problem{File: p, Reason: errors.Unwrap(err).Error()})
				continue
			}
			if !info.IsDir() {
				add(p, true)
				continue
			}
			_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					probs = append(probs, Problem{File: path, Reason: err.Error()})
					return nil
				}
				if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
					add(path, false)
				}
				return nil
			})
		}
	}
	return out, probs
}

// countingReader counts bytes for the progress bar.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openInput opens an input for reading: decompressed when its name ends in
// .gz, and cut at the file limit (fileBytes, 0 for none) with an error that
// says so. Opening and reading end when ctx is done, also on a FIFO that
// has no writer yet.
func openInput(ctx context.Context, f input, stdin io.Reader, counter *atomic.Int64, fileBytes int64) (io.ReadCloser, error) {
	var r io.Reader
	var closer io.Closer = io.NopCloser(nil)
	if f.path == "" {
		r = stdin
	} else {
		fh, err := openCtx(ctx, f.path, f.open)
		if err != nil {
			return nil, err
		}
		r, closer = fh, fh
		if f.stream {
			// A blocked read on a pipe returns once ctx is done.
			stop := context.AfterFunc(ctx, func() { _ = fh.SetReadDeadline(time.Now()) })
			closer = closerFunc(func() error { stop(); return fh.Close() })
		}
	}
	if counter != nil {
		r = countingReader{r: r, n: counter}
	}
	if strings.HasSuffix(strings.ToLower(f.name), ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("gzip: %w", err)
		}
		r = gz
	}
	if fileBytes > 0 {
		r = &fileLimitReader{r: r, n: fileBytes, size: fileBytes}
	}
	return struct {
		io.Reader
		io.Closer
	}{r, closer}, nil
}

type closerFunc func() error

func (c closerFunc) Close() error { return c() }

// openCtx opens a file for reading, giving up when ctx is done: opening a
// FIFO waits until something opens it for writing, and os.Open cannot be
// interrupted, so it runs aside (and is closed if it opens too late).
func openCtx(ctx context.Context, path string, open func(string) (*os.File, error)) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		if open == nil {
			open = os.Open
		}
		f, err := open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("waiting for %s to be opened for writing: %w", path, ctx.Err())
	}
}

// recordID computes a record's stable id from its raw fields, before
// cleaning.
func recordID(rec *Record) string {
	prepare(rec)
	a := toArticle(rec.Fields)
	if t, err := extract.ParsePublished(rec.Fields[FieldPublished]); err == nil {
		a.Published = t
	}
	return index.StableID(a)
}

type job struct {
	rec  *Record
	pos  recPos
	size int64 // bytes of its fields, held against the in-flight budget
}

type result struct {
	size int64
	// id and pos are set for every record that the reader could read:
	// the writer keeps the last record of each id (writer.go).
	id       string
	pos      recPos
	art      *index.Article
	reject   *Problem
	warnings []Problem
}

type pipeline struct {
	ix    index.Engine
	opts  Options
	sum   *Summary
	total int64
	read  atomic.Int64
	recs  atomic.Int64
	// flight bounds the bytes of records read but not yet written, so that
	// queues of long articles do not add up to gigabytes.
	flight *budget
}

func (p *pipeline) run(ctx context.Context, files []input) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, 4*p.opts.Workers)
	// Room for a whole batch: while the writer waits for Bleve to persist one
	// batch, the workers clean and extract the next instead of blocking.
	results := make(chan result, max(4*p.opts.Workers, p.opts.BatchSize))
	var (
		readMu  sync.Mutex
		readErr []Problem
	)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		defer close(jobs)
		for fi, f := range files {
			if err := p.readFile(ctx, f, fi, jobs); err != nil {
				readMu.Lock()
				readErr = append(readErr, fileProblem(f.name, err))
				readMu.Unlock()
			}
			if ctx.Err() != nil {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < p.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := p.process(j)
				r.size, r.pos = j.size, j.pos
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	stopProgress := p.startProgress()
	w := newWriter(p)
	err := w.run(ctx, results)
	w.finish()
	if err != nil {
		cancel()
		// The workers stop once the reader does; a reader blocked on a
		// stream that cannot be interrupted must not keep Run from
		// returning.
		go func() {
			for range results {
			}
		}()
		select {
		case <-readDone:
		case <-time.After(500 * time.Millisecond):
		}
	}
	stopProgress()
	readMu.Lock()
	p.sum.Rejects = append(p.sum.Rejects, readErr...)
	readMu.Unlock()
	return err
}

// fileProblem reports an error that ended the reading of a file, with the
// line when the error names one ("name:12: ...").
func fileProblem(name string, err error) Problem {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, name+":"); ok {
		num, after, found := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); found && err == nil && n > 0 {
			return Problem{File: name, Line: n, Reason: after}
		}
		return Problem{File: name, Reason: strings.TrimPrefix(rest, " ")}
	}
	return Problem{File: name, Reason: msg}
}

func (p *pipeline) startProgress() func() {
	if p.opts.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.opts.Progress(Progress{BytesRead: p.read.Load(), BytesTotal: p.total, Records: int(p.recs.Load())})
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		p.opts.Progress(Progress{BytesRead: p.read.Load(), BytesTotal: p.total, Records: int(p.recs.Load()), Done: true})
	}
}

func (p *pipeline) readFile(ctx context.Context, f input, fi int, jobs chan<- job) error {
	rc, err := openInput(ctx, f, p.opts.Stdin, &p.read, p.opts.Limits.FileBytes)
	if err != nil {
		return err
	}
	defer rc.Close()
	var in io.Reader = rc
	format := f.format
	if format == "" {
		// A stream whose name says nothing: sniff its buffered head.
		br := bufio.NewReaderSize(rc, 4096)
		peekLine(br, 4096) // the first line at least, without waiting for more
		head, _ := br.Peek(br.Buffered())
		if format = SniffFormat(head); format == "" {
			if len(head) == 0 {
				return errors.New("empty input")
			}
			return errors.New("unknown format (use --format)")
		}
		in = br
	}
	r, err := newReader(f.name, in, format, p.opts.Mapping, p.opts.Limits)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		var size int64
		for _, v := range rec.Fields {
			size += int64(len(v))
		}
		if err := p.flight.acquire(ctx, size); err != nil {
			return err
		}
		select {
		case jobs <- job{rec: rec, pos: recPos{fi, i}, size: size}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// process cleans one record, parses its date and extracts its entities.
func (p *pipeline) process(j job) result {
	rec := j.rec
	if rec.Err != nil {
		return result{reject: &Problem{File: rec.File, Line: rec.Line, Reason: rec.Err.Error()}}
	}
	id := recordID(rec)
	a := toArticle(rec.Fields)
	a.ID = id
	var warns []Problem
	for _, w := range rec.Warn {
		warns = append(warns, Problem{File: rec.File, Line: rec.Line, Reason: w})
	}
	if raw := strings.TrimSpace(rec.Fields[FieldPublished]); raw != "" {
		t, err := extract.ParsePublished(raw)
		if err != nil {
			warns = append(warns, Problem{File: rec.File, Line: rec.Line, Reason: fmt.Sprintf("unparseable date %q: article kept without a date", truncate(raw, 60))})
		} else {
			a.Published = t
		}
	}
	a.Title = CleanLine(a.Title)
	a.Text = CleanText(a.Text)
	a.Source = CleanLine(a.Source)
	if a.Title == "" && a.Text == "" {
		return result{id: id, reject: &Problem{File: rec.File, Line: rec.Line, Reason: "no title and no text"}, warnings: warns}
	}
	a.Title = trimSourceSuffix(a.Title, a.Source)
	if a.Title == "" {
		// Lists need something to show: the first sentence stands in.
		first, _, _ := strings.Cut(a.Text, "\n")
		a.Title = firstSentence(first, 160)
	}
	if a.Lang == "" {
		a.Lang = DetectLang(a.Title + "\n" + a.Text)
	}
	if p.opts.Extractor != nil {
		if err := safeAnnotate(a, p.opts.Extractor); err != nil {
			warns = append(warns, Problem{File: rec.File, Line: rec.Line, Reason: err.Error() + ": article kept without entities"})
		}
	}
	normalizeEmpty(a)
	if !p.opts.NoCluster {
		index.PrepareFingerprint(a)
	}
	return result{id: id, art: a, warnings: warns}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func normalizeEmpty(a *index.Article) {
	if a.Locations == nil {
		a.Locations = []index.Location{}
	}
	if a.Actors == nil {
		a.Actors = []index.Actor{}
	}
	if a.Dates == nil {
		a.Dates = []index.EventDate{}
	}
}

// Annotate copies extracted entities into the article and sets its geo
// point to the first place with coordinates.
func Annotate(a *index.Article, e extract.Entities) {
	a.Locations = a.Locations[:0]
	for _, l := range e.Locations {
		a.Locations = append(a.Locations, index.Location{
			Name: l.Name, Country: l.Country, Admin1: l.Admin1, Admin2: l.Admin2,
			Lat: l.Lat, Lon: l.Lon, GeonameID: l.GeonameID, Approx: l.Approx, Kind: l.Kind,
			Mentions: l.Mentions, Path: l.Path(),
		})
	}
	a.Actors = a.Actors[:0]
	for _, ac := range e.Actors {
		// The dictionary's aliases stay in the dictionary: a query names
		// an actor by any of them through the extractor (index.EntityFunc).
		a.Actors = append(a.Actors, index.Actor{Name: ac.Name, Kind: ac.Kind, Mentions: ac.Mentions})
	}
	a.Dates = a.Dates[:0]
	for _, d := range e.Dates {
		a.Dates = append(a.Dates, index.EventDate{Date: d.Date, Mention: d.Mention})
	}
	a.Geo = nil
	for _, l := range a.Locations {
		if l.Lat != nil && l.Lon != nil && l.Kind != "country" {
			a.Geo = &index.GeoPoint{Lat: *l.Lat, Lon: *l.Lon}
			break
		}
	}
}

// prepare normalises a record's raw fields once: paragraphs from a Python list repr, a date from the file name or URL
// when the record has none.
func prepare(rec *Record) {
	if rec.prepared || rec.Fields == nil {
		return
	}
	rec.prepared = true
	f := rec.Fields
	if t := f[FieldText]; strings.HasPrefix(strings.TrimSpace(t), "[") {
		f[FieldText] = pythonList(t)
	}
	if strings.TrimSpace(f[FieldPublished]) == "" {
		for _, k := range []string{FieldID, FieldURL} {
			if d := dateFromName(f[k]); d != "" {
				f[FieldPublished] = d
				break
			}
		}
	}
	if l := f[FieldLang]; l != "" {
		f[FieldLang] = feedLang(l)
	}
}

// trimSourceSuffix drops " - Reuters" from "Headline - Reuters" when the
// record names Reuters as its source (news aggregators add it).
func trimSourceSuffix(title, source string) string {
	if source == "" {
		return title
	}
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if t, ok := strings.CutSuffix(title, sep+source); ok && strings.TrimSpace(t) != "" {
			return strings.TrimSpace(t)
		}
	}
	return title
}

// sniffFile reads the head of a file (decompressed when .gz) and guesses
// its format.
func sniffFile(f input) string {
	rc, err := openInput(context.Background(), f, nil, nil, 0)
	if err != nil {
		return ""
	}
	defer rc.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(rc, head)
	return SniffFormat(head[:n])
}

// isProjectDoc reports whether a file found while walking a folder is the
// folder's own documentation (README, SOURCES, LICENSE ...), not an article.
func isProjectDoc(path string) bool {
	base := strings.ToUpper(filepath.Base(path))
	for _, p := range []string{"README", "SOURCES", "LICENSE", "LICENCE", "CHANGELOG", "ATTRIBUTION", "NOTICE", "COPYING"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

// safeAnnotate runs extraction, turning a panic in it into an error: one
// article that trips the extractor must not stop the whole ingest.
func safeAnnotate(a *index.Article, ex Extractor) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("entity extraction failed (%v)", v)
		}
	}()
	Annotate(a, ex.Extract(a.Title, a.Text, a.Published))
	return nil
}
