package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/config"
	"github.com/sitrep/sitrep/index"
)

func newReindexCmd(a *app) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "reindex --from SRC --to DST",
		Short: "Move an index between the embedded engine and an OpenSearch cluster",
		Long: `Copies every article of one index into another, without extracting again: the stored
entities and near-duplicate clusters move as they are. SRC and DST are each "opensearch"
(the cluster and index of index.opensearch.*) or an index directory of the embedded engine.
The destination is created when it does not exist; articles already in it are replaced
by id.`,
		Example: `  sitrep reindex --from ./data/sitrep.index --to opensearch
  SITREP_INDEX_OPENSEARCH_URLS=http://10.0.0.5:9200 sitrep reindex --from opensearch --to ./copy.index`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.load(); err != nil {
				return err
			}
			if from == "" || to == "" {
				return fmt.Errorf("reindex: give both --from and --to (a directory or opensearch)")
			}
			if from == to {
				return fmt.Errorf("reindex: --from and --to are the same index")
			}
			ctx := cmd.Context()
			src, err := a.openNamed(ctx, from, false)
			if err != nil {
				return err
			}
			defer src.Close()
			scan, ok := src.(index.Scanner)
			if !ok {
				return fmt.Errorf("reindex: %s cannot be read back", src.Path())
			}
			dst, err := a.openNamed(ctx, to, true)
			if err != nil {
				return err
			}
			defer dst.Close()
			start := time.Now()
			n := 0
			err = scan.Scan(ctx, a.cfg.Ingest.BatchSize, func(arts []*index.Article) error {
				if err := dst.Apply(ctx, arts, nil); err != nil {
					return err
				}
				n += len(arts)
				return nil
			})
			if err != nil {
				return fmt.Errorf("reindex after %d articles: %w", n, err)
			}
			have, err := dst.Count()
			if err != nil {
				return err
			}
			secs := time.Since(start).Seconds()
			fmt.Fprintf(cmd.OutOrStdout(), "reindexed %d articles from %s to %s (%.1fs, %.0f articles/s; destination holds %d)\n",
				n, src.Path(), dst.Path(), secs, float64(n)/max(secs, 1e-9), have)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "source: an index directory, or opensearch")
	cmd.Flags().StringVar(&to, "to", "", "destination: an index directory, or opensearch")
	return cmd
}

// openNamed opens "opensearch" (the configured cluster index) or the
// embedded index in a directory; create makes a missing one.
func (a *app) openNamed(ctx context.Context, name string, create bool) (index.Engine, error) {
	if name == config.EngineOpenSearch {
		return a.openRemote(ctx, create)
	}
	if !create && !index.Exists(name) {
		return nil, fmt.Errorf("no index at %s", name)
	}
	if create {
		if err := config.CheckWritable(name); err != nil {
			return nil, err
		}
	}
	if !create {
		// the source may have been built by an older sitrep: reading it
		// back is how it is rebuilt
		return a.openIndexWith(ctx, name, a.wait, func(o *index.Options) { o.AnyMapping = true })
	}
	return a.openIndex(ctx, name, a.wait)
}
