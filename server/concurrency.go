package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// inflight bounds the searching requests that run at once: each client
// runs at most maxPerClient, all clients together at most cap(slots).
// A request over either bound waits for a slot up to the search timeout;
// then it gets 429 (its client's share is taken) or 503 (the server's is).
// Searches are CPU-bound, so more of them at once than a few per core only
// adds latency and memory; and one client opening many connections waits
// behind its own requests instead of crowding out the others.
type inflight struct {
	mu           sync.Mutex
	perClient    map[string]*clientSlots // only clients with requests running or waiting
	maxPerClient int
	slots        chan struct{}
	wait         time.Duration
}

type clientSlots struct {
	slots chan struct{}
	users int // requests holding or waiting for a slot
}

func newInflight(maxAll, maxPerClient int, wait time.Duration) *inflight {
	return &inflight{perClient: map[string]*clientSlots{}, maxPerClient: maxPerClient, slots: make(chan struct{}, maxAll), wait: wait}
}

func (f *inflight) join(client string) *clientSlots {
	f.mu.Lock()
	defer f.mu.Unlock()
	cs := f.perClient[client]
	if cs == nil {
		cs = &clientSlots{slots: make(chan struct{}, f.maxPerClient)}
		f.perClient[client] = cs
	}
	cs.users++
	return cs
}

func (f *inflight) part(client string, cs *clientSlots) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cs.users--; cs.users == 0 {
		delete(f.perClient, client)
	}
}

// limit is why acquire gave up.
type limit int

const (
	gotSlots limit = iota
	clientBusy
	serverBusy
	gone // the client went away
)

// acquire takes a slot of the client and one of the server; release gives
// them back (it must be called whatever acquire returned).
func (f *inflight) acquire(ctx context.Context, client string) (limit, func()) {
	cs := f.join(client)
	var mine, all bool
	release := func() {
		if all {
			<-f.slots
		}
		if mine {
			<-cs.slots
		}
		f.part(client, cs)
	}
	// A free slot is taken at once, whatever the timer says (select picks
	// at random among ready cases).
	select {
	case cs.slots <- struct{}{}:
		mine = true
	default:
	}
	if mine {
		select {
		case f.slots <- struct{}{}:
			all = true
			return gotSlots, release
		default:
		}
	}
	t := time.NewTimer(f.wait)
	defer t.Stop()
	if !mine {
		select {
		case cs.slots <- struct{}{}:
			mine = true
		case <-ctx.Done():
			return gone, release
		case <-t.C:
			return clientBusy, release
		}
	}
	select {
	case f.slots <- struct{}{}:
		all = true
	case <-ctx.Done():
		return gone, release
	case <-t.C:
		return serverBusy, release
	}
	return gotSlots, release
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
		got, release := f.acquire(r.Context(), client)
		defer release()
		switch got {
		case gotSlots:
			next.ServeHTTP(w, r)
		case clientBusy:
			if srv.access.warned.ok("concurrency " + client) {
				srv.log.Warn("per-client concurrency limit reached", "client", client, "limit", f.maxPerClient, "path", r.URL.Path)
			}
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, errorBody{Error: "too many requests at once from your address (at most " +
				strconv.Itoa(f.maxPerClient) + "); wait for the others to finish"})
		case serverBusy:
			if srv.access.warned.ok("busy") {
				srv.log.Warn("server busy: every search slot was taken for the whole search timeout", "slots", cap(f.slots), "path", r.URL.Path)
			}
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: "the server is busy; try again in a moment"})
		}
	})
}
