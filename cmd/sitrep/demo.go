package main

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

// demoArticles are the shippable sample articles (see demodata/ATTRIBUTION.md).
//
//go:embed demodata/articles.jsonl.gz
var demoArticles []byte

const defaultDemoIndex = "./data/demo.index"

func newDemoCmd(a *app) *cobra.Command {
	var noServe bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build an index of the bundled sample articles (first run only) and serve it",
		Long: `Indexes the 655 sample articles shipped inside sitrep (Ukrainian officials' addresses,
Kremlin and Ukrainian presidential releases of 2021-2022, and a January 2025 news article on
the Kursk fighting) into ./data/demo.index unless --index is given, then serves it like
` + "`sitrep serve`" + `. The index is built on the first start and rebuilt when the samples change.`,
		Example: "  sitrep demo\n  sitrep demo --addr 127.0.0.1:9000",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.load(); err != nil {
				return err
			}
			path := a.cfg.Index.Path
			if !a.flagSet("index.path") && os.Getenv("SITREP_INDEX_PATH") == "" {
				path = defaultDemoIndex
			}
			a.cfg.Index.Path = path
			ix, err := a.buildDemo(cmd, path)
			if err != nil {
				return err
			}
			defer ix.Close()
			if noServe {
				return nil
			}
			return a.serve(cmd.Context(), ix, cmd.OutOrStdout())
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr, default 127.0.0.1:8080)")
	cmd.Flags().BoolVar(&noServe, "build-only", false, "build the demo index and exit")
	a.bind("server.addr", cmd.Flags().Lookup("addr"))
	return cmd
}

// buildDemo indexes the sample articles unless the index at path was built
// from the same samples.
func (a *app) buildDemo(cmd *cobra.Command, path string) (*index.Index, error) {
	sum := sha256.Sum256(append([]byte(index.MappingVersion+"\n"), demoArticles...))
	stamp := hex.EncodeToString(sum[:8])
	stampFile := filepath.Join(path, "sitrep-demo.stamp")
	if b, err := os.ReadFile(stampFile); err == nil && string(b) == stamp && index.Exists(path) {
		return index.Open(path, a.indexOptions())
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("demo: clear %s: %w", path, err)
	}
	start := time.Now()
	fmt.Fprintf(cmd.OutOrStdout(), "building the demo index at %s ...\n", path)
	ix, err := index.Open(path, a.indexOptions())
	if err != nil {
		return nil, err
	}
	ex, err := a.extractor()
	if err != nil {
		ix.Close()
		return nil, err
	}
	tmp, err := os.CreateTemp("", "sitrep-demo-*.jsonl.gz")
	if err != nil {
		ix.Close()
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(demoArticles); err != nil {
		tmp.Close()
		ix.Close()
		return nil, err
	}
	tmp.Close()
	s, err := ingest.Run(cmd.Context(), ix, []string{tmp.Name()}, ingest.Options{
		Format: ingest.FormatJSONL, Extractor: ex, BatchSize: a.cfg.Ingest.BatchSize, Workers: a.cfg.Ingest.Workers,
		Progress: progressReporter(cmd.ErrOrStderr(), false),
	})
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
		ix.Close()
		return nil, err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "indexed %d articles in %.1fs\n", s.Indexed+s.Updated+s.Unchanged, time.Since(start).Seconds())
	return ix, nil
}
