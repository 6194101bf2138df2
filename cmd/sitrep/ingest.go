package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sitrep/sitrep/config"
	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

func newIngestCmd(a *app) *cobra.Command {
	var (
		format    string
		maps      []string
		jsonOut   bool
		rejects   string
		noBar     bool
		noExtract bool
		serverURL string
		compact   bool
	)
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH...",
		Short: "Read articles from files, folders, globs or - (stdin) into the index",
		Long: `Reads articles, cleans them, extracts places, actors and dates, and indexes them in batches.
Formats by extension or --format: JSON Lines / JSON array (.jsonl .ndjson .json), CSV (.csv;
comma, semicolon, tab or pipe), TSV (.tsv; with or without a header row), RSS/RDF/Atom feeds
(.rss .atom .rdf .xml), HTML article pages (.html .htm), plain text (.txt .md); files whose name
says nothing are recognised by their content; .gz files are decompressed. Folders are read
recursively (their README/SOURCES/LICENSE files are skipped).

Near-duplicates (the same story with small edits) are grouped into clusters: search shows one
hit per cluster with the number of similar articles; an article with the same id or canonical
URL is updated in place.

Each record gets a stable id (its own id, else a hash of its canonical URL, else of title,
date and text): ingesting the same input again changes nothing. An id repeated in the input
is written once, as its last version. Records that cannot be read are reported with
file:line and skipped; the exit status is non-zero only when nothing could be read.

Limits (config keys, SITREP_INGEST_* variables or the flags below): a field longer than
ingest.max_field_bytes (2MiB) is cut with a warning; a JSON line or value, CSV/TSV row or feed
item larger than ingest.max_record_bytes (16MiB) is rejected with file:line, and the records
around it are read as usual (an HTML page or text file over it is cut, with a warning); an
input is read up to ingest.max_file_bytes (8GiB) after decompression. Pipes, FIFOs and
process substitution (<(cmd)) are read once, as they come.`,
		Example: `  sitrep ingest articles.jsonl
  sitrep ingest --map text=body --map title=headline export.csv
  sitrep ingest 'feeds/*.jsonl' scraped/
  cat articles.jsonl | sitrep ingest -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.load(); err != nil {
				return err
			}
			mapping := map[string]string{}
			for _, m := range maps {
				field, col, ok := strings.Cut(m, "=")
				if !ok || field == "" || col == "" {
					return fmt.Errorf("--map %q: write field=column, e.g. --map text=body", m)
				}
				mapping[strings.ToLower(strings.TrimSpace(field))] = strings.TrimSpace(col)
			}
			if serverURL != "" {
				return a.ingestRemote(cmd, serverURL, args, format, mapping, jsonOut, rejects)
			}
			var ix index.Engine
			var err error
			if a.remote() {
				ix, err = a.openRemote(cmd.Context(), true)
			} else {
				if err := config.CheckWritable(a.cfg.Index.Path); err != nil {
					return err
				}
				ix, err = a.openIndex(cmd.Context(), a.cfg.Index.Path, a.wait)
			}
			if err != nil {
				return err
			}
			defer ix.Close()
			opts := ingest.Options{
				Format: format, Mapping: mapping,
				BatchSize: a.cfg.Ingest.BatchSize, Workers: a.cfg.Ingest.Workers,
				Stdin: cmd.InOrStdin(), Logger: nil, Limits: a.ingestLimits(),
			}
			if !noExtract {
				ex, err := a.extractor()
				if err != nil {
					return err
				}
				opts.Extractor = ex
			}
			stderr := cmd.ErrOrStderr()
			opts.Progress = progressReporter(stderr, noBar)
			sum, err := ingest.Run(cmd.Context(), ix, args, opts)
			if c, ok := ix.(interface{ Compact(context.Context) error }); ok && compact && err == nil {
				if cerr := c.Compact(cmd.Context()); cerr != nil {
					return cerr
				}
			}
			if s, ok := ix.(interface{ SaveScoringStats() error }); ok && err == nil {
				// The next search process reads the ranking's statistics
				// instead of measuring them; a failure costs only that.
				if serr := s.SaveScoringStats(); serr != nil {
					a.log.Warn("ranking statistics not kept", "err", serr)
				}
			}
			if sum != nil {
				n, _ := ix.Count()
				if werr := reportSummary(cmd.OutOrStdout(), sum, fmt.Sprintf("index holds %d", n), jsonOut, rejects); werr != nil {
					return werr
				}
			}
			if errors.Is(err, ingest.ErrNoInput) {
				return fmt.Errorf("nothing could be read from %s", strings.Join(args, " "))
			}
			if errors.Is(err, context.Canceled) && cmd.Context().Err() != nil {
				return errors.New("interrupted: the batches written before the signal are in the index")
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "", "input format for every path: jsonl, csv, tsv, feed (RSS/Atom), html, text (default: by extension, else by content)")
	f.StringArrayVar(&maps, "map", nil, "field=column: take a field (id, url, source, title, text, published, lang, dataset) from this column or key")
	f.BoolVar(&jsonOut, "json", false, "print the summary as JSON")
	f.StringVar(&rejects, "rejects", "", "write every rejected record (file, line, reason) to this file as JSON Lines")
	f.BoolVar(&noBar, "no-progress", false, "no progress bar or progress lines")
	f.BoolVar(&noExtract, "no-extract", false, "skip entity extraction (faster; no place/actor facets)")
	f.BoolVar(&compact, "compact", false, "merge the index into one segment when done (an archive loaded at once and then searched: less space, fewer files to read; the embedded index only)")
	f.StringVar(&serverURL, "server", "", "send the articles to a running sitrep serve at this URL (POST /api/articles, with server.token) instead of writing the index: the way to add articles while a server holds the index")
	f.Int("batch-size", 0, "articles per index batch (config ingest.batch_size)")
	f.Int("workers", 0, "parallel extraction workers (config ingest.workers)")
	f.String("max-field-bytes", "", "longest field; longer text is cut with a warning (config ingest.max_field_bytes, default 2MiB)")
	f.String("max-record-bytes", "", "largest record (JSON line or value, CSV/TSV row, feed item); larger is rejected (config ingest.max_record_bytes, default 16MiB)")
	f.String("max-file-bytes", "", "most bytes read from one input after decompression, 0 for no limit (config ingest.max_file_bytes, default 8GiB)")
	a.bind("ingest.batch_size", f.Lookup("batch-size"))
	a.bind("ingest.workers", f.Lookup("workers"))
	a.bind("ingest.max_field_bytes", f.Lookup("max-field-bytes"))
	a.bind("ingest.max_record_bytes", f.Lookup("max-record-bytes"))
	a.bind("ingest.max_file_bytes", f.Lookup("max-file-bytes"))
	return cmd
}

// ingestLimits are the configured limits of the ingest readers.
func (a *app) ingestLimits() ingest.Limits {
	return ingest.Limits{
		FieldBytes:  int(a.cfg.Ingest.MaxFieldBytes),
		RecordBytes: int(a.cfg.Ingest.MaxRecordBytes),
		FileBytes:   a.cfg.Ingest.MaxFileBytes,
	}
}

// progressReporter draws a progress bar on a terminal and logs a line every
// few seconds otherwise.
func progressReporter(w io.Writer, off bool) func(ingest.Progress) {
	if off {
		return nil
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(p ingest.Progress) {
			if bar == nil {
				bar = progressbar.NewOptions64(p.BytesTotal,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription("ingest"),
					progressbar.OptionShowBytes(true),
					progressbar.OptionShowCount(),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			_ = bar.Set64(p.BytesRead)
			bar.Describe(fmt.Sprintf("ingest %d articles", p.Records))
			if p.Done {
				_ = bar.Finish()
			}
		}
	}
	last := time.Now()
	return func(p ingest.Progress) {
		if p.Done || time.Since(last) < 5*time.Second {
			return
		}
		last = time.Now()
		pct := 0.0
		if p.BytesTotal > 0 {
			pct = 100 * float64(p.BytesRead) / float64(p.BytesTotal)
		}
		fmt.Fprintf(w, "ingest: %d articles, %.0f%% of %d bytes\n", p.Records, pct, p.BytesTotal)
	}
}

func writeRejects(path string, rejects []ingest.Problem) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--rejects: %w", err)
	}
	enc := json.NewEncoder(f)
	for _, r := range rejects {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return fmt.Errorf("--rejects: %w", err)
		}
	}
	return f.Close()
}

// reportSummary writes the rejects to the --rejects file when given and
// prints the summary, as JSON with --json.
func reportSummary(w io.Writer, sum *ingest.Summary, note string, jsonOut bool, rejects string) error {
	if rejects != "" {
		if err := writeRejects(rejects, sum.Rejects); err != nil {
			return err
		}
	}
	if jsonOut {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	printSummary(w, sum, note)
	return nil
}

// printSummary prints the summary line, ending with note (e.g. "index
// holds 123"), then the rejects and warnings.
func printSummary(w io.Writer, s *ingest.Summary, note string) {
	fmt.Fprintf(w, "read %d, indexed %d, updated %d, unchanged %d, duplicates %d, superseded in input %d, rejected %d  (%.1fs, %.0f articles/s; %s)\n",
		s.Read, s.Indexed, s.Updated, s.Unchanged, s.Duplicates, s.Superseded, s.Rejected, s.Seconds, s.PerSecond, note)
	const show = 20
	for i, r := range s.Rejects {
		if i == show {
			fmt.Fprintf(w, "  ... and %d more rejected (use --rejects FILE for all)\n", len(s.Rejects)-show)
			break
		}
		fmt.Fprintf(w, "  rejected %s\n", r)
	}
	for i, r := range s.Warnings {
		if i == show {
			fmt.Fprintf(w, "  ... and %d more warnings\n", len(s.Warnings)-show)
			break
		}
		fmt.Fprintf(w, "  warning %s\n", r)
	}
}
