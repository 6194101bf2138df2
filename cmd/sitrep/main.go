// Command sitrep indexes conflict news and serves faceted search over it.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sitrep/sitrep/config"
	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/engines"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitrep:", strings.TrimSpace(err.Error()))
		os.Exit(1)
	}
}

// app holds what every command shares: the config file, the flags that
// override config keys, and the loaded config.
type app struct {
	configFile string
	flags      map[string][]*pflag.Flag // config key -> flags of the commands that set it
	cfg        *config.Config
	log        *slog.Logger

	exOnce sync.Once // one extractor per run: its gazetteer takes a while to load
	ex     *extract.Extractor
	exErr  error
	// wait: when another process holds the index, wait for it (--wait).
	wait bool
}

func newRootCmd() *cobra.Command {
	a := &app{flags: map[string][]*pflag.Flag{}}
	root := &cobra.Command{
		Use:   "sitrep",
		Short: "Full-text search for conflict news: places, actors and dates as facets",
		Long: `sitrep indexes news articles (JSON Lines, JSON, CSV/TSV, text), extracts the places, actors
and dates they speak of, and serves faceted, highlighted search over them: a web page,
a JSON API and an embeddable widget.

Configuration: defaults < sitrep.yaml (or --config) < SITREP_* environment < flags.
Keys:
  ` + strings.Join(config.Help(), "\n  "),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "config file (default ./sitrep.yaml if present, or $SITREP_CONFIG)")
	root.PersistentFlags().String("index", "", "index directory (config index.path, default ./data/sitrep.index)")
	root.PersistentFlags().String("log-level", "", "log level: debug, info, warn, error (config log.level)")
	root.PersistentFlags().BoolVar(&a.wait, "wait", false, "when another sitrep process holds the index, wait for it to finish instead of failing (serve always waits)")
	root.PersistentFlags().String("engine", "", "where the index is: bleve (embedded, at --index) or opensearch (config index.engine)")
	root.PersistentFlags().StringSlice("opensearch-urls", nil, "OpenSearch nodes, comma-separated (config index.opensearch.urls)")
	root.PersistentFlags().String("opensearch-index", "", "OpenSearch index name (config index.opensearch.index, default sitrep)")
	a.bind("index.path", root.PersistentFlags().Lookup("index"))
	a.bind("index.engine", root.PersistentFlags().Lookup("engine"))
	a.bind("index.opensearch.urls", root.PersistentFlags().Lookup("opensearch-urls"))
	a.bind("index.opensearch.index", root.PersistentFlags().Lookup("opensearch-index"))
	a.bind("log.level", root.PersistentFlags().Lookup("log-level"))

	root.AddCommand(
		newIngestCmd(a),
		newSearchCmd(a),
		newServeCmd(a),
		newDemoCmd(a),
		newStatsCmd(a),
	)
	for _, c := range extraCommands(a) {
		root.AddCommand(c)
	}
	return root
}

// bind ties a flag to a config key; several commands may bind the same key
// (serve --addr and demo --addr), and the flag that was set wins.
func (a *app) bind(key string, f *pflag.Flag) { a.flags[key] = append(a.flags[key], f) }

// flagSet reports whether any flag bound to key was given.
func (a *app) flagSet(key string) bool {
	for _, f := range a.flags[key] {
		if f != nil && f.Changed {
			return true
		}
	}
	return false
}

// load reads the configuration once flags are parsed.
func (a *app) load() error {
	set := map[string]*pflag.Flag{}
	for key, fs := range a.flags {
		for _, f := range fs {
			if f != nil && f.Changed {
				set[key] = f
			}
		}
	}
	cfg, err := config.Load(a.configFile, set)
	if err != nil {
		return err
	}
	a.cfg = cfg
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	hopts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		a.log = slog.New(slog.NewJSONHandler(os.Stderr, hopts))
	} else {
		a.log = slog.New(slog.NewTextHandler(os.Stderr, hopts))
	}
	return nil
}

func (a *app) indexOptions() index.Options {
	return index.Options{MaxSize: a.cfg.Search.MaxSize, FacetSize: a.cfg.Search.FacetSize, Entities: a.queryEntities,
		CacheBytes: a.cfg.Search.CacheBytes}
}

// queryEntities reads the places and actors a query word names with the
// extractor, as ingest reads an article, so that a search for "Kiev" also
// finds the articles about Kyiv. The extractor loads on the first word.
func (a *app) queryEntities(text string) ([]index.Location, []index.Actor) {
	ex, err := a.extractor()
	if err != nil {
		return nil, nil
	}
	var art index.Article
	ingest.Annotate(&art, ex.Extract("", text, time.Time{}))
	return art.Locations, art.Actors
}

// openIndex opens the index at path. When another process holds it, it
// fails at once naming that process, or with wait logs that it waits and
// waits until the holder is done or ctx ends (SIGTERM).
func (a *app) openIndex(ctx context.Context, path string, wait bool) (*index.Index, error) {
	return a.openIndexWith(ctx, path, wait, nil)
}

// openIndexWith is openIndex with options adjusted by set (nil: none).
func (a *app) openIndexWith(ctx context.Context, path string, wait bool, set func(*index.Options)) (*index.Index, error) {
	opts := a.indexOptions()
	opts.Wait = wait
	if set != nil {
		set(&opts)
	}
	start := time.Now()
	waited := false
	opts.OnWait = func(pid int) {
		waited = true
		holder := "another process"
		if pid > 0 {
			holder = fmt.Sprintf("pid %d", pid)
		}
		a.log.Warn("index in use by "+holder+"; waiting for it to finish (SIGTERM stops the wait)", "index", path, "pid", pid)
	}
	ix, err := index.OpenContext(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	if waited {
		a.log.Info("index free: opened", "index", path, "waited", time.Since(start).Round(time.Millisecond))
	}
	if ix.ReadOnly() {
		a.log.Warn("index folder is not writable: opened read-only, writes will fail", "index", path)
	}
	return ix, nil
}

// remote reports whether the configuration puts the index on a cluster.
func (a *app) remote() bool { return a.cfg.Index.Engine == config.EngineOpenSearch }

// openRemote opens the configured index on an OpenSearch cluster, creating
// it when create is set.
func (a *app) openRemote(ctx context.Context, create bool) (index.Engine, error) {
	o := a.cfg.Index.OpenSearch
	s := engines.OpenSearch{URLs: o.URLs, Index: o.Index, Shards: o.Shards, Replicas: o.Replicas,
		User: o.User, Password: o.Password, CAFile: o.CAFile, Insecure: o.Insecure}
	return engines.OpenOpenSearch(ctx, s, a.indexOptions(), create, a.log)
}

// openExisting loads the configuration and opens the configured index,
// failing when there is none.
func (a *app) openExisting(ctx context.Context) (index.Engine, error) {
	if err := a.load(); err != nil {
		return nil, err
	}
	if a.remote() {
		return a.openRemote(ctx, false)
	}
	p := a.cfg.Index.Path
	if !index.Exists(p) {
		return nil, fmt.Errorf("no index at %s: run `sitrep ingest FILE...` first, or `sitrep demo`", p)
	}
	return a.openIndex(ctx, p, a.wait)
}

func (a *app) extractor() (*extract.Extractor, error) {
	a.exOnce.Do(func() {
		a.ex, a.exErr = extract.New(extract.Options{ActorFiles: a.cfg.Extract.ActorFiles})
	})
	return a.ex, a.exErr
}
