package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/extract/eval"
)

// defaultEvalSets are the gold sets beside the project, in ../shared.
var defaultEvalSets = []string{"acled_somalia.jsonl", "cir_ukraine_2022.jsonl", "fakes_syria.jsonl"}

// newEvalCmd measures extraction against gold event sets: place recall,
// geo accuracy, event-date accuracy, actor recall and precision, location
// precision and speed, per set.
func newEvalCmd() *cobra.Command {
	var asJSON, suiteOnly bool
	var opts eval.Options
	cmd := &cobra.Command{
		Use:   "eval [FILE...]",
		Short: "Measure entity extraction against gold event sets (JSON Lines)",
		Long: `eval runs entity extraction over gold sets and prints, per set: place recall (rows whose gold
location appears in the text: is it extracted, by name or mention?), geo accuracy (of those, is
the extracted point within 25 km of the gold one?), event-date accuracy, actor recall (gold
actors named in the text), actor precision (extracted actors that are gold actors of their row;
a lower bound, as the gold lists only the event's parties), location precision (share of
extracted locations in the event's own country) and articles per second.

--rephrase measures the same events phrased otherwise than the dev set's writers phrase them
(see index/extract/eval/rephrase.go); --year keeps one year of a set.

Without FILE it reads ../shared/data/eval/{acled_somalia,cir_ukraine_2022,fakes_syria}.jsonl
relative to the project root; when ../shared is absent it says so.

It then reports the multilingual suite that ships with sitrep: sentences in Ukrainian, Russian
and Arabic with the places, actors and dates each must (and must not) give, as a pass rate per
language (--suite: the suite alone; with --json, its results as JSON).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if suiteOnly {
				return runSuite(cmd, asJSON)
			}
			files := args
			if len(files) == 0 {
				dir, ok := sharedEvalDir()
				if !ok {
					fmt.Fprintln(cmd.OutOrStdout(), "sitrep eval: ../shared/data/eval not found beside the project root; no gold sets to evaluate (give files as arguments)")
					if asJSON {
						return nil
					}
					return runSuite(cmd, false)
				}
				for _, f := range defaultEvalSets {
					files = append(files, filepath.Join(dir, f))
				}
			}
			ex, err := extract.New(extract.Options{})
			if err != nil {
				return err
			}
			var results []eval.Result
			for _, f := range files {
				res, err := eval.RunFile(cmd.Context(), ex, f, opts)
				if err != nil {
					return err
				}
				results = append(results, res)
				if !asJSON {
					eval.Format(cmd.OutOrStdout(), res)
				}
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(results)
			}
			return runSuite(cmd, false)
		},
	}
	cmd.Flags().BoolVar(&suiteOnly, "suite", false, "report only the multilingual suite (Ukrainian, Russian, Arabic sentences)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	cmd.Flags().IntVar(&opts.Limit, "limit", 0, "evaluate at most N rows of each set (0: all)")
	cmd.Flags().StringVar(&opts.Year, "year", "", "only rows whose event date is in this year (e.g. 2025), to tune on one part and check on another")
	cmd.Flags().StringVar(&opts.Rephrase, "rephrase", "", "rewrite the sets' \"(District, Region)\" location notes: bare (drop them) or comma (\", Region\" and other forms)")
	return cmd
}

// sharedEvalDir finds ../shared/data/eval beside the project root (the
// folder holding go.mod, searched upwards from the working directory).
func sharedEvalDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", "data", "eval")
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				return p, true
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", false
			}
			return "", false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// runSuite reports the multilingual suite shipped in index/extract/eval.
func runSuite(cmd *cobra.Command, asJSON bool) error {
	cases, err := eval.SuiteCases()
	if err != nil {
		return err
	}
	ex, err := extract.New(extract.Options{})
	if err != nil {
		return err
	}
	res := eval.RunSuite(ex, cases)
	if asJSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	eval.FormatSuite(cmd.OutOrStdout(), res)
	return nil
}
