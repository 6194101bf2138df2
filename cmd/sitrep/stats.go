package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index"
)

func newStatsCmd(a *app) *cobra.Command {
	var (
		jsonOut bool
		top     int
	)
	cmd := &cobra.Command{
		Use:     "stats",
		Short:   "Show documents, index size, top locations/actors/sources and the date range",
		Example: "  sitrep stats\n  sitrep stats --json --top 20",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			st, err := ix.Stats(cmd.Context(), top)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			fmt.Fprintf(w, "index:      %s\ndocuments:  %d\nsize:       %.1f MB\n", ix.Path(), st.Documents, float64(st.SizeBytes)/1e6)
			if st.Earliest != "" {
				fmt.Fprintf(w, "published:  %s … %s\n", st.Earliest[:10], st.Latest[:10])
			}
			list := func(name string, vals []index.FacetValue) {
				var parts []string
				for _, v := range vals {
					parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
				}
				fmt.Fprintf(w, "%-11s %s\n", name+":", strings.Join(parts, ", "))
			}
			list("locations", st.Locations)
			list("actors", st.Actors)
			list("sources", st.Sources)
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print as JSON")
	cmd.Flags().IntVar(&top, "top", 10, "how many top values per facet")
	return cmd
}
