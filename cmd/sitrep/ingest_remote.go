package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index/ingest"
)

// remoteIngest sends articles to a running `sitrep serve` instead of
// writing the index itself: one process writes an index at a time, so
// while a server runs, writes go through it (POST /api/articles) and its
// searches keep answering.
type remoteIngest struct {
	base, token string
	format      string
	mapping     map[string]string
	stdin       io.Reader
	batch       int   // records per POST
	maxBody     int64 // bytes per POST (under server.max_body_bytes)
	client      *http.Client
	sum         ingest.Summary
}

// run reads every input with the same readers as a local ingest and
// posts its records as JSON Lines, a batch at a time.
func (ri *remoteIngest) run(ctx context.Context, args []string) (*ingest.Summary, error) {
	start := time.Now()
	ri.sum.Rejects, ri.sum.Warnings = []ingest.Problem{}, []ingest.Problem{}
	paths, err := expandPaths(args)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	n := 0
	post := func() error {
		if n == 0 {
			return nil
		}
		err := ri.post(ctx, body.Bytes())
		body.Reset()
		n = 0
		return err
	}
	for _, p := range paths {
		ri.sum.Files++
		err := ri.readInput(p, func(rec *ingest.Record) error {
			for _, w := range rec.Warn {
				ri.sum.Warnings = append(ri.sum.Warnings, ingest.Problem{File: rec.File, Line: rec.Line, Reason: w})
			}
			if rec.Err != nil {
				ri.sum.Rejected++
				ri.sum.Rejects = append(ri.sum.Rejects, ingest.Problem{File: rec.File, Line: rec.Line, Reason: rec.Err.Error()})
				return nil
			}
			line, err := json.Marshal(rec.Fields)
			if err != nil {
				return err
			}
			if n > 0 && int64(body.Len()+len(line)+1) > ri.maxBody {
				if err := post(); err != nil {
					return err
				}
			}
			body.Write(line)
			body.WriteByte('\n')
			n++
			if n >= ri.batch {
				return post()
			}
			return ctx.Err()
		})
		if err != nil {
			return &ri.sum, err
		}
	}
	if err := post(); err != nil {
		return &ri.sum, err
	}
	ri.sum.Seconds = time.Since(start).Seconds()
	if ri.sum.Seconds > 0 {
		ri.sum.PerSecond = float64(ri.sum.Indexed+ri.sum.Updated+ri.sum.Unchanged) / ri.sum.Seconds
	}
	if ri.sum.Read == 0 && ri.sum.Rejected == 0 {
		return &ri.sum, ingest.ErrNoInput
	}
	return &ri.sum, nil
}

// readInput calls each for every record of the input at path ("-": stdin).
func (ri *remoteIngest) readInput(path string, each func(*ingest.Record) error) error {
	name := path
	var r io.Reader = ri.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer f.Close()
		r = f
	} else {
		name = "stdin"
	}
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	format := ri.format
	if format == "" {
		format = ingest.DetectFormat(path)
	}
	br := bufio.NewReader(r)
	if format == "" {
		head, _ := br.Peek(4096)
		if format = ingest.SniffFormat(head); format == "" {
			ri.sum.Rejects = append(ri.sum.Rejects, ingest.Problem{File: name, Reason: "not a format sitrep reads (use --format)"})
			return nil
		}
	}
	rd, err := ingest.NewReader(name, br, format, ri.mapping)
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			ri.sum.Rejects = append(ri.sum.Rejects, ingest.Problem{File: name, Reason: err.Error()})
			return nil
		}
		if err := each(rec); err != nil {
			return err
		}
	}
}

// post sends one batch and adds the server's summary to ri.sum.
func (ri *remoteIngest) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ri.base+"/api/articles", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+ri.token)
	resp, err := ri.client.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", ri.base, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	// A batch of which nothing could be indexed is a 400 that still
	// carries the summary (its rejects): count it and go on.
	var s ingest.Summary
	var probe map[string]json.RawMessage
	isSummary := json.Unmarshal(b, &probe) == nil && probe["read"] != nil
	if jerr := json.Unmarshal(b, &s); !isSummary || jerr != nil || (resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest) {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		if e.Error == "" {
			e.Error = strings.TrimSpace(string(b[:min(len(b), 200)]))
		}
		return fmt.Errorf("%s answered %d: %s", ri.base, resp.StatusCode, e.Error)
	}
	ri.sum.Read += s.Read
	ri.sum.Indexed += s.Indexed
	ri.sum.Updated += s.Updated
	ri.sum.Unchanged += s.Unchanged
	ri.sum.Superseded += s.Superseded
	ri.sum.Duplicates += s.Duplicates
	ri.sum.Rejected += s.Rejected
	ri.sum.Rejects = append(ri.sum.Rejects, s.Rejects...)
	ri.sum.Warnings = append(ri.sum.Warnings, s.Warnings...)
	return nil
}

// expandPaths turns arguments into the files to read: "-" as it is, globs
// expanded, folders walked (their README, LICENSE and such skipped).
func expandPaths(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		matches := []string{a}
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			if err != nil || len(m) == 0 {
				return nil, fmt.Errorf("%s: matches no file", a)
			}
			matches = m
		}
		for _, p := range matches {
			info, err := os.Stat(p)
			if err != nil {
				return nil, err
			}
			if !info.IsDir() {
				out = append(out, p)
				continue
			}
			err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || docFile(d.Name()) {
					return err
				}
				out = append(out, f)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// docFile reports a folder's own documentation, which is no article.
func docFile(name string) bool {
	up := strings.ToUpper(name)
	for _, p := range []string{"README", "SOURCES", "LICENSE", "LICENCE", "CHANGELOG", "ATTRIBUTION", "NOTICE", "COPYING"} {
		if strings.HasPrefix(up, p) {
			return true
		}
	}
	return strings.HasPrefix(name, ".")
}

// ingestRemote is `sitrep ingest --server URL`: the records go to the
// server, which cleans, extracts and indexes them as its own writes.
func (a *app) ingestRemote(cmd *cobra.Command, base string, args []string, format string, mapping map[string]string, jsonOut bool, rejects string) error {
	if a.cfg.Server.Token == "" {
		return errors.New("--server needs the server's token: set server.token (SITREP_SERVER_TOKEN) to the token the server was started with")
	}
	ri := &remoteIngest{
		base: strings.TrimSuffix(base, "/"), token: a.cfg.Server.Token, format: format, mapping: mapping,
		stdin: cmd.InOrStdin(), batch: max(a.cfg.Ingest.BatchSize, 1),
		// Under the server's default body limit, with room for JSON escaping.
		maxBody: min(a.cfg.Server.MaxBodyBytes, 8<<20) * 3 / 4,
		client:  &http.Client{Timeout: 10 * time.Minute},
	}
	sum, err := ri.run(cmd.Context(), args)
	if sum != nil {
		if werr := reportSummary(cmd.OutOrStdout(), sum, "sent to "+ri.base, jsonOut, rejects); werr != nil {
			return werr
		}
	}
	if errors.Is(err, ingest.ErrNoInput) {
		return fmt.Errorf("nothing could be read from %s", strings.Join(args, " "))
	}
	return err
}
