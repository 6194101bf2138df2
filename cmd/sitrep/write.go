package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/server"
)

// indexWriter serves the HTTP write endpoints (server.Writer) with the
// ingest pipeline, one write at a time.
type indexWriter struct {
	ix index.Engine
	// opts are the pipeline's settings (batches, workers, limits, the
	// process's extractor); each write sets its format and body.
	opts ingest.Options
	mu   sync.Mutex
	// closed: the server is shutting down; writes are refused.
	closed bool
}

var _ server.Writer = (*indexWriter)(nil)

// errShuttingDown refuses a write that arrives after shutdown began.
var errShuttingDown = fmt.Errorf("the server is shutting down: %w", server.ErrUnavailable)

// Ingest runs the pipeline on r. A body from which nothing could be read
// is not an error of the write: the summary's rejects say why.
func (w *indexWriter) Ingest(ctx context.Context, r io.Reader, format string) (*server.WriteSummary, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, errShuttingDown
	}
	opts := w.opts
	opts.Format, opts.Stdin = format, r
	sum, err := ingest.Run(ctx, w.ix, []string{"-"}, opts)
	if errors.Is(err, ingest.ErrNoInput) {
		err = nil
	}
	if sum == nil {
		return nil, err
	}
	return writeSummary(sum), err
}

// writeSummary is the server's form of an ingest summary; its JSON is the
// same (write_test.go checks it field by field).
func writeSummary(s *ingest.Summary) *server.WriteSummary {
	problems := func(ps []ingest.Problem) []server.WriteProblem {
		if ps == nil {
			return nil
		}
		out := make([]server.WriteProblem, len(ps))
		for i, p := range ps {
			out[i] = server.WriteProblem{File: p.File, Line: p.Line, Reason: p.Reason}
		}
		return out
	}
	return &server.WriteSummary{
		Files: s.Files, Read: s.Read, Indexed: s.Indexed, Updated: s.Updated, Unchanged: s.Unchanged,
		Superseded: s.Superseded, Duplicates: s.Duplicates, Rejected: s.Rejected,
		Rejects: problems(s.Rejects), Warnings: problems(s.Warnings),
		Seconds: s.Seconds, PerSecond: s.PerSecond,
	}
}

// drain waits up to d for the write in progress to end, and keeps later
// ones out; it reports whether the writer is idle.
func (w *indexWriter) drain(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func (w *indexWriter) Delete(ctx context.Context, ids []string) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, errShuttingDown
	}
	return w.ix.Delete(ctx, ids)
}
