package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// IngestLoadResult is what LoadWhileIngesting measured: the search load,
// the writes beside it, and whether the totals stayed consistent.
type IngestLoadResult struct {
	Load *LoadResult `json:"load"`
	// Writes: POST /api/articles batches sent, articles the server took
	// (indexed or updated), failed batches, and the write rate.
	Batches       int     `json:"batches"`
	Written       int     `json:"written"`
	WriteErrors   int     `json:"write_errors"`
	WrittenPerS   float64 `json:"written_per_second"`
	FirstWriteErr string  `json:"first_write_error,omitempty"`
	// Totals of a match-all search polled during the run: they may only
	// grow (the index only gains articles), and at the end they must equal
	// the start plus what was written.
	TotalBefore   int `json:"total_before"`
	TotalAfter    int `json:"total_after"`
	TotalChecks   int `json:"total_checks"`
	TotalDecrease int `json:"total_decreases"`
}

// Consistent reports whether the totals held.
func (r *IngestLoadResult) Consistent() bool {
	return r.TotalDecrease == 0 && r.TotalAfter == r.TotalBefore+r.Written
}

// LoadWhileIngesting runs Load (clients concurrent searchers with the
// /api/search defaults: facets, and highlighting for text queries) against
// base for d while one writer posts batch(i) for i = 0, 1, ... (JSON Lines
// of new articles; nil: no more) to POST /api/articles with token, one
// batch at a time, and a monitor polls the match-all total.
func LoadWhileIngesting(ctx context.Context, base, token string, qs []Query, clients int, d time.Duration, batch func(i int) []byte) (*IngestLoadResult, error) {
	res := &IngestLoadResult{}
	var err error
	if res.TotalBefore, err = matchAllTotal(ctx, base); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	wg.Add(2)
	go func() { // the writer
		defer wg.Done()
		hc := &http.Client{Timeout: 2 * time.Minute}
		for i := 0; ctx.Err() == nil; i++ {
			body := batch(i)
			if body == nil {
				return
			}
			// Not ctx: a batch under way when the run ends is let finish,
			// so that the final total can be checked against what was
			// written.
			n, err := postBatch(context.Background(), hc, base, token, body)
			res.Batches++
			if err != nil {
				res.WriteErrors++
				if res.FirstWriteErr == "" {
					res.FirstWriteErr = err.Error()
				}
				continue
			}
			res.Written += n
		}
	}()
	go func() { // the monitor
		defer wg.Done()
		last := res.TotalBefore
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			n, err := matchAllTotal(ctx, base)
			if err != nil {
				continue // counted by Load's errors if the server fails
			}
			res.TotalChecks++
			if n < last {
				res.TotalDecrease++
			}
			last = n
		}
	}()
	lr, err := Load(ctx, base, qs, clients, d, false)
	cancel()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	res.Load = lr
	res.WrittenPerS = float64(res.Written) / time.Since(start).Seconds()
	if res.TotalAfter, err = matchAllTotal(context.Background(), base); err != nil {
		return nil, err
	}
	return res, nil
}

func postBatch(ctx context.Context, hc *http.Client, base, token string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/articles", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("POST /api/articles: status %d: %.200s", resp.StatusCode, b)
	}
	var sum struct {
		Indexed int `json:"indexed"`
		Updated int `json:"updated"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return 0, fmt.Errorf("POST /api/articles: %w", err)
	}
	return sum.Indexed, nil
}

func matchAllTotal(ctx context.Context, base string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/search?size=1&collapse=false", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("match-all search: status %d", resp.StatusCode)
	}
	var r struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, err
	}
	return r.Total, nil
}

// IngestLoadOptions configures IngestLoad.
type IngestLoadOptions struct {
	Articles int     // in the index before the run
	Clients  int     // concurrent searchers
	Seconds  float64 // of load
	Batch    int     // articles per POST
	Queries  int     // in the query set
	Seed     uint64
	Corpus   string // real articles to recombine (default: found beside the project)
	Work     string // folder for the index and the entity cache
	Self     []string
	Serve    []string
	Log      io.Writer
}

// IngestLoad is the load test of issue 13: an index of o.Articles
// generated articles (built once by an ingest child, kept in o.Work), a
// real `sitrep serve` on it with writes enabled, o.Clients searchers with
// facets and highlighting for o.Seconds, and beside them a writer posting
// new generated articles (extraction on the server, as any client's
// writes) in batches of o.Batch.
func IngestLoad(ctx context.Context, o IngestLoadOptions) (*IngestLoadResult, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	corpus, err := FindCorpus(o.Corpus)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Work, 0o755); err != nil {
		return nil, err
	}
	logf := logger(o.Log)
	c, cache, err := loadCachedCorpus(corpus, o.Work, logf)
	if err != nil {
		return nil, err
	}
	qs := MakeQueries(c, o.Queries, o.Seed)
	g := NewGenerator(c, o.Seed)
	dir := filepath.Join(o.Work, fmt.Sprintf("ingestload-%d-seed%d", o.Articles, o.Seed))
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		logf("building an index of %d generated articles in %s", o.Articles, dir)
		var ir IngestResult
		bo := &Options{Self: o.Self, Log: o.Log}
		args := []string{"ingest-child", "--engine", EngineSitrep, "--dir", dir, "--articles", strconv.Itoa(o.Articles),
			"--corpus", corpus, "--cache", cache, "--seed", strconv.FormatUint(o.Seed, 10)}
		if err := bo.child(ctx, &ir, args); err != nil {
			return nil, err
		}
		logf("built in %.0f s (%.0f articles/s)", ir.Seconds, ir.PerSecond)
	}
	token := fmt.Sprintf("load-%d", time.Now().UnixNano())
	env := []string{"SITREP_SERVER_TOKEN=" + token, "SITREP_SERVER_RATE_LIMIT=0", "SITREP_LOG_LEVEL=warn",
		// All clients come from 127.0.0.1: one client to the limits.
		"SITREP_SERVER_MAX_CONCURRENT_PER_CLIENT=" + strconv.Itoa(o.Clients+2)}
	base, stop, err := StartServe(ctx, o.Serve, dir, env, o.Log)
	if err != nil {
		return nil, err
	}
	defer stop()
	// New ids on every run: the index keeps what earlier runs wrote.
	first := o.Articles + int(time.Now().Unix()%100000)*1000
	batch := func(i int) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		for k := 0; k < o.Batch; k++ {
			a := g.Article(first+i*o.Batch+k, false)
			a.ID = fmt.Sprintf("load%d-%d", first, i*o.Batch+k)
			_ = enc.Encode(jsonlRecord{ID: a.ID, URL: a.URL + "?load=" + a.ID, Source: a.Source, Title: a.Title,
				Published: a.Published.Format(time.RFC3339), Lang: a.Lang, Dataset: a.Dataset, Text: a.Text})
		}
		return b.Bytes()
	}
	logf("%d clients for %.0f s against %s while posting batches of %d", o.Clients, o.Seconds, base, o.Batch)
	return LoadWhileIngesting(ctx, base, token, qs, o.Clients, time.Duration(o.Seconds*float64(time.Second)), batch)
}
