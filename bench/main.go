// Command bench measures sitrep against plain Bleve and SQLite FTS5 on a
// corpus generated from ../shared, and load-tests `sitrep serve` while
// articles are written to it (ingest-load). It is a module of its own so
// that the peers it links (SQLite, Bleve with its default mapping) stay out
// of the sitrep binary; the harness is in internal/harness.
//
//	make bench ARGS='--articles 100000'        # from the project's root
//	cd bench && go run . --articles 100000
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	bench "github.com/sitrep/sitrep/bench/internal/harness"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newBenchCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", strings.TrimSpace(err.Error()))
		os.Exit(1)
	}
}

// noCorpus says what a run without ../shared lacks.
func noCorpus(err error) error {
	if errors.Is(err, bench.ErrNoCorpus) {
		return fmt.Errorf("bench needs the shared corpus beside the project: %w", err)
	}
	return err
}

// sitrepServe is the `sitrep serve` command the HTTP measurements run: the
// binary at path, or else one built from the project into work.
func sitrepServe(ctx context.Context, path, work string, log io.Writer) ([]string, error) {
	if path == "" {
		if err := os.MkdirAll(work, 0o755); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "building sitrep into %s (--sitrep names a binary instead)\n", work)
		var err error
		if path, err = bench.BuildSitrep(ctx, work); err != nil {
			return nil, err
		}
	}
	return []string{path, "serve"}, nil
}

func newBenchCmd() *cobra.Command {
	var o bench.Options
	var seed uint64
	var sitrep string
	cmd := &cobra.Command{
		Use:           "bench",
		Short:         "Benchmark sitrep against plain Bleve and SQLite FTS5 on a corpus generated from ../shared",
		SilenceUsage:  true,
		SilenceErrors: true,
		Long: `Generates a corpus of --articles synthetic articles by recombining the sentences of the real
articles in ../shared/data/corpus/articles.en.jsonl (seeded: the same seed gives the same corpus),
draws a query set of --queries queries from them, and measures sitrep, plain Bleve (default
mapping, English analyzer) and SQLite FTS5 side by side: ingest rate (index only, and end to end
with entity extraction), index size, peak memory (each engine ingests in a child process of its
own), cold open, full-request latency per query class, and HTTP throughput against a real
` + "`sitrep serve`" + ` (--sitrep, or built from the project). Writes a markdown report, chart.svg
and results.json to --out.

The real articles may not be shipped with the project: without ../shared this command says so
and stops. Indexes are kept in --work between runs.`,
		Example: `  make bench                                                # 20,000 articles, a few minutes
  make bench ARGS='--real --out docs/performance/real'      # the real articles as they are
  make bench ARGS='--articles 1000000 --e2e-articles 100000 --out docs/performance'
  cd bench && go run . --articles 100000                    # the same without make`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			self, err := os.Executable()
			if err != nil {
				return err
			}
			o.Seed = seed
			o.Self = []string{self}
			o.Log = cmd.ErrOrStderr()
			if _, err := bench.FindCorpus(o.Corpus); err != nil {
				return noCorpus(err)
			}
			if o.Serve, err = sitrepServe(cmd.Context(), sitrep, o.Work, o.Log); err != nil {
				return err
			}
			res, err := bench.Run(cmd.Context(), o)
			if err != nil {
				return noCorpus(err)
			}
			bench.Markdown(cmd.OutOrStdout(), res)
			return nil
		},
	}
	cmd.CompletionOptions.DisableDefaultCmd = true
	f := cmd.Flags()
	f.IntVar(&o.Articles, "articles", 20000, "articles in the generated corpus")
	f.IntVar(&o.E2EArticles, "e2e-articles", 0, "articles for the end-to-end ingest with extraction (default: --articles)")
	f.Uint64Var(&seed, "seed", 1, "generator and query-set seed")
	f.IntVar(&o.Queries, "queries", 240, "queries in the query set (at least 200)")
	f.IntVar(&o.Rounds, "rounds", 2, "measured passes over the query set")
	f.StringSliceVar(&o.Engines, "engines", bench.Engines, "engines to measure")
	f.StringVar(&o.Corpus, "corpus", "", "real articles to recombine (default ../shared/data/corpus/articles.en.jsonl)")
	f.StringVar(&o.Work, "work", filepath.Join(os.TempDir(), "sitrep-bench"), "working folder for the indexes")
	f.StringVar(&o.Out, "out", "", "folder for README.md, chart.svg and results.json (e.g. docs/performance)")
	f.BoolVar(&o.Reuse, "reuse", false, "reuse the indexes and figures of an earlier run with the same --articles and --seed")
	f.StringSliceVar(&o.Redo, "redo", nil, "with --reuse: measure these engines again")
	f.StringSliceVar(&o.Requery, "requery", nil, "with --reuse: measure these engines' queries again on their kept indexes")
	f.StringSliceVar(&o.SkipQuery, "skip-query", nil, "engines whose queries are not measured (too slow for the time at hand)")
	f.BoolVar(&o.Real, "real", false, "the real articles themselves, each once, instead of a generated corpus (--articles is ignored)")
	f.IntVar(&o.Clients, "clients", 8, "concurrent HTTP clients")
	f.Float64Var(&o.HTTPSeconds, "http-seconds", 20, "seconds of HTTP load")
	cmd.PersistentFlags().StringVar(&sitrep, "sitrep", "", "the sitrep binary whose serve is load-tested (default: built from the project into --work)")
	cmd.AddCommand(newBenchChildCmd("ingest-child"), newBenchChildCmd("query-child"), newBenchIngestLoadCmd(&sitrep))
	return cmd
}

// newBenchIngestLoadCmd is the load test of searches while articles are
// written: it stops by itself after --seconds.
func newBenchIngestLoadCmd(sitrep *string) *cobra.Command {
	var o bench.IngestLoadOptions
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "ingest-load",
		Short: "Load-test sitrep serve with concurrent searches while articles are posted to it",
		Long: `Builds (once, kept in --work) an index of --articles articles generated from the shared
corpus, starts a real ` + "`sitrep serve`" + ` on it with writes enabled, and for --seconds runs
--clients concurrent searchers (the /api/search defaults: facets, and highlighting for text
queries) while one writer posts new articles in batches of --batch to POST /api/articles
(entity extraction on the server). Reports requests/s, latency percentiles and errors of the
searches, the write rate, and whether the match-all total only grew and ended at the start
plus what was written. Bleve's index lock lets one process write, so writes go through the
server: a separate ` + "`sitrep ingest`" + ` would wait for the server to stop.`,
		Example: `  make bench ARGS='ingest-load --articles 100000 --clients 16 --seconds 60'
  cd bench && go run . ingest-load --articles 100000 --clients 16 --seconds 60`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			self, err := os.Executable()
			if err != nil {
				return err
			}
			o.Self, o.Log = []string{self}, cmd.ErrOrStderr()
			if _, err := bench.FindCorpus(o.Corpus); err != nil {
				return noCorpus(err)
			}
			if o.Serve, err = sitrepServe(cmd.Context(), *sitrep, o.Work, o.Log); err != nil {
				return err
			}
			res, err := bench.IngestLoad(cmd.Context(), o)
			if err != nil {
				return noCorpus(err)
			}
			if jsonOut {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printIngestLoad(cmd.OutOrStdout(), res)
			if res.Load.Errors > 0 || res.WriteErrors > 0 || !res.Consistent() {
				return fmt.Errorf("ingest-load: %d search errors, %d write errors, totals consistent: %v", res.Load.Errors, res.WriteErrors, res.Consistent())
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Articles, "articles", 100000, "articles in the index before the run")
	f.IntVar(&o.Clients, "clients", 16, "concurrent searchers")
	f.Float64Var(&o.Seconds, "seconds", 30, "seconds of load")
	f.IntVar(&o.Batch, "batch", 100, "articles per POST")
	f.IntVar(&o.Queries, "queries", 240, "queries in the query set (at least 200)")
	f.Uint64Var(&o.Seed, "seed", 1, "generator and query-set seed")
	f.StringVar(&o.Corpus, "corpus", "", "real articles to recombine (default ../shared/data/corpus/articles.en.jsonl)")
	f.StringVar(&o.Work, "work", filepath.Join(os.TempDir(), "sitrep-bench"), "working folder for the index")
	f.BoolVar(&jsonOut, "json", false, "print the figures as JSON")
	return cmd
}

func printIngestLoad(w io.Writer, r *bench.IngestLoadResult) {
	l := r.Load
	fmt.Fprintf(w, "searches: %d clients, %.1f s, %d requests, %.1f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d\n",
		l.Clients, l.Seconds, l.Requests, l.PerSecond, l.P50, l.P95, l.P99, l.Max, l.Errors)
	if l.FirstErr != "" {
		fmt.Fprintf(w, "  first search error: %s\n", l.FirstErr)
	}
	fmt.Fprintf(w, "writes:   %d batches, %d articles indexed, %.1f articles/s, errors %d\n", r.Batches, r.Written, r.WrittenPerS, r.WriteErrors)
	if r.FirstWriteErr != "" {
		fmt.Fprintf(w, "  first write error: %s\n", r.FirstWriteErr)
	}
	fmt.Fprintf(w, "totals:   %d before, %d after (+%d written), %d checks, %d decreases: consistent %v\n",
		r.TotalBefore, r.TotalAfter, r.Written, r.TotalChecks, r.TotalDecrease, r.Consistent())
}

// newBenchChildCmd is a child process of bench: it prints its
// result as JSON on stdout.
func newBenchChildCmd(name string) *cobra.Command {
	var o bench.ChildOptions
	cmd := &cobra.Command{
		Use:    name,
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var res any
			var err error
			start := time.Now()
			if name == "ingest-child" {
				res, err = bench.IngestChild(cmd.Context(), o)
			} else {
				res, err = bench.QueryChild(cmd.Context(), o)
			}
			if err != nil {
				return fmt.Errorf("%s %s after %s: %w", name, o.Engine, time.Since(start).Round(time.Second), err)
			}
			return json.NewEncoder(cmd.OutOrStdout()).Encode(res)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Engine, "engine", "", "sitrep, bleve or fts5")
	f.StringVar(&o.Dir, "dir", "", "index folder")
	f.StringVar(&o.Corpus, "corpus", "", "real articles")
	f.StringVar(&o.Cache, "cache", "", "entity cache")
	f.Uint64Var(&o.Seed, "seed", 1, "seed")
	f.IntVar(&o.Articles, "articles", 0, "articles")
	f.BoolVar(&o.Extract, "extract", false, "end to end with extraction")
	f.IntVar(&o.Batch, "batch", 1000, "articles per batch")
	f.StringVar(&o.Queries, "queries", "", "query set file")
	f.IntVar(&o.Rounds, "rounds", 2, "measured passes")
	f.BoolVar(&o.Real, "real", false, "the real articles instead of generated ones")
	f.IntVar(&o.ScanWorkers, "scan-workers", 0, "sitrep: ranges of documents scanned in parallel per search (0: one per core)")
	return cmd
}
