package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/index"
)

// outcome is what the summary counted for an id that went through a flush.
type outcome uint8

const (
	none outcome = iota
	indexed
	updated
	unchanged
)

// idState is what the writer knows of one id of the input.
type idState struct {
	// pos is where the record that holds the id now is; a record with the
	// same id at a later position supersedes it.
	pos recPos
	// slot is the record's place in the batch (-1: not in the batch), and
	// size its bytes held against the in-flight budget while it is there.
	slot int
	size int64
	// warns and reject are the problems of the record that holds the id:
	// those of a superseded record are dropped with it.
	warns  []Problem
	reject *Problem
	// flushed: a record of this id went through a flush in this run. had
	// and hash are then what the index held before the run, and counted
	// what the summary counts for the id.
	flushed bool
	had     bool
	hash    string
	counted outcome
	dup     bool
}

// writer puts processed records into the index in batches, and keeps one
// record per id: the last in the input (by file, then by record in the
// file), whichever a worker finished first. The record it supersedes is
// replaced in the batch while it is there and overwritten in the index
// once written; the summary counts each id once, against what the index
// held before the run, and the superseded records apart. The input is so
// read once, streams as well as files.
type writer struct {
	p   *pipeline
	sum *Summary
	ids map[string]*idState
	// batch holds the articles to write next (nil where a superseded one
	// left), batchBytes their title and text, held their in-flight bytes.
	batch      []*index.Article
	batchBytes int
	held       int64
	// del are ids to delete at the next flush: written earlier in this run
	// and absent before it, whose last record was rejected.
	del map[string]bool
}

func newWriter(p *pipeline) *writer {
	return &writer{p: p, sum: p.sum, ids: map[string]*idState{}, del: map[string]bool{}}
}

// run writes results until there are none left or ctx ends.
func (w *writer) run(ctx context.Context, results <-chan result) error {
	for {
		var r result
		var ok bool
		select {
		case r, ok = <-results:
		case <-ctx.Done():
			return w.flushInterrupted(ctx)
		}
		if !ok {
			break
		}
		w.p.recs.Add(1)
		w.sum.Read++
		if w.p.opts.Logger != nil {
			for _, wr := range r.warnings {
				w.p.opts.Logger.Warn("ingest", "at", wr.String())
			}
		}
		if r.id == "" { // the reader could not read the record
			if r.reject != nil {
				w.sum.Rejects = append(w.sum.Rejects, *r.reject)
			}
			w.sum.Warnings = append(w.sum.Warnings, r.warnings...)
			w.p.flight.release(r.size)
			continue
		}
		if err := w.add(ctx, r); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return w.flushInterrupted(ctx)
	}
	return w.flush(ctx)
}

// add takes the record of r, unless a later record of its id came first.
func (w *writer) add(ctx context.Context, r result) error {
	st := w.ids[r.id]
	if st == nil {
		st = &idState{pos: r.pos, slot: -1}
		w.ids[r.id] = st
	} else {
		w.sum.Superseded++
		if r.pos.before(st.pos) {
			w.p.flight.release(r.size)
			return nil
		}
		// r supersedes the record that held the id.
		st.pos, st.warns, st.reject = r.pos, nil, nil
		if st.slot >= 0 {
			old := w.batch[st.slot]
			w.batch[st.slot] = nil
			w.batchBytes -= len(old.Title) + len(old.Text)
			w.held -= st.size
			w.p.flight.release(st.size)
			st.slot, st.size = -1, 0
		}
	}
	st.warns = r.warnings
	if r.reject != nil {
		st.reject = r.reject
		w.p.flight.release(r.size)
		if st.flushed && st.counted != none {
			// An earlier record of this id was written in this run: the
			// index goes back to what it held before, where it can.
			w.uncount(st)
			if !st.had {
				w.del[r.id] = true
			}
			// An article that was there before and was overwritten stays
			// overwritten: the older version is no longer at hand.
		}
		return nil
	}
	delete(w.del, r.id)
	st.slot, st.size = len(w.batch), r.size
	w.batch = append(w.batch, r.art)
	w.batchBytes += len(r.art.Title) + len(r.art.Text)
	w.held += r.size
	if len(w.batch) >= w.p.opts.BatchSize || w.batchBytes >= maxBatchBytes {
		return w.flush(ctx)
	}
	return nil
}

// uncount takes back what the summary counted for an id.
func (w *writer) uncount(st *idState) {
	switch st.counted {
	case indexed:
		w.sum.Indexed--
	case updated:
		w.sum.Updated--
	case unchanged:
		w.sum.Unchanged--
	}
	if st.dup {
		w.sum.Duplicates--
	}
	st.counted, st.dup = none, false
}

// flush writes the batch: near-duplicate clusters first, then every
// article whose stored content differs, in one atomic Apply.
func (w *writer) flush(ctx context.Context) error {
	arts := w.batch[:0]
	for _, a := range w.batch {
		if a != nil {
			arts = append(arts, a)
		}
	}
	w.batch, w.batchBytes = nil, 0
	var del []string
	for id := range w.del {
		del = append(del, id)
	}
	clear(w.del)
	if len(arts) == 0 && len(del) == 0 {
		return nil
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	if !w.p.opts.NoCluster && len(arts) > 0 {
		if _, err := w.p.ix.AssignClusters(ctx, arts); err != nil {
			return err
		}
	}
	stored, err := w.p.ix.Hashes(ctx, ids)
	if err != nil {
		return err
	}
	var put []*index.Article
	for _, a := range arts {
		st := w.ids[a.ID]
		st.slot, st.size = -1, 0
		cur, exists := stored[a.ID]
		if st.flushed {
			w.uncount(st)
		} else {
			st.flushed, st.had, st.hash = true, exists, cur
		}
		h := index.StampHash(a)
		switch {
		case st.had && st.hash == h:
			w.sum.Unchanged++
			st.counted = unchanged
		case st.had:
			w.sum.Updated++
			st.counted = updated
		default:
			w.sum.Indexed++
			st.counted = indexed
			if a.Cluster != "" {
				w.sum.Duplicates++
				st.dup = true
			}
		}
		if !exists || cur != h {
			put = append(put, a)
		}
	}
	err = w.p.ix.Apply(ctx, put, del)
	w.p.flight.release(w.held)
	w.held = 0
	return err
}

// interruptedFlushTime bounds the writing of the last batch once an ingest
// is interrupted (SIGTERM, Ctrl-C).
const interruptedFlushTime = 10 * time.Second

// flushInterrupted writes the batch read before an interruption, within
// interruptedFlushTime, and returns the interruption: what was read is not
// lost, and a re-run completes the rest.
func (w *writer) flushInterrupted(ctx context.Context) error {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), interruptedFlushTime)
	defer cancel()
	if err := w.flush(fctx); err != nil {
		return errors.Join(ctx.Err(), fmt.Errorf("writing the last batch: %w", err))
	}
	return ctx.Err()
}

// finish adds the problems of the records kept to the summary.
func (w *writer) finish() {
	for _, st := range w.ids {
		w.sum.Warnings = append(w.sum.Warnings, st.warns...)
		if st.reject != nil {
			w.sum.Rejects = append(w.sum.Rejects, *st.reject)
		}
	}
}
