// Package eval measures entity extraction against gold event sets (ACLED
// event notes, CIR geolocated events, FA-KES articles) in JSON Lines: place
// recall, geo accuracy, event-date accuracy, actor recall and precision,
// location precision and speed. The sets live outside the project (../shared); this
// package only reads them.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/extract"
)

// Row is one gold record. Fields that a set lacks stay empty.
type Row struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Text          string   `json:"text"`
	Published     string   `json:"published"`      // publication time, when the set gives one
	PublishedText string   `json:"published_text"` // FA-KES: M/D/YYYY
	EventDate     string   `json:"event_date"`
	Location      string   `json:"location"`
	Country       string   `json:"country"`
	Lat           *float64 `json:"lat"`
	Lon           *float64 `json:"lon"`
	Actors        []string `json:"actors"`
}

// Extractor is what the evaluation needs of extract.Extractor.
type Extractor interface {
	Extract(title, text string, published time.Time) extract.Entities
	CanonicalLocation(name string) (string, bool)
}

// Result holds the counts and figures of one set. A figure is -1 when the
// set gives nothing to measure it on.
type Result struct {
	Set  string `json:"set"`
	Rows int    `json:"rows"`

	PlaceRows int `json:"place_rows"` // gold location appears in the text
	PlaceHits int `json:"place_hits"` // ... and is extracted by name or mention
	GeoRows   int `json:"geo_rows"`   // place rows with gold coordinates
	GeoHits   int `json:"geo_hits"`   // ... whose extracted point is within GeoKm
	DateRows  int `json:"date_rows"`
	DateHits  int `json:"date_hits"`
	ActorRows int `json:"actor_gold"` // gold actors whose name appears in the text
	ActorHits int `json:"actor_hits"`
	// ActorsFound counts the extracted actors of rows with gold actors,
	// ActorsGold those of them that are gold actors of their row (by name,
	// mention or alias). The gold lists only the event's parties, so an
	// actor merely named in passing counts against precision too: the
	// figure is a lower bound, for comparing versions.
	ActorsFound int `json:"actors_found"`
	ActorsGold  int `json:"actors_found_gold"`
	LocTotal    int `json:"locations"`            // extracted locations, over rows with a gold country
	LocInCtry   int `json:"locations_in_country"` // ... in the event's country

	PlaceRecall       float64 `json:"place_recall"`
	GeoAccuracy       float64 `json:"geo_accuracy"`
	DateAccuracy      float64 `json:"date_accuracy"`
	ActorRecall       float64 `json:"actor_recall"`
	ActorPrecision    float64 `json:"actor_precision"`
	LocationPrecision float64 `json:"location_precision"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	Seconds           float64 `json:"extract_seconds"`
}

// GeoKm is the distance within which an extracted point counts as right.
const GeoKm = 25.0

// Options selects and rewrites the rows of a set.
type Options struct {
	// Limit > 0 stops after that many rows.
	Limit int
	// Year keeps only rows whose event date is in that year ("2025"), to
	// tune on one part of a set and check on another.
	Year string
	// Rephrase rewrites the location notes of event descriptions (see
	// Rephrase) to measure extraction on phrasings other than the set's own.
	Rephrase string
}

// RunFile evaluates ex on one JSON Lines file.
func RunFile(ctx context.Context, ex Extractor, path string, opts Options) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if opts.Rephrase != "" {
		name += "/" + opts.Rephrase
	}
	if opts.Year != "" {
		name += "/" + opts.Year
	}
	return Run(ctx, ex, name, f, opts)
}

// Run evaluates ex on the rows read from r.
func Run(ctx context.Context, ex Extractor, set string, r io.Reader, opts Options) (Result, error) {
	res := Result{Set: set}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	countryKeys := map[string]string{}
	var elapsed time.Duration
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var row Row
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return res, fmt.Errorf("eval: %s line %d: %w", set, line, err)
		}
		if opts.Year != "" && !strings.HasPrefix(row.EventDate, opts.Year) {
			continue
		}
		if opts.Rephrase != "" {
			text, err := Rephrase(row.Text, opts.Rephrase, res.Rows)
			if err != nil {
				return res, err
			}
			row.Text = text
		}
		res.Rows++
		published := publication(row)
		start := time.Now()
		ents := ex.Extract(row.Title, row.Text, published)
		elapsed += time.Since(start)
		full := row.Text
		if row.Title != "" && !strings.Contains(row.Text, row.Title) {
			full = row.Title + "\n" + row.Text
		}
		scoreRow(&res, ex, row, full, ents, countryKeys)
		if opts.Limit > 0 && res.Rows >= opts.Limit {
			break
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("eval: %s: %w", set, err)
	}
	res.Seconds = elapsed.Seconds()
	res.PlaceRecall = ratio(res.PlaceHits, res.PlaceRows)
	res.GeoAccuracy = ratio(res.GeoHits, res.GeoRows)
	res.DateAccuracy = ratio(res.DateHits, res.DateRows)
	res.ActorRecall = ratio(res.ActorHits, res.ActorRows)
	res.ActorPrecision = ratio(res.ActorsGold, res.ActorsFound)
	res.LocationPrecision = ratio(res.LocInCtry, res.LocTotal)
	if res.Seconds > 0 {
		res.ArticlesPerSecond = float64(res.Rows) / res.Seconds
	}
	return res, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return -1
	}
	return float64(a) / float64(b)
}

// publication is the row's own publication date, if it has one. The gold
// event date is never used: it is what is being measured.
func publication(row Row) time.Time {
	for _, s := range []string{row.Published, row.PublishedText} {
		if s == "" {
			continue
		}
		if t, err := extract.ParsePublished(s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func scoreRow(res *Result, ex Extractor, row Row, full string, ents extract.Entities, countryKeys map[string]string) {
	// place recall and geo accuracy
	if row.Location != "" && containsWord(full, row.Location) {
		res.PlaceRows++
		loc, ok := matchLocation(ents.Locations, row.Location)
		if ok {
			res.PlaceHits++
		}
		if row.Lat != nil && row.Lon != nil {
			res.GeoRows++
			if ok && loc.Lat != nil && loc.Lon != nil && km(*row.Lat, *row.Lon, *loc.Lat, *loc.Lon) <= GeoKm {
				res.GeoHits++
			}
		}
	}
	// event date
	if row.EventDate != "" {
		res.DateRows++
		for _, d := range ents.Dates {
			if d.Date == row.EventDate {
				res.DateHits++
				break
			}
		}
	}
	// actors
	var gold []string
	for _, a := range row.Actors {
		name := strings.TrimSpace(parenthesis.ReplaceAllString(a, ""))
		if name == "" {
			continue
		}
		gold = append(gold, name)
		if !containsWord(full, name) {
			continue
		}
		res.ActorRows++
		if matchActor(ents.Actors, name) {
			res.ActorHits++
		}
	}
	if len(gold) > 0 {
		for i := range ents.Actors {
			res.ActorsFound++
			for _, g := range gold {
				if matchActor(ents.Actors[i:i+1], g) {
					res.ActorsGold++
					break
				}
			}
		}
	}
	// location precision
	if row.Country != "" {
		want, ok := countryKeys[row.Country]
		if !ok {
			want = extract.NameKey(row.Country)
			if c, ok := ex.CanonicalLocation(row.Country); ok {
				want = extract.NameKey(c)
			}
			countryKeys[row.Country] = want
		}
		for _, l := range ents.Locations {
			res.LocTotal++
			if extract.NameKey(extract.CountryName(l.Country)) == want {
				res.LocInCtry++
			}
		}
	}
}

var parenthesis = regexp.MustCompile(`\s*\([^)]*\)`)

// matchLocation finds the extracted location that names the gold one, by
// canonical name or by a mention, preferring the most specific kind.
func matchLocation(locs []extract.Location, gold string) (extract.Location, bool) {
	k := extract.NameKey(gold)
	best, bestRank := extract.Location{}, -1
	for _, l := range locs {
		hit := nameMatches(l.Name, k)
		for _, m := range l.Mentions {
			if hit {
				break
			}
			hit = nameMatches(m, k)
		}
		if !hit {
			continue
		}
		rank := map[string]int{"place": 4, "admin2": 3, "admin1": 2, "country": 1}[l.Kind]
		if rank > bestRank {
			best, bestRank = l, rank
		}
	}
	return best, bestRank >= 0
}

// regionSuffix is a trailing word that makes a name a region: "Idlib
// province" and "Idlib Governorate" name the gold "idlib" too.
var regionSuffix = regexp.MustCompile(`(?i)\s+(governorate|province|oblast|region|state|district)$`)

func nameMatches(name, goldKey string) bool {
	if extract.NameKey(name) == goldKey {
		return true
	}
	base := regionSuffix.ReplaceAllString(name, "")
	return base != name && extract.NameKey(base) == goldKey
}

func matchActor(actors []extract.Actor, gold string) bool {
	k := actorKey(gold)
	for _, a := range actors {
		if actorKey(a.Name) == k {
			return true
		}
		for _, m := range a.Mentions {
			if actorKey(m) == k {
				return true
			}
		}
		for _, m := range a.Aliases {
			if actorKey(m) == k {
				return true
			}
		}
	}
	return false
}

func actorKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// containsWord reports whether needle occurs in text as whole words, ignoring
// case.
func containsWord(text, needle string) bool {
	t, n := strings.ToLower(text), strings.ToLower(needle)
	for from := 0; ; {
		i := strings.Index(t[from:], n)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(n)
		if (i == 0 || !isWordByte(t[i-1])) && (end == len(t) || !isWordByte(t[end])) {
			return true
		}
		from = i + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// km is the great-circle distance between two points.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// Format writes one line per figure of res, for people.
func Format(w io.Writer, res Result) {
	fig := func(v float64) string {
		if v < 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.3f", v)
	}
	fmt.Fprintf(w, "%s (%d rows)\n", res.Set, res.Rows)
	fmt.Fprintf(w, "  place recall        %s  (%d/%d rows whose gold location is in the text)\n", fig(res.PlaceRecall), res.PlaceHits, res.PlaceRows)
	fmt.Fprintf(w, "  geo accuracy @%gkm  %s  (%d/%d)\n", GeoKm, fig(res.GeoAccuracy), res.GeoHits, res.GeoRows)
	fmt.Fprintf(w, "  event-date accuracy %s  (%d/%d)\n", fig(res.DateAccuracy), res.DateHits, res.DateRows)
	fmt.Fprintf(w, "  actor recall        %s  (%d/%d gold actors named in the text)\n", fig(res.ActorRecall), res.ActorHits, res.ActorRows)
	fmt.Fprintf(w, "  actor precision     %s  (%d/%d extracted actors that are gold actors of their row)\n", fig(res.ActorPrecision), res.ActorsGold, res.ActorsFound)
	fmt.Fprintf(w, "  location precision  %s  (%d/%d extracted locations in the event's country)\n", fig(res.LocationPrecision), res.LocInCtry, res.LocTotal)
	fmt.Fprintf(w, "  speed               %.0f articles/s (%.2fs extracting)\n", res.ArticlesPerSecond, res.Seconds)
}
