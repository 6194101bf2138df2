package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index"
)

func newSearchCmd(a *app) *cobra.Command {
	var (
		q        index.Query
		jsonOut  bool
		collapse bool
	)
	cmd := &cobra.Command{
		Use:   "search [flags] [QUERY]",
		Short: "Search the index and print ranked, highlighted hits",
		Long: `Searches the index. Several words must all match; "quoted phrases"; -word excludes;
a OR b; field:value for location, actor, source, title, text, lang, dataset; prefix*.
No query (or '') lists every article the filters allow.`,
		Example: `  sitrep search Makhnovka
  sitrep search '"North Korean infantry" -Pyongyang'
  sitrep search --location "Kursk Oblast" --from 2025-01-01 --sort -date
  sitrep search --json 'actor:"Volodymyr Zelensky"'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				q.Text = args[0]
			}
			if cmd.Flags().Changed("collapse") {
				q.Collapse = &collapse
			}
			ix, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			// Aliases in filters ("Kiev") name the canonical entity. The
			// gazetteer behind that takes a while to load: only filters
			// need it here (query words reach it through the index's
			// Entities option, on the first word).
			if len(q.Locations)+len(q.Actors) > 0 {
				if ex, err := a.extractor(); err == nil {
					q.Canonicalize(ex.CanonicalActor, ex.CanonicalLocation)
				}
			}
			res, err := ix.Search(cmd.Context(), q)
			if err != nil {
				return err
			}
			if jsonOut {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printResults(cmd.OutOrStdout(), res)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&q.Locations, "location", nil, "only articles about this place (repeatable: any of them)")
	f.StringArrayVar(&q.Actors, "actor", nil, "only articles naming this actor (repeatable: any of them)")
	f.StringArrayVar(&q.Sources, "source", nil, "only articles from this source (repeatable)")
	f.StringVar(&q.From, "from", "", "published on or after this date (YYYY-MM-DD)")
	f.StringVar(&q.To, "to", "", "published on or before this date (YYYY-MM-DD)")
	f.StringVar(&q.Sort, "sort", "relevance", "relevance, date (oldest first) or -date (newest first)")
	f.IntVar(&q.Size, "size", 10, "hits per page (at most search.max_size)")
	f.IntVar(&q.Page, "page", 1, "page number")
	f.BoolVar(&jsonOut, "json", false, "print the same JSON as /api/search")
	f.BoolVar(&collapse, "collapse", true, "one hit per group of near-duplicate articles (--collapse=false lists them all)")
	return cmd
}

var reMark = regexp.MustCompile(`</?mark>`)

func printResults(w io.Writer, r *index.Results) {
	fmt.Fprintf(w, "%d articles (%.1f ms)\n\n", r.Total, r.TookMS)
	for i, h := range r.Hits {
		date := ""
		if len(h.Published) >= 10 {
			date = h.Published[:10]
		}
		fmt.Fprintf(w, "%d. %s\n   %s  %s  %s\n", (r.Query.Page-1)*r.Query.Size+i+1, h.Title, date, h.Source, h.ID)
		for _, fr := range h.Highlights["text"] {
			fmt.Fprintf(w, "   … %s …\n", strings.TrimSpace(reMark.ReplaceAllStringFunc(unescape(fr), func(m string) string {
				if m == "<mark>" {
					return "\x1b[1m"
				}
				return "\x1b[0m"
			})))
		}
		for _, m := range h.Matched {
			fmt.Fprintf(w, "   names %s (%s) for %q\n", m.Name, m.Kind, m.Query)
		}
		if len(h.Locations) > 0 {
			fmt.Fprintf(w, "   places: %s\n", strings.Join(h.Locations, ", "))
		}
		if len(h.Actors) > 0 {
			fmt.Fprintf(w, "   actors: %s\n", strings.Join(h.Actors, ", "))
		}
		fmt.Fprintln(w)
	}
	printFacet := func(name string, vals []index.FacetValue) {
		if len(vals) == 0 {
			return
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
		}
		fmt.Fprintf(w, "%s: %s\n", name, strings.Join(parts, ", "))
	}
	printFacet("locations", r.Facets.Locations)
	printFacet("actors", r.Facets.Actors)
	printFacet("sources", r.Facets.Sources)
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}
