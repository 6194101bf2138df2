package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/internal/scan"
)

// Stats describes an index.
type Stats struct {
	Documents uint64       `json:"documents"`
	SizeBytes int64        `json:"size_bytes"`
	Earliest  string       `json:"earliest,omitempty"`
	Latest    string       `json:"latest,omitempty"`
	Locations []FacetValue `json:"top_locations"`
	Actors    []FacetValue `json:"top_actors"`
	Sources   []FacetValue `json:"top_sources"`
}

// Stats counts documents and returns the top facet values and date range.
func (ix *Index) Stats(ctx context.Context, top int) (*Stats, error) {
	n, err := ix.b.DocCount()
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	counts, err := ix.termCounts(ctx, fLoc, fActor, fSource)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	span, err := ix.dateSpan()
	if err != nil {
		return nil, err
	}
	st := &Stats{
		Documents: n, SizeBytes: ix.SizeBytes(),
		Locations: topCounts(counts[fLoc], top),
		Actors:    topCounts(counts[fActor], top),
		Sources:   topCounts(counts[fSource], top),
	}
	if !span.min.IsZero() {
		st.Earliest = span.min.Format(time.RFC3339)
		st.Latest = span.max.Format(time.RFC3339)
	}
	return st, nil
}

// Suggestion is an autocompletion candidate.
type Suggestion struct {
	Value string `json:"value"`
	Kind  string `json:"kind"` // location or actor
	Count int    `json:"count"`
}

// Suggest returns location and actor names that start with prefix (any
// case, also at a later word: "oblast" does not match but "kur" finds
// "Kursk Oblast"), most frequent first.
func (ix *Index) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return []Suggestion{}, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	out := []Suggestion{}
	for _, dim := range []struct{ field, kind string }{{fLoc, "location"}, {fActor, "actor"}} {
		d, err := ix.b.FieldDict(dim.field)
		if err != nil {
			return nil, fmt.Errorf("suggest: %w", err)
		}
		for {
			if err := ctx.Err(); err != nil {
				d.Close()
				return nil, err
			}
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("suggest: %w", err)
			}
			if e == nil {
				break
			}
			if matchesPrefix(e.Term, prefix) {
				out = append(out, Suggestion{Value: e.Term, Kind: dim.kind, Count: int(e.Count)})
			}
		}
		d.Close()
	}
	return RankSuggestions(out, prefix, limit), nil
}

func matchesPrefix(term, prefix string) bool {
	lt := strings.ToLower(term)
	if strings.HasPrefix(lt, prefix) {
		return true
	}
	for i := 0; i < len(lt); i++ {
		if lt[i] == ' ' && strings.HasPrefix(lt[i+1:], prefix) {
			return true
		}
	}
	return false
}

// termCounts counts the live articles of each term of fields, from the
// postings: no doc values are kept for them (the scan reads its facets from
// the postings too).
func (ix *Index) termCounts(ctx context.Context, fields ...string) (map[string]map[string]int, error) {
	snap, release, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer release()
	out := map[string]map[string]int{}
	for _, f := range fields {
		m := map[string]int{}
		for _, ss := range snap.Segments() {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			err := scan.TermCounts(ss.Segment(), f, ss.Deleted(), func(term string, n uint64) { m[term] += int(n) })
			if err != nil {
				return nil, err
			}
		}
		out[f] = m
	}
	return out, nil
}

// topCounts is the top values of counts, most frequent first, then by
// value.
func topCounts(counts map[string]int, top int) []FacetValue {
	out := make([]FacetValue, 0, len(counts))
	for v, n := range counts {
		out = append(out, FacetValue{Value: v, Count: n})
	}
	out = sortFacet(out)
	if top >= 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// sortFacet orders facet values: most frequent first, then by value.
func sortFacet(out []FacetValue) []FacetValue {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}
