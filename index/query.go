package index

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/internal/querystr"
)

// Query is a search request in sitrep's terms; the server and the CLI fill
// it from parameters and flags, and it is echoed back in Results.
type Query struct {
	// Text is the query string: words (all must match), "quoted phrases",
	// -excluded words, OR between alternatives, field:value and prefix*.
	Text      string   `json:"q"`
	Locations []string `json:"location,omitempty"`
	Actors    []string `json:"actor,omitempty"`
	Sources   []string `json:"source,omitempty"`
	From      string   `json:"from,omitempty"` // YYYY-MM-DD, inclusive
	To        string   `json:"to,omitempty"`   // YYYY-MM-DD, inclusive
	Sort      string   `json:"sort"`           // relevance, date, -date
	Page      int      `json:"page"`           // 1-based
	Size      int      `json:"size"`
	// Collapse shows one hit per near-duplicate cluster (default true).
	Collapse *bool `json:"collapse,omitempty"`
	// Fragments is the number of highlighted fragments per field (default 2).
	Fragments int `json:"-"`
	// NoFacets skips facet counting (e.g. for exports).
	NoFacets bool `json:"-"`
	// FacetSize is the number of values per term facet; 0 takes the
	// index's default (Options.FacetSize), at most MaxFacetSize.
	FacetSize int `json:"facet_size,omitempty"`
	// PageFacets adds what the search page shows: the place hierarchy, map
	// points, actor kinds, and date bars fitted to the matching articles.
	PageFacets bool `json:"-"`
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
	SortDateDesc  = "-date"
)

// Limits on what one query may cost.
const (
	maxQueryLen     = 1000
	maxClauses      = 32
	maxExpensive    = 4   // wildcard and fuzzy clauses per query
	maxExpansions   = 500 // words a prefix* may expand to
	minPrefixLen    = 2
	maxFuzziness    = 2
	maxFilterValues = 50
)

// The dates a search may name: the index keeps times as nanoseconds since
// 1970 in an int64 (1677 to 2262), and a range ends the day after "to".
var (
	minDate = time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)

// normalize validates q in place and fills defaults; errors wrap ErrBadQuery.
func (q *Query) normalize(opts Options) (from, to time.Time, err error) {
	q.Text = strings.TrimSpace(q.Text)
	if !utf8.ValidString(q.Text) {
		return from, to, badQuery("query is not valid UTF-8 text")
	}
	if len(q.Text) > maxQueryLen {
		return from, to, badQuery(fmt.Sprintf("query is too long (%d characters, at most %d)", len(q.Text), maxQueryLen))
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortDate, SortDateDesc:
	default:
		return from, to, badQuery(fmt.Sprintf("sort must be relevance, date or -date, not %q", q.Sort))
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Page < 1 {
		return from, to, badQuery("page must be 1 or more")
	}
	if q.Size == 0 {
		q.Size = 10
	}
	if q.Size < 0 || q.Size > opts.MaxSize {
		return from, to, badQuery(fmt.Sprintf("size must be between 1 and %d", opts.MaxSize))
	}
	// page is checked on its own first, so that page*size cannot overflow.
	if q.Page > opts.MaxOffset || (q.Page-1)*q.Size >= opts.MaxOffset {
		return from, to, badQuery(fmt.Sprintf("page too deep: results beyond the first %d are not served; narrow the search", opts.MaxOffset))
	}
	for name, vals := range map[string][]string{"location": q.Locations, "actor": q.Actors, "source": q.Sources} {
		if len(vals) > maxFilterValues {
			return from, to, badQuery(fmt.Sprintf("too many %s filters (at most %d)", name, maxFilterValues))
		}
		for _, v := range vals {
			if !utf8.ValidString(v) {
				return from, to, badQuery(fmt.Sprintf("%s filter is not valid UTF-8 text", name))
			}
		}
	}
	q.Locations, q.Actors, q.Sources = cleanValues(q.Locations), cleanValues(q.Actors), cleanValues(q.Sources)
	if from, err = parseDateParam("from", q.From); err != nil {
		return from, to, err
	}
	if to, err = parseDateParam("to", q.To); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return from, to, badQuery(fmt.Sprintf("from (%s) is after to (%s)", q.From, q.To))
	}
	if q.FacetSize < 0 || q.FacetSize > MaxFacetSize {
		return from, to, badQuery(fmt.Sprintf("facet size must be between 1 and %d", MaxFacetSize))
	}
	if q.Fragments <= 0 {
		q.Fragments = 2
	}
	return from, to, nil
}

// parseDateParam reads a YYYY-MM-DD bound between minDate and maxDate;
// "" is no bound (the zero time).
func parseDateParam(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, badQuery(fmt.Sprintf("%s must be a date as YYYY-MM-DD, not %q", name, s))
	}
	if t.Before(minDate) || t.After(maxDate) {
		return time.Time{}, badQuery(fmt.Sprintf("%s must be between %s and %s, not %s", name,
			minDate.Format(time.DateOnly), maxDate.Format(time.DateOnly), s))
	}
	return t, nil
}

// Canonicalize replaces actor and location filter values that are aliases
// ("Zelenskiy", "Kiev") by their canonical names, as the facets show them.
// The server and the CLI both call it with the extractor's lookups.
func (q *Query) Canonicalize(actor, location func(string) (string, bool)) {
	for i, v := range q.Actors {
		if c, ok := actor(v); ok {
			q.Actors[i] = c
		}
	}
	for i, v := range q.Locations {
		if c, ok := location(v); ok {
			q.Locations[i] = c
		}
	}
}

func cleanValues(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		k := strings.ToLower(v)
		if v != "" && !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// clause and group are the parsed query string (internal/querystr).
type (
	clause = querystr.Clause
	group  = querystr.Group
)

// queryFields maps the field names users type to what they search.
var queryFields = map[string]string{
	"location": fLocTxt, "locations": fLocTxt, "loc": fLocTxt, "place": fLocTxt,
	"actor": fActorTxt, "actors": fActorTxt,
	"source": fSourceTxt,
	"title":  fTitle,
	"text":   fText, "body": fText,
	"lang":    fLang,
	"dataset": fDataset,
}

// parseQueryString splits a query string into AND-ed groups of OR-ed
// clauses, and the excluded clauses; errors wrap ErrBadQuery.
func parseQueryString(s string) (groups []group, neg []clause, err error) {
	groups, neg, err = querystr.Parse(s, queryFields, querystr.Limits{
		MaxClauses: maxClauses, MaxExpensive: maxExpensive, MinPrefixLen: minPrefixLen, MaxFuzziness: maxFuzziness})
	var qe *querystr.Error
	if errors.As(err, &qe) {
		return nil, nil, badQuery(qe.Msg)
	}
	return groups, neg, err
}
