// Package opensearch stores sitrep's index on an OpenSearch cluster: the
// same articles, queries and results as the embedded Bleve index, through
// the official Go client.
package opensearch

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	osclient "github.com/opensearch-project/opensearch-go/v4"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/neardup"
)

// Settings name the cluster and the index on it.
type Settings struct {
	URLs     []string
	Index    string
	Shards   int
	Replicas int
	User     string
	Password string
	CAFile   string
	Insecure bool
}

// Engine is an index on an OpenSearch cluster. It is safe for concurrent use.
type Engine struct {
	c    *osclient.Client
	s    Settings
	name string
	opts index.Options
	ents *index.EntityResolver
	log  *slog.Logger

	mu       sync.Mutex
	span     [2]time.Time // earliest and latest publication dates
	spanAt   time.Time    // when span was read; zero: not read
	spanGood bool
}

var _ index.Engine = (*Engine)(nil)

// Bulk limits: a batch is cut into requests of at most this many actions
// or bytes, and a request or item refused for load (429) or by a
// cluster-side failure (5xx) is sent again after a growing pause.
const (
	bulkMaxActions = 1000
	bulkMaxBytes   = 8 << 20
	bulkRetries    = 8
	firstBackoff   = 250 * time.Millisecond
	maxBackoff     = 8 * time.Second
	// spanTTL bounds how long the index's date span is trusted when
	// another process may be writing to it.
	spanTTL = 10 * time.Second
)

// ErrNoIndex is returned by Open when the index does not exist and create
// is false.
var ErrNoIndex = errors.New("no such index on the cluster")

// Open connects to the cluster and checks the index, creating it when it
// does not exist and create is set. An existing index that sitrep did not
// make, or made with another schema, is refused with what to do about it.
func Open(ctx context.Context, s Settings, opts index.Options, create bool, log *slog.Logger) (*Engine, error) {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = 100
	}
	if opts.MaxOffset <= 0 {
		opts.MaxOffset = 10000
	}
	if opts.FacetSize <= 0 {
		opts.FacetSize = 10
	}
	cfg := osclient.Config{
		Addresses:     s.URLs,
		Username:      s.User,
		Password:      s.Password,
		RetryOnStatus: []int{502, 503, 504},
		MaxRetries:    3,
		RetryBackoff:  func(n int) time.Duration { return time.Duration(n) * 100 * time.Millisecond },
	}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, fmt.Errorf("opensearch: CA file: %w", err)
		}
		cfg.CACert = pem
	}
	if s.Insecure {
		cfg.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // asked for by index.opensearch.insecure
	}
	c, err := osclient.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("opensearch: client: %w", err)
	}
	e := &Engine{c: c, s: s, name: s.Index, opts: opts, ents: index.NewEntityResolver(opts.Entities), log: log}
	if err := e.check(ctx, create); err != nil {
		return nil, err
	}
	return e, nil
}

// check makes sure the index exists with sitrep's schema.
func (e *Engine) check(ctx context.Context, create bool) error {
	var mapping map[string]struct {
		Mappings struct {
			Meta map[string]any `json:"_meta"`
		} `json:"mappings"`
	}
	status, err := e.do(ctx, http.MethodGet, "/"+e.name+"/_mapping", nil, &mapping)
	if err != nil && status != http.StatusNotFound {
		return fmt.Errorf("opensearch at %s: %w", strings.Join(e.s.URLs, ","), err)
	}
	if status == http.StatusNotFound {
		if !create {
			return fmt.Errorf("opensearch index %q at %s: %w: run `sitrep ingest` to create it", e.name, strings.Join(e.s.URLs, ","), ErrNoIndex)
		}
		body := indexBody(max(e.s.Shards, 1), max(e.s.Replicas, 0), e.opts.MaxOffset+e.opts.MaxSize)
		status, err := e.do(ctx, http.MethodPut, "/"+e.name, body, nil)
		if err != nil && !(status == http.StatusBadRequest && strings.Contains(err.Error(), "resource_already_exists")) {
			return fmt.Errorf("opensearch: create index %q: %w", e.name, err)
		}
		e.log.Info("created OpenSearch index", "index", e.name, "shards", e.s.Shards, "replicas", e.s.Replicas)
		// Wait until the new index can take writes on every shard.
		_, _ = e.do(ctx, http.MethodGet, "/_cluster/health/"+e.name+"?wait_for_status=yellow&timeout=30s", nil, nil)
		return e.check(ctx, false)
	}
	for name, m := range mapping {
		v, _ := m.Mappings.Meta["sitrep_schema"].(string)
		switch {
		case v == "":
			return fmt.Errorf("opensearch index %q (%s) was not made by sitrep (no sitrep_schema in its mapping's _meta): choose another index.opensearch.index or delete it", e.name, name)
		case v != SchemaVersion:
			return fmt.Errorf("opensearch index %q has sitrep schema %s, this sitrep writes schema %s: reindex into a new index (`sitrep reindex`) or delete it", e.name, v, SchemaVersion)
		}
	}
	return nil
}

// httpError is an answer of the cluster that is not a success.
type httpError struct {
	Status int
	Type   string
	Reason string
}

func (h *httpError) Error() string {
	if h.Type == "" {
		return fmt.Sprintf("status %d", h.Status)
	}
	return fmt.Sprintf("status %d: %s: %s", h.Status, h.Type, h.Reason)
}

// do sends one request (body: JSON-encoded value, or raw bytes as
// []byte) and decodes a successful answer into out. Failures return the
// status (0 when none came back) and an error.
func (e *Engine) do(ctx context.Context, method, path string, body any, out any) (int, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return 0, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, path, rd)
	if err != nil {
		return 0, err
	}
	if rd != nil {
		if _, ok := body.([]byte); ok && strings.Contains(path, "_bulk") {
			req.Header.Set("Content-Type", "application/x-ndjson")
		} else {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	res, err := e.c.Perform(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, fmt.Errorf("read answer: %w", err)
	}
	if res.StatusCode >= 300 {
		he := &httpError{Status: res.StatusCode}
		var eb struct {
			Error json.RawMessage `json:"error"`
		}
		if json.Unmarshal(data, &eb) == nil && len(eb.Error) > 0 {
			var full struct {
				Type      string `json:"type"`
				Reason    string `json:"reason"`
				RootCause []struct {
					Type   string `json:"type"`
					Reason string `json:"reason"`
				} `json:"root_cause"`
				CausedBy *struct {
					Type   string `json:"type"`
					Reason string `json:"reason"`
				} `json:"caused_by"`
			}
			if json.Unmarshal(eb.Error, &full) == nil {
				he.Type, he.Reason = full.Type, full.Reason
				if full.CausedBy != nil {
					he.Reason += " (" + full.CausedBy.Type + ": " + full.CausedBy.Reason + ")"
				}
				for _, rc := range full.RootCause {
					he.Reason += " [" + rc.Type + ": " + rc.Reason + "]"
				}
			} else {
				he.Reason = string(eb.Error)
			}
		}
		return res.StatusCode, he
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, fmt.Errorf("decode answer: %w", err)
		}
	}
	return res.StatusCode, nil
}

// ReadOnly is false: the cluster decides what may be written.
func (e *Engine) ReadOnly() bool { return false }

// Path names the index for people: "opensearch:NAME@HOST:PORT,...", the
// nodes without their scheme, so that a line naming the index is not taken
// for the address sitrep serves at.
func (e *Engine) Path() string {
	hosts := make([]string, 0, len(e.s.URLs))
	for _, u := range e.s.URLs {
		if p, err := url.Parse(u); err == nil && p.Host != "" {
			hosts = append(hosts, p.Host)
		}
	}
	return "opensearch:" + e.name + "@" + strings.Join(hosts, ",")
}

// Close releases nothing: the client keeps only idle connections.
func (e *Engine) Close() error { return nil }

// Count returns the number of articles.
func (e *Engine) Count() (uint64, error) {
	var out struct {
		Count uint64 `json:"count"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := e.do(ctx, http.MethodGet, "/"+e.name+"/_count", nil, &out); err != nil {
		return 0, fmt.Errorf("opensearch: count: %w", err)
	}
	return out.Count, nil
}

// Warm checks that the cluster answers a search.
func (e *Engine) Warm(ctx context.Context) error {
	_, err := e.Search(ctx, index.Query{Size: 1, PageFacets: true})
	return err
}

// Apply writes articles (replacing those with the same id) and deletions
// through the bulk API, then makes them visible to searches. Unlike the
// embedded index, a batch is not atomic: a failure may leave part of it
// written; writing the same batch again completes it and changes nothing
// else, since every write is by id.
func (e *Engine) Apply(ctx context.Context, put []*index.Article, del []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	type action struct {
		id   string
		line []byte // action and source lines
	}
	var acts []action
	for _, a := range put {
		if a.ID == "" {
			return fmt.Errorf("index: article without id")
		}
		meta, _ := json.Marshal(map[string]any{"index": map[string]any{"_index": e.name, "_id": a.ID}})
		src, err := json.Marshal(index.Document(a))
		if err != nil {
			return fmt.Errorf("index article %s: %w", a.ID, err)
		}
		line := append(append(append(meta, '\n'), src...), '\n')
		acts = append(acts, action{id: a.ID, line: line})
	}
	for _, id := range del {
		meta, _ := json.Marshal(map[string]any{"delete": map[string]any{"_index": e.name, "_id": id}})
		acts = append(acts, action{id: id, line: append(meta, '\n')})
	}
	for len(acts) > 0 {
		n, size := 0, 0
		for n < len(acts) && n < bulkMaxActions && (n == 0 || size+len(acts[n].line) <= bulkMaxBytes) {
			size += len(acts[n].line)
			n++
		}
		chunk := acts[:n]
		acts = acts[n:]
		pending := chunk
		backoff := firstBackoff
		for attempt := 0; ; attempt++ {
			var body bytes.Buffer
			for _, a := range pending {
				body.Write(a.line)
			}
			retry, err := e.bulk(ctx, body.Bytes(), len(pending))
			if err == nil && len(retry) == 0 {
				break
			}
			var again []action
			if err == nil {
				for _, i := range retry {
					again = append(again, pending[i])
				}
			} else if isPermanent(err) {
				return err
			} else {
				again = pending
			}
			if attempt >= bulkRetries {
				if err == nil {
					err = fmt.Errorf("%d articles still refused", len(again))
				}
				return fmt.Errorf("opensearch: bulk write failed after %d tries: %w", attempt+1, err)
			}
			e.log.Warn("opensearch bulk: retrying", "articles", len(again), "attempt", attempt+1, "wait", backoff, "error", err)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, maxBackoff)
			pending = again
		}
	}
	if err := e.refresh(ctx); err != nil {
		return err
	}
	e.mu.Lock()
	e.spanGood = false
	e.mu.Unlock()
	return nil
}

// permanentError is a bulk failure that sending again cannot fix.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// bulk sends one bulk request of n actions and returns the positions of
// the actions to send again (refused for load or by a failing shard).
func (e *Engine) bulk(ctx context.Context, body []byte, n int) ([]int, error) {
	var out struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			ID     string `json:"_id"`
			Status int    `json:"status"`
			Error  *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		} `json:"items"`
	}
	status, err := e.do(ctx, http.MethodPost, "/_bulk", body, &out)
	if err != nil {
		if status == http.StatusTooManyRequests || status >= 500 || status == 0 {
			return nil, fmt.Errorf("opensearch bulk: %w", err)
		}
		return nil, &permanentError{fmt.Errorf("opensearch bulk: %w", err)}
	}
	if len(out.Items) != n {
		return nil, fmt.Errorf("opensearch bulk: %d answers for %d actions", len(out.Items), n)
	}
	if !out.Errors {
		return nil, nil
	}
	var retry []int
	for i, item := range out.Items {
		for op, r := range item {
			switch {
			case r.Status < 300:
			case op == "delete" && r.Status == http.StatusNotFound:
			case r.Status == http.StatusTooManyRequests || r.Status >= 500:
				retry = append(retry, i)
			default:
				reason := ""
				if r.Error != nil {
					reason = r.Error.Type + ": " + r.Error.Reason
				}
				return nil, &permanentError{fmt.Errorf("opensearch bulk: %s %s: status %d %s", op, r.ID, r.Status, reason)}
			}
		}
	}
	return retry, nil
}

func (e *Engine) refresh(ctx context.Context) error {
	backoff := firstBackoff
	for attempt := 0; ; attempt++ {
		status, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_refresh", nil, nil)
		if err == nil {
			return nil
		}
		if (status != 0 && status < 500) || attempt >= bulkRetries {
			return fmt.Errorf("opensearch: refresh: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// mget returns the stored documents of ids that exist, with only the
// given source fields.
func (e *Engine) mget(ctx context.Context, ids []string, fields []string) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		var res struct {
			Docs []struct {
				ID     string         `json:"_id"`
				Found  bool           `json:"found"`
				Source map[string]any `json:"_source"`
			} `json:"docs"`
		}
		path := "/" + e.name + "/_mget?_source_includes=" + url.QueryEscape(strings.Join(fields, ","))
		if _, err := e.do(ctx, http.MethodPost, path, map[string]any{"ids": chunk}, &res); err != nil {
			return nil, fmt.Errorf("opensearch: get: %w", err)
		}
		for _, d := range res.Docs {
			if d.Found {
				out[d.ID] = d.Source
			}
		}
	}
	return out, nil
}

// Hashes returns the content hash of each of ids already stored.
func (e *Engine) Hashes(ctx context.Context, ids []string) (map[string]string, error) {
	docs, err := e.mget(ctx, ids, []string{index.FieldHash})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(docs))
	for id, d := range docs {
		if h, ok := d[index.FieldHash].(string); ok {
			out[id] = h
		}
	}
	return out, nil
}

// Get returns one article with its entities, or index.ErrNotFound.
func (e *Engine) Get(ctx context.Context, id string) (*index.Article, error) {
	docs, err := e.mget(ctx, []string{id}, []string{index.FieldTitle, index.FieldText, "url", index.FieldSource,
		index.FieldPublished, index.FieldLang, index.FieldDataset, index.FieldCluster, index.FieldEntities})
	if err != nil {
		return nil, err
	}
	d, ok := docs[id]
	if !ok {
		return nil, fmt.Errorf("article %q: %w", id, index.ErrNotFound)
	}
	return index.ArticleOf(id, d), nil
}

// Delete removes articles by id and returns how many existed.
func (e *Engine) Delete(ctx context.Context, ids []string) (int, error) {
	return index.DeleteExisting(ctx, e, ids)
}

// AssignClusters sets the Cluster of near-duplicates as the embedded index
// does, finding the stored candidates by their fingerprint bands.
func (e *Engine) AssignClusters(ctx context.Context, arts []*index.Article) (int, error) {
	return index.AssignClustersWith(ctx, arts, e.bandLookup)
}

func (e *Engine) bandLookup(ctx context.Context, terms []string, _ []neardup.Fingerprint) ([]index.BandHit, error) {
	var out []index.BandHit
	const pageSize = 2000
	for from := 0; from < 10000; from += pageSize {
		body := map[string]any{
			"query":   map[string]any{"terms": map[string]any{index.FieldSimBand: terms}},
			"_source": []string{index.FieldSimHash, index.FieldCluster},
			"sort":    []any{map[string]any{index.FieldID: "asc"}},
			"from":    from, "size": pageSize,
		}
		var res searchResponse
		if _, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search", body, &res); err != nil {
			return nil, fmt.Errorf("opensearch: near-duplicate lookup: %w", err)
		}
		for _, h := range res.Hits.Hits {
			out = append(out, index.BandHit{ID: h.ID, Cluster: strField(h.Source, index.FieldCluster), SimHash: strField(h.Source, index.FieldSimHash)})
		}
		if len(res.Hits.Hits) < pageSize {
			break
		}
	}
	return out, nil
}

func strField(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// Stats counts articles and returns the top facet values and date range.
func (e *Engine) Stats(ctx context.Context, top int) (*index.Stats, error) {
	n, err := e.Count()
	if err != nil {
		return nil, err
	}
	body := map[string]any{"size": 0, "track_total_hits": true, "aggs": map[string]any{
		"loc":    termsAgg(index.FieldLoc, top),
		"actor":  termsAgg(index.FieldActor, top),
		"source": termsAgg(index.FieldSource, top),
		"lo":     map[string]any{"min": map[string]any{"field": index.FieldPublished}},
		"hi":     map[string]any{"max": map[string]any{"field": index.FieldPublished}},
	}}
	var res searchResponse
	if _, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search", body, &res); err != nil {
		return nil, fmt.Errorf("opensearch: stats: %w", err)
	}
	st := &index.Stats{Documents: n, SizeBytes: e.sizeBytes(ctx),
		Locations: res.terms("loc"), Actors: res.terms("actor"), Sources: res.terms("source")}
	if lo, hi, ok := res.span(); ok {
		st.Earliest, st.Latest = lo.Format(time.RFC3339), hi.Format(time.RFC3339)
	}
	return st, nil
}

func (e *Engine) sizeBytes(ctx context.Context) int64 {
	var out struct {
		All struct {
			Total struct {
				Store struct {
					Size int64 `json:"size_in_bytes"`
				} `json:"store"`
			} `json:"total"`
		} `json:"_all"`
	}
	if _, err := e.do(ctx, http.MethodGet, "/"+e.name+"/_stats/store", nil, &out); err != nil {
		return 0
	}
	return out.All.Total.Store.Size
}

// Suggest returns location and actor names that start with prefix at
// their start or at a later word, most frequent first.
func (e *Engine) Suggest(ctx context.Context, prefix string, limit int) ([]index.Suggestion, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return []index.Suggestion{}, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	first := strings.Fields(prefix)[0]
	body := map[string]any{
		"size": 0,
		"query": map[string]any{"bool": map[string]any{"should": []any{
			map[string]any{"prefix": map[string]any{"loc_txt": first}},
			map[string]any{"prefix": map[string]any{"actor_txt": first}},
		}, "minimum_should_match": 1}},
		"aggs": map[string]any{
			"loc":   termsAgg(index.FieldLoc, 1000),
			"actor": termsAgg(index.FieldActor, 1000),
		},
	}
	var res searchResponse
	if _, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search", body, &res); err != nil {
		return nil, fmt.Errorf("opensearch: suggest: %w", err)
	}
	out := []index.Suggestion{}
	for _, dim := range []struct{ agg, kind string }{{"loc", "location"}, {"actor", "actor"}} {
		for _, v := range res.terms(dim.agg) {
			if index.MatchesSuggestPrefix(v.Value, prefix) {
				out = append(out, index.Suggestion{Value: v.Value, Kind: dim.kind, Count: v.Count})
			}
		}
	}
	return index.RankSuggestions(out, prefix, limit), nil
}

var _ index.Scanner = (*Engine)(nil)

// Scan calls fn with every article of the index, page at a time (default
// 1000), in id order, with its entities and near-duplicate cluster.
func (e *Engine) Scan(ctx context.Context, page int, fn func([]*index.Article) error) error {
	if page <= 0 {
		page = 1000
	}
	var after []any
	for {
		body := map[string]any{
			"query":   map[string]any{"match_all": map[string]any{}},
			"size":    page,
			"sort":    []any{map[string]any{index.FieldID: "asc"}},
			"_source": []string{index.FieldTitle, index.FieldText, "url", index.FieldSource, index.FieldPublished, index.FieldLang, index.FieldDataset, index.FieldCluster, index.FieldEntities},
		}
		if after != nil {
			body["search_after"] = after
		}
		var res searchResponse
		if _, err := e.do(ctx, http.MethodPost, "/"+e.name+"/_search?allow_partial_search_results=false", body, &res); err != nil {
			return fmt.Errorf("opensearch: scan: %w", err)
		}
		hits := res.Hits.Hits
		if len(hits) == 0 {
			return nil
		}
		arts := make([]*index.Article, 0, len(hits))
		for _, h := range hits {
			arts = append(arts, index.ArticleOf(h.ID, h.Source))
		}
		if err := fn(arts); err != nil {
			return err
		}
		if len(hits) < page {
			return nil
		}
		after = []any{hits[len(hits)-1].ID}
	}
}

// Drop deletes the index named by s, if it exists (benchmarks and tests
// start from nothing).
func Drop(ctx context.Context, s Settings) error {
	e, err := Open(ctx, s, index.Options{}, true, nil)
	if err != nil {
		return err
	}
	if _, err := e.do(ctx, http.MethodDelete, "/"+s.Index, nil, nil); err != nil {
		return fmt.Errorf("opensearch: delete index %q: %w", s.Index, err)
	}
	return nil
}
