package index

import (
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Free text and entities. A query word matches the words of an article
// (title and text); where the word or quoted phrase is itself a name of a
// place or actor — "Kiev", "Zelenskiy", "NATO" — it also matches the
// articles whose extracted entities include that place or actor, under
// whatever name the article used ("Kyiv", "Київ", "Zelenskyy"). Only the
// entity itself: a free-text "Russia" does not match an article naming only
// a village in Kursk Oblast; the place hierarchy belongs to the location
// filter and location:.
//
// The index cannot read names itself (the extractor sits above it), so
// Options.Entities lends it the extractor's reading of a query word. The
// entity field holds one term per extracted place ("l:kyiv") and actor
// ("a:volodymyr zelensky"), without the hierarchy.

// EntityFunc returns the places and actors that text names, read the way
// an article's text is read at ingest (the command wires the extractor in).
type EntityFunc func(text string) ([]Location, []Actor)

// entityRef is a place or actor that a word or phrase of the query names.
type entityRef struct {
	Query string // the word or phrase as typed
	Kind  string // location or actor
	Name  string // canonical name
}

// Kinds of EntityMatch.
const (
	EntityLocation = "location"
	EntityActor    = "actor"
)

// EntityMatch says that a hit matched because the article names an entity
// that a word of the query stands for.
type EntityMatch struct {
	Query string `json:"query"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

func entityTerm(kind, name string) string {
	k := "l:"
	if kind == EntityActor {
		k = "a:"
	}
	return strings.ToLower(k + name)
}

// entityFieldValues are the terms of an article's entity field.
func entityFieldValues(a *Article) []string {
	var out []string
	seen := map[string]bool{}
	add := func(kind, name string) {
		if name = strings.TrimSpace(name); name == "" {
			return
		}
		t := entityTerm(kind, name)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, l := range a.Locations {
		add(EntityLocation, l.Name)
	}
	for _, ac := range a.Actors {
		add(EntityActor, ac.Name)
	}
	return out
}

// entityResolver remembers what query words name: the same words come back
// again and again, and reading one costs the extractor a few microseconds
// plus an allocation or two.
type entityResolver struct {
	fn EntityFunc
	mu sync.Mutex
	m  map[string][]entityRef
}

const maxResolved = 20000

// resolve returns the entities that text, as a whole, names.
func (r *entityResolver) resolve(text string) []entityRef {
	if r == nil || r.fn == nil {
		return nil
	}
	key := foldName(text)
	if key == "" || len(key) > 100 || !strings.ContainsFunc(key, unicode.IsLetter) {
		return nil
	}
	r.mu.Lock()
	refs, ok := r.m[key]
	r.mu.Unlock()
	if ok {
		return refs
	}
	refs = r.read(text, key)
	r.mu.Lock()
	if r.m == nil || len(r.m) >= maxResolved {
		r.m = map[string][]entityRef{}
	}
	r.m[key] = refs
	r.mu.Unlock()
	return refs
}

// resolveClause returns the entities a clause of the query names: for
// free text, any place or actor the text names; for location: and actor:,
// the places or the actors. Articles index their entities' canonical names
// (and the place hierarchy), not every alias of the dictionary, so that
// actor:Zelenskiy and location:Kiev find their entity this way.
func (r *entityResolver) resolveClause(field, text string) []entityRef {
	var kind string
	switch field {
	case "":
		return r.resolve(text)
	case fActorTxt:
		kind = EntityActor
	case fLocTxt:
		kind = EntityLocation
	default:
		return nil
	}
	var out []entityRef
	for _, ref := range r.resolve(text) {
		if ref.Kind == kind {
			out = append(out, ref)
		}
	}
	return out
}

func (r *entityResolver) read(text, key string) []entityRef {
	locs, acts := r.fn(asName(text))
	var out []entityRef
	seen := map[string]bool{}
	add := func(kind, name string) {
		if name != "" && !seen[kind+name] {
			seen[kind+name] = true
			out = append(out, entityRef{Query: text, Kind: kind, Name: name})
		}
	}
	for _, l := range locs {
		if mentionsWhole(l.Mentions, key) {
			add(EntityLocation, l.Name)
			for _, t := range namesakeTerritories(l) {
				add(EntityLocation, t)
			}
		}
	}
	for _, ac := range acts {
		if !mentionsWhole(ac.Mentions, key) {
			continue
		}
		// An army or a government has its units and offices as aliases
		// ("Black Sea Fleet" is the Russian armed forces): that is a
		// hierarchy, not another name. Accept those only when the words
		// are a form of the name itself or its acronym.
		if (ac.Kind == "military" || ac.Kind == "government") && !nameForm(key, ac.Name) {
			continue
		}
		add(EntityActor, ac.Name)
	}
	return out
}

// Namesake territories. "Gaza" names the city and, as often, the Gaza
// Strip around it; "Kharkiv" the city and, in "Харківщина" or "Kharkiv
// region", the oblast named after it. A territory that contains a place and
// is called by the place's name and one more word (Gaza Strip, Kharkiv
// Oblast, Kursk Oblast) is that place's namesake: a location filter or a
// query word that names the place also finds the articles that name the
// territory itself, though not those naming only another place inside it
// (Rafah, Kupiansk): the place hierarchy belongs to the territory's own name.

// namesakeTerritories are the territories of l's hierarchy named after it.
func namesakeTerritories(l Location) []string {
	var out []string
	for _, t := range append([]string{l.Admin2, l.Admin1}, l.Path...) {
		if isNamesake(l.Name, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// isNamesake reports whether territory is place's name and one more word.
func isNamesake(place, territory string) bool {
	if place == "" || len(territory) <= len(place)+1 || !strings.EqualFold(territory[:len(place)], place) || territory[len(place)] != ' ' {
		return false
	}
	rest := territory[len(place)+1:]
	return rest != "" && !strings.ContainsFunc(rest, unicode.IsSpace)
}

// territories returns the namesake territories of the place a location
// filter value names (canonical or alias), remembered like query words.
func (r *entityResolver) territories(value string) []string {
	if r == nil || r.fn == nil {
		return nil
	}
	key := "\x00filter:" + foldName(value)
	r.mu.Lock()
	refs, ok := r.m[key]
	r.mu.Unlock()
	if !ok {
		locs, _ := r.fn(asName(value))
		for _, l := range locs {
			if !strings.EqualFold(l.Name, value) && !mentionsWhole(l.Mentions, foldName(value)) {
				continue
			}
			for _, t := range namesakeTerritories(l) {
				refs = append(refs, entityRef{Query: value, Kind: EntityLocation, Name: t})
			}
		}
		r.mu.Lock()
		if r.m == nil || len(r.m) >= maxResolved {
			r.m = map[string][]entityRef{}
		}
		r.m[key] = refs
		r.mu.Unlock()
	}
	var out []string
	for _, ref := range refs {
		out = append(out, ref.Name)
	}
	return out
}

// namesakeTerms are the entity-field terms of the namesake territories of
// the place a location filter value names: an article with one of them
// passes the filter too.
func (ix *Index) namesakeTerms(value string) []string {
	var out []string
	for _, t := range ix.ents.territories(value) {
		out = append(out, entityTerm(EntityLocation, t))
	}
	return out
}

// mentionsWhole reports whether one of the mentions is the whole query.
func mentionsWhole(mentions []string, key string) bool {
	for _, m := range mentions {
		if foldName(m) == key {
			return true
		}
	}
	return false
}

// foldName lower-cases s and joins its words with single spaces.
func foldName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// smallWords stay lower-case inside a name.
var smallWords = map[string]bool{"of": true, "the": true, "and": true, "de": true, "al": true, "el": true, "on": true}

// asName writes a query typed in lower case the way a text writes a name
// ("gaza strip" -> "Gaza Strip"), which is how the extractor recognises
// names; words with a capital letter are kept as typed.
func asName(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if strings.ContainsFunc(w, unicode.IsUpper) || (i > 0 && smallWords[w]) {
			continue
		}
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

// nameForm reports whether key (folded) is a form of name: one of its
// words, a spelling of one ("zelenskiy" for Zelensky), or its acronym
// ("idf" for Israel Defense Forces).
func nameForm(key, name string) bool {
	nw := strings.Fields(strings.ToLower(name))
	var initials strings.Builder
	for _, w := range nw {
		if !smallWords[w] {
			r := []rune(w)
			initials.WriteRune(r[0])
		}
	}
	if len(nw) > 1 && strings.ReplaceAll(key, ".", "") == initials.String() {
		return true
	}
	for _, k := range strings.Fields(key) {
		for _, w := range nw {
			if k == w || (len(k) >= 5 && len(w) >= 5 && editDistance(k, w) <= 2) {
				return true
			}
		}
	}
	return false
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// entityQueries are the term queries of refs on the entity field.
func entityQueries(refs []entityRef) []query.Query {
	var out []query.Query
	for _, r := range refs {
		t := query.NewTermQuery(entityTerm(r.Kind, r.Name))
		t.SetField(fEntity)
		t.SetBoost(entityBoost)
		out = append(out, t)
	}
	return out
}

// entityBoost weighs a match on the entity field against one on the words.
const entityBoost = 0.5

// matchedEntities are the refs whose entity the hit's article names.
func matchedEntities(a *Article, refs []entityRef) []EntityMatch {
	var out []EntityMatch
	for _, r := range refs {
		found := false
		if r.Kind == EntityLocation {
			for _, l := range a.Locations {
				found = found || strings.EqualFold(l.Name, r.Name)
			}
		} else {
			for _, ac := range a.Actors {
				found = found || strings.EqualFold(ac.Name, r.Name)
			}
		}
		if found {
			out = append(out, EntityMatch(r))
		}
	}
	return out
}

// entityMentions are the words with which the stored entities (JSON) name
// the matched places and actors.
func entityMentions(stored string, matched []EntityMatch) []string {
	if stored == "" || len(matched) == 0 {
		return nil
	}
	var ents struct {
		Locations []struct {
			Name     string   `json:"name"`
			Mentions []string `json:"mentions"`
		} `json:"locations"`
		Actors []struct {
			Name     string   `json:"name"`
			Mentions []string `json:"mentions"`
		} `json:"actors"`
	}
	if !decodeEntities(stored, &ents) {
		return nil
	}
	var out []string
	for _, m := range matched {
		if m.Kind == EntityLocation {
			for _, l := range ents.Locations {
				if strings.EqualFold(l.Name, m.Name) {
					out = append(out, l.Mentions...)
				}
			}
			continue
		}
		for _, ac := range ents.Actors {
			if strings.EqualFold(ac.Name, m.Name) {
				out = append(out, ac.Mentions...)
			}
		}
	}
	return out
}

// mentionFragment is about n bytes of text around the first of mentions
// that stands as a word of its own, HTML-escaped, the mention marked; ""
// when none is found.
func mentionFragment(text string, mentions []string, n int) string {
	at, end := -1, -1
	for _, m := range mentions {
		if m == "" {
			continue
		}
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], m)
			if i < 0 {
				break
			}
			i += off
			j := i + len(m)
			if wordEdge(text, i) && wordEdge(text, j) {
				if at < 0 || i < at {
					at, end = i, j
				}
				break
			}
			off = j
		}
	}
	if at < 0 {
		return ""
	}
	lo := max(0, at-(n-(end-at))/2)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	if lo > 0 {
		if sp := strings.IndexByte(text[lo:at], ' '); sp >= 0 {
			lo += sp + 1
		}
	}
	hi := min(len(text), lo+n)
	if hi < end {
		hi = end
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	if hi < len(text) {
		if sp := strings.LastIndexByte(text[end:hi], ' '); sp >= 0 {
			hi = end + sp
		}
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	b.WriteString(html.EscapeString(strings.Join(strings.Fields(text[lo:at]), " ")))
	if lo < at && unicode.IsSpace(lastRune(text[lo:at])) {
		b.WriteByte(' ')
	}
	b.WriteString("<mark>" + html.EscapeString(text[at:end]) + "</mark>")
	if end < hi && unicode.IsSpace(firstRune(text[end:hi])) {
		b.WriteByte(' ')
	}
	b.WriteString(html.EscapeString(strings.Join(strings.Fields(text[end:hi]), " ")))
	if hi < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// wordEdge reports whether byte offset i of s is not inside a word.
func wordEdge(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	before, after := lastRune(s[:i]), firstRune(s[i:])
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !isWord(before) || !isWord(after)
}

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// marked reports whether a fragment marks a match.
func marked(frs []string) bool {
	for _, f := range frs {
		if strings.Contains(f, "<mark>") {
			return true
		}
	}
	return false
}

// actorAliases are the aliases that came with an article's own actors
// (Actor.Aliases), which actor: finds (names.go).
func actorAliases(a *Article) []string {
	var out []string
	for _, ac := range a.Actors {
		out = append(out, ac.Aliases...)
	}
	return out
}
