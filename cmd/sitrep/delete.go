package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index"
)

func newDeleteCmd(a *app) *cobra.Command {
	var (
		q       string
		jsonOut bool
	)
	cmd := &cobra.Command{
		Use:   "delete [flags] [ID...]",
		Short: "Delete articles by id, or every article a query matches",
		Long: `Deletes articles from the index by id, or with --query every article the query matches
(the same syntax as sitrep search; near-duplicates included). Prints what it deleted; ids
that are not in the index are listed as not found.`,
		Example: `  sitrep delete bbc:67067595 u3f2a9c1d
  sitrep delete --query 'source:"Example Wire"'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && q == "" {
				return fmt.Errorf("delete: name article ids or give --query")
			}
			ix, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			ctx := cmd.Context()
			res := deleteResult{NotFound: []string{}}
			for _, id := range args {
				n, err := ix.Delete(ctx, []string{id})
				if err != nil {
					return err
				}
				if n == 0 {
					res.NotFound = append(res.NotFound, id)
				}
				res.Deleted += n
			}
			if q != "" {
				n, err := deleteQuery(ctx, ix, q)
				res.Deleted += n
				if err != nil {
					return err
				}
			}
			if jsonOut {
				return json.NewEncoder(cmd.OutOrStdout()).Encode(res)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deleted %d\n", res.Deleted)
			for _, id := range res.NotFound {
				fmt.Fprintf(cmd.OutOrStdout(), "  not found: %s\n", id)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&q, "query", "", "delete every article this query matches")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the result as JSON")
	return cmd
}

type deleteResult struct {
	Deleted  int      `json:"deleted"`
	NotFound []string `json:"not_found"`
}

// deleteQuery deletes the matches of q a page at a time until none is left.
func deleteQuery(ctx context.Context, ix index.Engine, text string) (int, error) {
	expand := false
	total := 0
	for round := 0; round < 100000; round++ {
		res, err := ix.Search(ctx, index.Query{Text: text, Size: 100, Collapse: &expand, NoFacets: true, Sort: index.SortDate})
		if err != nil {
			return total, err
		}
		if len(res.Hits) == 0 {
			return total, nil
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		n, err := ix.Delete(ctx, ids)
		total += n
		if err != nil {
			return total, err
		}
		if n == 0 {
			return total, fmt.Errorf("delete: matches of %q could not be deleted", text)
		}
	}
	return total, nil
}
