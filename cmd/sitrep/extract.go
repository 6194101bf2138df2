package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index/extract"
)

// newExtractCmd is `sitrep extract`: JSON Lines of articles in, JSON Lines of
// entities out, one line for each line, in order (see CONTRACT.md).
func newExtractCmd(a *app) *cobra.Command {
	var actorFiles []string
	cmd := &cobra.Command{
		Use:   "extract",
		Short: "Extract places, actors and dates from JSON Lines on stdin",
		Long: `Reads one JSON object a line from standard input:
  {"id": "...", "text": "...", "title": "...", "published": "2025-01-05T00:00:00Z"}
(title and published are optional; published anchors relative dates such as
"January 4", "last month" and "yesterday") and writes one line for each to
standard output, in the same order:
  {"id": "...", "locations": [...], "actors": [...], "dates": [...]}
A malformed line gives {"id": ..., "error": "..."} and the run goes on.

Actor dictionaries added with --actors use the TSV format of
index/extract/data/actors_README.md: name<TAB>kind<TAB>alias|alias|...`,
		Example: `  echo '{"id":"a1","text":"President Zelenskyy said on January 4 that North Korean troops...","published":"2025-01-05"}' | sitrep extract
  sitrep extract --actors my_actors.tsv < articles.jsonl > entities.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.load(); err != nil {
				return err
			}
			files := append(append([]string(nil), a.cfg.Extract.ActorFiles...), actorFiles...)
			ex, err := extract.New(extract.Options{ActorFiles: files})
			if err != nil {
				return err
			}
			return runExtract(cmd.Context(), ex, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringArrayVar(&actorFiles, "actors", nil, "extra actor dictionary `FILE` (TSV: name, kind, aliases); repeatable")
	return cmd
}

// extractIn is one input line.
type extractIn struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Title     string          `json:"title"`
	Published json.RawMessage `json:"published"`
}

// extractOut is one output line; the slices are never null.
type extractOut struct {
	ID        json.RawMessage    `json:"id"`
	Locations []extract.Location `json:"locations"`
	Actors    []extract.Actor    `json:"actors"`
	Dates     []extract.Date     `json:"dates"`
}

type extractErr struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// runExtract reads JSON Lines from in and writes one line of entities (or of
// error) for each to out. Only reading, writing or ctx end it early.
func runExtract(ctx context.Context, ex *extract.Extractor, in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if encErr := enc.Encode(extractLine(ex, line)); encErr != nil {
				return fmt.Errorf("extract: write: %w", encErr)
			}
			// flush when no more input is waiting, so a pipe sees each answer
			if r.Buffered() == 0 {
				if ferr := w.Flush(); ferr != nil {
					return fmt.Errorf("extract: write: %w", ferr)
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("extract: read: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("extract: write: %w", err)
	}
	return nil
}

var jsonNull = json.RawMessage("null")

// extractLine turns one input line into its output object.
func extractLine(ex *extract.Extractor, line []byte) any {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return extractErr{ID: jsonNull, Error: "empty line"}
	}
	var rec extractIn
	if err := json.Unmarshal(line, &rec); err != nil {
		return extractErr{ID: salvageID(line), Error: "malformed JSON: " + err.Error()}
	}
	id := rec.ID
	if len(id) == 0 {
		id = jsonNull
	}
	if rec.Text == nil {
		return extractErr{ID: id, Error: `missing "text"`}
	}
	var pub time.Time
	if p := bytes.TrimSpace(rec.Published); len(p) > 0 && !bytes.Equal(p, jsonNull) {
		var s string
		if p[0] == '"' {
			if err := json.Unmarshal(p, &s); err != nil {
				return extractErr{ID: id, Error: "published: " + err.Error()}
			}
		} else {
			s = string(p) // Unix time as a number
		}
		if s != "" {
			t, err := extract.ParsePublished(s)
			if err != nil {
				return extractErr{ID: id, Error: fmt.Sprintf("published: %v: %q", err, s)}
			}
			pub = t
		}
	}
	e := ex.Extract(rec.Title, *rec.Text, pub)
	o := extractOut{ID: id, Locations: e.Locations, Actors: e.Actors, Dates: e.Dates}
	if o.Locations == nil {
		o.Locations = []extract.Location{}
	}
	if o.Actors == nil {
		o.Actors = []extract.Actor{}
	}
	if o.Dates == nil {
		o.Dates = []extract.Date{}
	}
	return o
}

// salvageID returns the id of a line that is JSON but not an article
// ({"id": 3, "text": 5}), or null.
func salvageID(line []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &probe) == nil && len(probe.ID) > 0 {
		return probe.ID
	}
	return jsonNull
}
