package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// inflight bounds the searching requests that run at once. Each client
// may run maxPerClient (more are refused at once with 429: one client
// opening many connections cannot crowd out the others); all clients
// together run at most cap(slots), and a request over that waits for a
// slot up to the search timeout, then gets 503. Searches are CPU-bound, so
// more of them at once than a few per core only adds latency and memory.
type inflight struct {
	mu           sync.Mutex
	perClient    map[string]int
	maxPerClient int
	slots        chan struct{}
	wait         time.Duration
}

func newInflight(maxAll, maxPerClient int, wait time.Duration) *inflight {
	return &inflight{perClient: map[string]int{}, maxPerClient: maxPerClient, slots: make(chan struct{}, maxAll), wait: wait}
}

// enter counts a request of client; it returns false when the client
// already runs its share.
func (f *inflight) enter(client string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.perClient[client] >= f.maxPerClient {
		return false
	}
	f.perClient[client]++
	return true
}

func (f *inflight) leave(client string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.perClient[client] <= 1 {
		delete(f.perClient, client) // the map holds only clients with requests running
		return
	}
	f.perClient[client]--
}

// limitConcurrency applies inflight to the routes that search (searchCost).
func (srv *Server) limitConcurrency(next http.Handler) http.Handler {
	f := srv.inflight
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if searchCost(r) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		client := srv.clientIP(r)
		if !f.enter(client) {
			if srv.access.warned.ok("concurrency " + client) {
				srv.log.Warn("concurrency limit reached", "client", client, "limit", f.maxPerClient, "path", r.URL.Path)
			}
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, errorBody{Error: "too many requests at once from your address (at most " +
				strconv.Itoa(f.maxPerClient) + "); wait for the others to finish"})
			return
		}
		defer f.leave(client)
		t := time.NewTimer(f.wait)
		defer t.Stop()
		select {
		case f.slots <- struct{}{}:
			defer func() { <-f.slots }()
		case <-r.Context().Done():
			return
		case <-t.C:
			if srv.access.warned.ok("busy") {
				srv.log.Warn("server busy: every search slot was taken for the whole search timeout", "slots", cap(f.slots), "path", r.URL.Path)
			}
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: "the server is busy; try again in a moment"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
