package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// LoadResult is what the HTTP load generator measured.
type LoadResult struct {
	Clients   int     `json:"clients"`
	Distinct  bool    `json:"distinct"` // every query asked once: nothing cached
	Seconds   float64 `json:"seconds"`
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"` // transport errors and non-200 answers
	PerSecond float64 `json:"requests_per_second"`
	P50, P95  float64
	P99, Max  float64
	FirstErr  string `json:"first_error,omitempty"`
}

// Load asks base's /api/search with the query set from clients concurrent
// clients (each one request at a time, so the load is bounded) for d. With
// once, no query is asked twice (the run ends early when they run out), so
// no answer can come from a cache.
func Load(ctx context.Context, base string, qs []Query, clients int, d time.Duration, once bool) (*LoadResult, error) {
	if len(qs) == 0 {
		return nil, fmt.Errorf("load: no queries")
	}
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, IdleConnTimeout: time.Minute}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	urls := make([]string, len(qs))
	for i, q := range qs {
		urls[i] = q.URL(base)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	res := &LoadResult{Clients: clients, Distinct: once}
	var lat []float64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []float64
			errs := 0
			first := ""
			step, i := 1, c*37
			if once {
				step, i = clients, c
			}
			for ; ctx.Err() == nil; i += step {
				if once && i >= len(urls) {
					break
				}
				u := urls[i%len(urls)]
				t := time.Now()
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				resp, err := hc.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: status %d", u, resp.StatusCode)
					}
				}
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				mine = append(mine, ms(time.Since(t)))
			}
			mu.Lock()
			lat = append(lat, mine...)
			res.Errors += errs
			if res.FirstErr == "" {
				res.FirstErr = first
			}
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Requests = len(lat) + res.Errors
	res.PerSecond = float64(len(lat)) / res.Seconds
	res.P50, res.P95, res.P99 = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99)
	res.Max = percentile(lat, 100)
	return res, nil
}
