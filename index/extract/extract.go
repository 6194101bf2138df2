package extract

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index/extract/internal/actors"
	"github.com/sitrep/sitrep/index/extract/internal/dates"
	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// Location is one place an article speaks of, resolved against the gazetteer.
// Name is the canonical English form; Mentions are the exact strings found.
type Location struct {
	Name      string   `json:"name"`
	Country   string   `json:"country"`          // ISO 3166-1 alpha-2
	Admin1    string   `json:"admin1"`           // first-level region, e.g. "Kursk Oblast"
	Admin2    string   `json:"admin2"`           // district where known
	Lat       *float64 `json:"lat,omitempty"`    // omitted when unknown
	Lon       *float64 `json:"lon,omitempty"`    // omitted when unknown
	GeonameID int      `json:"geonameid"`        // 0 for places the gazetteer lacks
	Approx    bool     `json:"approx,omitempty"` // point borrowed from the enclosing region
	// Kind is "country", "admin1", "admin2" or "place".
	Kind     string   `json:"kind,omitempty"`
	Mentions []string `json:"mentions"`
}

// Path is the hierarchy from the place itself up to its country, as names
// (e.g. Makhnovka, Kursk Oblast, Russia), so that a filter on any level finds it.
func (l Location) Path() []string {
	out := []string{l.Name}
	add := func(s string) {
		if s == "" {
			return
		}
		for _, have := range out {
			if have == s {
				return
			}
		}
		out = append(out, s)
	}
	add(l.Admin2)
	add(l.Admin1)
	add(CountryName(l.Country))
	return out
}

// Actor is a person, army, armed group, government or organisation.
// Name is canonical; Kind is one of person, military, armed_group, government,
// organization, group.
type Actor struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"-"` // every known alias, for free-text matching of the canonical actor
	Mentions []string `json:"mentions"`
}

// Date is a date the text speaks of: YYYY-MM-DD, or YYYY-MM / YYYY when the
// text gives only that.
type Date struct {
	Date    string `json:"date"`
	Mention string `json:"mention"`
}

// Entities is everything extracted from one article.
type Entities struct {
	Locations []Location `json:"locations"`
	Actors    []Actor    `json:"actors"`
	Dates     []Date     `json:"dates"`
}

// Options configures an Extractor.
type Options struct {
	// ActorFiles are extra actor dictionaries (same format as the embedded one).
	ActorFiles []string
}

// Extractor finds places, actors and dates in text. It is safe for concurrent use.
type Extractor struct {
	places *placeFinder
	actors *actors.Finder
	words  sync.Pool // *words.Tokenizer
}

// New loads the embedded gazetteer and actor dictionary (plus opts.ActorFiles).
func New(opts Options) (*Extractor, error) {
	p, err := newPlaceFinder()
	if err != nil {
		return nil, fmt.Errorf("extract: gazetteer: %w", err)
	}
	a, err := newActorFinder(opts.ActorFiles)
	if err != nil {
		return nil, fmt.Errorf("extract: actors: %w", err)
	}
	p.peopleKeys = map[string]bool{}
	for _, name := range a.Peoples() {
		p.peopleKeys[NameKey(name)] = true
	}
	return &Extractor{places: p, actors: a}, nil
}

// Extract returns the entities of one article. published anchors relative
// dates ("yesterday", "January 4"); the zero time means unknown.
func (e *Extractor) Extract(title, text string, published time.Time) Entities {
	full := text
	if title != "" {
		full = title + "\n\n" + text
	}
	// the actor and date finders read the same word tokens
	z, _ := e.words.Get().(*words.Tokenizer)
	if z == nil {
		z = new(words.Tokenizer)
	}
	defer e.words.Put(z)
	toks := z.Tokenize(full)
	actors := e.findActors(full, toks)
	locs, agents := e.places.findAll(full, actors)
	locs = e.places.scriptLocations(full, locs, actors)
	return Entities{
		Locations: dropInsideActors(full, dropPersonNames(full, locs, actors), actors),
		Actors:    e.agentActors(actors, agents),
		Dates:     findDates(full, toks, published),
	}
}

// findActors returns the actors of text, whose word tokens are toks, in
// order of first mention.
func (e *Extractor) findActors(text string, toks []words.Token) []Actor {
	found := e.actors.FindTokens(text, toks)
	if found == nil {
		return nil
	}
	out := make([]Actor, len(found))
	for i, a := range found {
		out[i] = Actor(a)
	}
	return out
}

// findDates returns the dates of text, whose word tokens are toks;
// published anchors the relative ones.
func findDates(text string, toks []words.Token, published time.Time) []Date {
	found := dates.FindTokens(text, toks, published)
	if found == nil {
		return nil
	}
	out := make([]Date, len(found))
	for i, d := range found {
		out[i] = Date(d)
	}
	return out
}

// agentActors adds the government of each country that the text names as a
// doer ("Moscow blamed Washington"), with the name as it stands in the text.
func (e *Extractor) agentActors(actors []Actor, agents []agent) []Actor {
	for _, ag := range agents {
		of, kind := "Government of ", "government"
		if ag.military {
			of, kind = "Military Forces of ", "military"
		}
		name, ok := e.actors.Canonical(of + CountryName(ag.country))
		if !ok {
			continue
		}
		found := false
		for i := range actors {
			if actors[i].Name == name {
				found = true
				if !slices.Contains(actors[i].Mentions, ag.mention) {
					actors[i].Mentions = append(actors[i].Mentions, ag.mention)
				}
				break
			}
		}
		if !found {
			actors = append(actors, Actor{Name: name, Kind: kind, Mentions: []string{ag.mention}})
		}
	}
	return actors
}

// dropPersonNames removes places that the text names only as part of a
// person's name: "Cameron" in "David Cameron" is not Cameroon, "Vladimir"
// in "Vladimir Putin" is not the city. A place also goes when its every
// mention is the surname of a person named in full elsewhere in the text
// ("David Cameron ... Cameron said").
func dropPersonNames(text string, locs []Location, actors []Actor) []Location {
	var names []string
	surnames := map[string]bool{}
	for _, a := range actors {
		if a.Kind != "person" {
			continue
		}
		for _, m := range append([]string{a.Name}, a.Mentions...) {
			if i := strings.LastIndexByte(m, ' '); i > 0 {
				names = append(names, m)
				surnames[m[i+1:]] = true
			}
		}
	}
	if len(names) == 0 {
		return locs
	}
	var inside [][2]int
	for _, n := range names {
		for off := 0; ; {
			i := strings.Index(text[off:], n)
			if i < 0 {
				break
			}
			inside = append(inside, [2]int{off + i, off + i + len(n)})
			off += i + len(n)
		}
	}
	standsAlone := func(m string) bool {
		if surnames[m] {
			return false
		}
		for off := 0; ; {
			i := strings.Index(text[off:], m)
			if i < 0 {
				return false
			}
			start, end := off+i, off+i+len(m)
			covered := false
			for _, sp := range inside {
				if sp[0] <= start && end <= sp[1] {
					covered = true
					break
				}
			}
			if !covered {
				return true
			}
			off = end
		}
	}
	out := locs[:0]
	for _, l := range locs {
		keep := len(l.Mentions) == 0
		for _, m := range l.Mentions {
			if standsAlone(m) {
				keep = true
				break
			}
		}
		if keep {
			out = append(out, l)
		}
	}
	return out
}

// dropInsideActors removes places the gazetteer lacks whose every mention
// overlaps an actor's name in the text: a name that the rules took for an
// unknown village but that the dictionary or the patterns know as a person
// or a group ("Abdiasis Abu Musab in Lower Juba").
func dropInsideActors(text string, locs []Location, actors []Actor) []Location {
	var spans [][2]int
	for _, a := range actors {
		for _, m := range a.Mentions {
			for off := 0; m != ""; {
				i := strings.Index(text[off:], m)
				if i < 0 {
					break
				}
				spans = append(spans, [2]int{off + i, off + i + len(m)})
				off += i + len(m)
			}
		}
	}
	if len(spans) == 0 {
		return locs
	}
	overlapsActor := func(m string) bool {
		found := false
		for off := 0; m != ""; {
			i := strings.Index(text[off:], m)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(m)
			hit := false
			for _, sp := range spans {
				if s < sp[1] && sp[0] < e {
					hit = true
					break
				}
			}
			if !hit {
				return false
			}
			found = true
			off = e
		}
		return found
	}
	out := locs[:0]
	for _, l := range locs {
		drop := l.GeonameID == 0 && l.Kind == "place" && len(l.Mentions) > 0
		for _, m := range l.Mentions {
			if !overlapsActor(m) {
				drop = false
				break
			}
		}
		if !drop {
			out = append(out, l)
		}
	}
	return out
}

// CanonicalActor maps any alias (any case) to the canonical actor name, for
// filters; ok is false when the name is unknown.
func (e *Extractor) CanonicalActor(name string) (string, bool) { return e.actors.Canonical(name) }

// CanonicalLocation maps a place name or alias (any case) to its canonical
// name, for filters; ok is false when the name is unknown.
func (e *Extractor) CanonicalLocation(name string) (string, bool) { return e.places.canonical(name) }
