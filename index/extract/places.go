package extract

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// placeFinder finds places in text against the embedded gazetteer. Spans of
// capitalised words (with connectors such as "of", "al", "de") are looked up
// by their NameKey, longest first; each found mention keeps every gazetteer
// entry of that key as a candidate, and the article as a whole picks one:
// countries and regions named in it, the other places in it, region words
// ("Kursk region"), ACLED-style "(District, Region)" notes and population.
// Places the gazetteer lacks are found from how news introduces them ("the
// village of Makhnovka", "Gumarey village (Balcad, Middle Shabelle)") and get
// the point of the region named beside them, flagged approximate.
type placeFinder struct {
	g    *gazetteer
	pool sync.Pool // *scratch
	// fuzzy finds misspelt names ("Severdonetsk"); built on first use, as
	// most texts never need it.
	fuzzyOnce sync.Once
	fuzzyIdx  *fuzzyIndex
	// peopleKeys are the NameKeys of peoples ("Maasai"): see peoples.
	peopleKeys map[string]bool
	// script holds names in Cyrillic and Arabic script (places_script.go).
	script scriptPlaces
}

func (p *placeFinder) fuzzy() *fuzzyIndex {
	p.fuzzyOnce.Do(func() { p.fuzzyIdx = newFuzzyIndex(p.g) })
	return p.fuzzyIdx
}

type scratch struct {
	buf  []byte
	key  []byte
	toks []ptok
	// per token: the first and last token of its sentence, and whether the
	// sentence is title-cased (see sentences); computed once per text, so
	// that rules asking about a sentence stay linear in the text's length
	sentA, sentB []int32
	title        []bool
	// the mentions of the last text, and cued's cover table, kept for
	// their memory
	ms    []mention
	cover []int32
}

// sentences fills the scratch's per-token sentence tables for toks.
func (sc *scratch) sentences(toks []ptok) {
	n := len(toks)
	sc.sentA, sc.sentB, sc.title = sc.sentA[:0], sc.sentB[:0], sc.title[:0]
	for a := 0; a < n; {
		b := a + 1
		for b < n && !toks[b].sentStart {
			b++
		}
		caps := 0
		for k := a; k < b; k++ {
			if toks[k].cap {
				caps++
			}
		}
		// a heading capitalises most of its words ("Russian Army Patrolling
		// A Frontline Village"): its capitals say nothing of names
		title := b-a >= 4 && caps*4 >= (b-a)*3
		for k := a; k < b; k++ {
			sc.sentA, sc.sentB, sc.title = append(sc.sentA, int32(a)), append(sc.sentB, int32(b-1)), append(sc.title, title)
		}
		a = b
	}
}

func newPlaceFinder() (*placeFinder, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	p := &placeFinder{g: g}
	p.pool.New = func() any { return &scratch{buf: make([]byte, 0, 4096), toks: make([]ptok, 0, 512)} }
	return p, nil
}

// CountryName returns the English name of an ISO 3166-1 alpha-2 code
// ("RU" -> "Russia", "KP" -> "North Korea"); the code itself when unknown.
func CountryName(code string) string {
	if n, ok := countryNames()[code]; ok {
		return n
	}
	return code
}

var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	data, err := decompressedGazetteer()
	if err != nil {
		return m
	}
	for data != "" {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		if !strings.HasPrefix(line, "C\t") {
			if strings.HasPrefix(line, "A\t") {
				break // countries come first
			}
			continue
		}
		f := strings.SplitN(line, "\t", 4)
		if len(f) >= 3 {
			m[f[1]] = f[2]
		}
	}
	return m
})

// canonical maps any name or alias of a country, region or place, in any
// case, to its canonical name; the most important entry wins for names that
// several share.
func (p *placeFinder) canonical(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if words.HasCyrillicOrArabic(name) {
		return p.scriptCanonical(name)
	}
	if ids, ok := p.g.abbrevs[strings.ReplaceAll(strings.ToUpper(name), ".", "")]; ok && isCapsAbbrev(name) {
		return p.g.entries[ids[0]].name, true
	}
	k := NameKey(name)
	ids := p.g.cands(k)
	if len(ids) == 0 {
		// "Kursk region" -> the region itself
		if i := strings.LastIndexByte(name, ' '); i > 0 && regionWords[strings.ToLower(name[i+1:])] {
			for _, id := range p.g.cands(NameKey(name[:i])) {
				if e := &p.g.entries[id]; e.kind == kindAdmin1 || e.kind == kindAdmin2 {
					return e.name, true
				}
			}
		}
		return "", false
	}
	best, bestScore := int32(-1), math.Inf(-1)
	for _, id := range ids {
		e := &p.g.entries[id]
		s := p.prior(e)
		if NameKey(e.name) == k {
			s += 3 // the canonical name itself beats an alias
		}
		if s > bestScore {
			best, bestScore = id, s
		}
	}
	return p.g.entries[best].name, true
}

// prior is how likely an entry is, before any context (see entryPrior).
func (p *placeFinder) prior(e *gazEntry) float64 { return e.prior }

// entryPrior is how likely an entry is, before any context: countries over
// regions over districts, then places by population and rank. The
// gazetteer keeps it in each entry.
func entryPrior(e *gazEntry) float64 {
	switch e.kind {
	case kindCountry:
		return 10
	case kindAdmin1:
		return 6.5
	case kindAdmin2:
		return 4
	}
	s := math.Log10(float64(e.pop) + 1)
	switch e.fclass {
	case fcCapital:
		s += 2
	case fcAdmin1Seat:
		s += 1
	case fcAdminSeat:
		s += 0.3
	case fcSection:
		s -= 0.5
	}
	return s
}

// mention is one span of the text that names (or may name) a place.
type mention struct {
	s, e   int    // byte span
	key    string // the matched key
	ti, tj int    // token span, inclusive
	cands  []int32
	region bool // followed by a region word: only regions and districts
	common bool // an ordinary English word
	cue    bool // introduced as a place ("in", "near", "village of")
	// nameLike: one word inside a longer run of capitalised words, as in a
	// person's or organisation's name ("Bashar al-Assad", "John Kerry")
	nameLike  bool
	surname   bool // name-like and surely a person's: after a first name, or a first name itself
	sentStart bool // the first word of a sentence
	strongCue bool // after "in", "near", "at" and the like, not "of" or "to"
	slot      int  // in an ACLED note "(District, Region)": 1 district, 2 region
	scope     int32
	chosen    int32
	score     float64
	dropped   bool
	// unknown places
	unknown    bool
	needAnchor bool // unknown place still waiting for a point
	intro      bool // introduced as a place ("the village of X")
	bare       bool // unknown, known as a place by a preposition alone ("clashes in X")
	homonym    bool // a small foreign namesake of an unknown local place
	// partOfName: the tail or head of a longer name that is no place of its
	// own ("Valley" in "Rift Valley Province", "Georgia" in "Georgia Achieng")
	partOfName bool
	name       string
	anchor     int32 // entry that lends its point and hierarchy
}

const maxSpan = 6

// shortTextLen is the length up to which a text counts as a heading or an
// event description, whose capitalised words are mostly names of places.
const shortTextLen = 300

func (p *placeFinder) find(text string, actors []Actor) []Location {
	locs, _ := p.findAll(text, actors)
	return locs
}

// findAll returns the places of text, and the countries it names as doers
// (see agents). actors are the text's actors, whose nationalities are
// evidence of its country.
func (p *placeFinder) findAll(text string, actors []Actor) ([]Location, []agent) {
	if text == "" {
		return nil, nil
	}
	sc := p.pool.Get().(*scratch)
	defer p.pool.Put(sc)
	sc.buf, sc.toks = tokenize(text, sc.buf[:0], sc.toks[:0])
	toks := sc.toks
	sc.sentences(toks)
	ms := p.match(text, toks, sc)
	ms = p.filterMentions(text, toks, ms)
	ms = p.notes(text, toks, ms, sc)
	ms = p.introduced(text, toks, ms, sc)
	ms = p.cued(text, toks, ms, sc)
	p.peoples(text, toks, sc, ms, actors)
	p.partsOfNames(text, toks, sc, ms)
	base := p.demonymSupport(toks, sc.buf)
	byActors := p.textCountries(actors)
	for cc, w := range byActors {
		if base == nil {
			base = map[string]float64{}
		}
		base[cc] = max(base[cc], w)
	}
	p.resolve(ms, base, len(text) <= shortTextLen)
	agents := p.agents(text, toks, sc, ms)
	for i := range ms {
		if m := &ms[i]; m.homonym {
			m.unknown, m.needAnchor, m.dropped, m.name, m.anchor = true, true, false, text[m.s:m.e], -1
		}
	}
	p.anchorUnknown(text, toks, sc, ms, byActors)
	locs := p.locations(text, ms)
	sc.ms = ms[:0] // for the next text: nothing holds on to the mentions
	locs = p.demonymCountries(text, toks, sc.buf, locs)
	locs = p.demonymLand(text, toks, sc.buf, locs)
	return locs, agents
}

func (sc *scratch) fold(t ptok) string { return string(sc.buf[t.f0:t.f1]) }

// lookup returns the candidates of the span toks[i..j] (and whether the key
// exists), using the Arabic-article-less form of the first word when
// noArticle is set.
func (p *placeFinder) lookup(sc *scratch, toks []ptok, i, j int, noArticle bool) []int32 {
	sc.key = sc.key[:0]
	var tmp [256]byte
	folded := tmp[:0]
	for k := i; k <= j; k++ {
		from := toks[k].f0
		if k == i && noArticle {
			from = toks[k].a0
		}
		folded = append(folded, sc.buf[from:toks[k].f1]...)
	}
	sc.key = skeleton(sc.key, folded)
	return p.g.candsBytes(sc.key)
}

// match finds the longest gazetteer spans over capitalised words.
func (p *placeFinder) match(text string, toks []ptok, sc *scratch) []mention {
	ms := sc.ms[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap || spanStopStarts[sc.fold(t)] {
			continue
		}
		if t.caps && t.e-t.s <= 6 && t.f1-t.f0 <= 5 {
			// abbreviations: only the listed ones, case-sensitively
			w := strings.ReplaceAll(text[t.s:t.e], ".", "")
			if ids, ok := p.g.abbrevs[w]; ok {
				ms = append(ms, mention{s: t.s, e: t.e, ti: i, tj: i, cands: ids})
			}
			continue
		}
		// the longest admissible end
		last := i
		for k := i + 1; k < len(toks) && k < i+maxSpan; k++ {
			if toks[k].brk {
				break
			}
			if !toks[k].cap && !connectors[sc.fold(toks[k])] && !regionWords[sc.fold(toks[k])] {
				break
			}
			if toks[k].caps && romanNumerals[sc.fold(toks[k])] { // "World War II"
				break
			}
			last = k
		}
		found := false
		for j := last; j >= i && !found; j-- {
			tj := toks[j]
			if j > i && !tj.cap {
				if !regionWords[sc.fold(tj)] {
					continue
				}
				// "Kursk region": the span without the region word, regions only
				for _, noArt := range []bool{false, true} {
					if noArt && toks[i].a0 == toks[i].f0 {
						continue
					}
					if c := p.lookup(sc, toks, i, j-1, noArt); len(c) > 0 {
						if ad := p.adminsOnly(c); len(ad) > 0 {
							ms = append(ms, mention{s: t.s, e: tj.e, ti: i, tj: j, cands: ad, region: true, key: string(sc.key)})
							found = true
							break
						}
					}
				}
				continue
			}
			if j > i && orgWords[sc.fold(tj)] {
				continue // "Kharkiv City Council" is a body; "Kharkiv" is the place
			}
			for _, noArt := range []bool{false, true} {
				if noArt && toks[i].a0 == toks[i].f0 {
					continue
				}
				if c := p.lookup(sc, toks, i, j, noArt); len(c) > 0 {
					m := mention{s: t.s, e: tj.e, ti: i, tj: j, cands: c, key: string(sc.key)}
					// "Kursk Oblast" written out, or followed by a region word
					if j+1 < len(toks) && !toks[j+1].brk && regionWords[sc.fold(toks[j+1])] {
						if ad := p.adminsOnly(c); len(ad) > 0 {
							m.cands, m.region, m.e, m.tj = ad, true, toks[j+1].e, j+1
						}
					} else if j > i && regionWords[sc.fold(tj)] {
						m.region = true
					}
					ms = append(ms, m)
					found = true
					break
				}
			}
		}
		if found {
			i = ms[len(ms)-1].tj
			continue
		}
		ms = p.hyphenParts(text, toks, sc, i, ms)
	}
	return ms
}

// routeWords after a hyphenated pair of names make each a place: "the
// Nakuru-Eldoret highway", "the Syria-Turkey border".
var routeWords = map[string]bool{
	"road": true, "highway": true, "route": true, "border": true, "corridor": true, "axis": true,
	"railway": true, "line": true, "pipeline": true, "bridge": true, "crossing": true, "frontier": true,
	"motorway": true, "bypass": true, "front": true, "direction": true, "boundary": true, "convoy": true,
}

// hyphenParts finds the places joined by a hyphen in one word that names no
// place as a whole ("Garissa-Dadaab road"): with a route word after it,
// each capitalised part is a place, known or not.
func (p *placeFinder) hyphenParts(text string, toks []ptok, sc *scratch, i int, ms []mention) []mention {
	t := toks[i]
	word := text[t.s:t.e]
	if !strings.ContainsRune(word, '-') || i+1 >= len(toks) || toks[i+1].brk || !routeWords[sc.fold(toks[i+1])] {
		return ms
	}
	off := t.s
	for _, part := range strings.Split(word, "-") {
		s, e := off, off+len(part)
		off = e + 1
		if len(part) < 3 || !unicode.IsUpper([]rune(part)[0]) {
			continue
		}
		m := mention{s: s, e: e, ti: i, tj: i, cue: true, strongCue: true, intro: true, key: NameKey(part)}
		if c := p.g.cands(m.key); len(c) > 0 {
			m.cands = c
		} else {
			m.unknown, m.needAnchor, m.name, m.anchor = true, true, part, -1
		}
		ms = append(ms, m)
	}
	return ms
}

func (p *placeFinder) adminsOnly(c []int32) []int32 {
	var out []int32
	for _, id := range c {
		if k := p.g.entries[id].kind; k == kindAdmin1 || k == kindAdmin2 {
			out = append(out, id)
		}
	}
	return out
}

// spanStopStarts are English function words that never begin a place name,
// even when a sentence capitalises them ("And I ...", "The ...").
var spanStopStarts = map[string]bool{
	"and": true, "the": true, "of": true, "on": true, "at": true, "in": true, "upon": true, "to": true,
	"i": true, "a": true, "an": true, "but": true, "or": true, "for": true, "with": true, "from": true,
}

var romanNumerals = map[string]bool{"ii": true, "iii": true, "iv": true, "vi": true, "vii": true, "viii": true, "ix": true, "xi": true, "xii": true}

// connectors may stand inside a place name in lower case.
var connectors = map[string]bool{
	"of": true, "de": true, "del": true, "la": true, "le": true, "al": true, "el": true, "ad": true,
	"ar": true, "as": true, "ash": true, "az": true, "an": true, "ez": true, "es": true, "bin": true,
	"ibn": true, "upon": true, "on": true, "am": true, "sur": true, "du": true, "des": true, "da": true,
	"do": true, "dos": true, "das": true, "di": true, "and": true, "the": true, "y": true, "en": true,
	"im": true, "der": true, "den": true, "ul": true, "at": true,
}

// stopWords are capitalised words that are never places by themselves:
// months, weekdays, titles and words of address.
var stopWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "president": true, "minister": true, "general": true, "mr": true, "mrs": true, "ms": true,
	"god": true, "allah": true, "prophet": true, "army": true, "police": true, "ministry": true,
	"government": true, "forces": true, "council": true, "court": true, "news": true, "reuters": true,
	"afp": true, "ap": true, "bbc": true, "cnn": true, "sana": true, "video": true, "photo": true,
	"islamic": true, "christian": true, "muslim": true, "sunni": true, "shia": true, "shiite": true,
	"jihadist": true, "jihadists": true, "isis": true, "isil": true, "daesh": true, "hamas": true,
	"hezbollah": true, "houthi": true, "houthis": true, "taliban": true, "wagner": true, "nato": true,
	"un": true, "eu": true, "un's": true, "unicef": true, "ukrainian": true, "ukrainians": true,
	"western": true, "eastern": true, "northern": true, "southern": true, "central": true,
	"north": true, "south": true, "east": true, "west": true, "mount": true, "lake": true, "river": true,
	"shabaab": true, "alshabaab": true, "shabab": true, "ramadan": true, "eid": true, "assad": true,
	"africa": true, "asia": true, "europe": true, "ii": true, "iii": true, "iv": true,
	"vi": true, "vii": true, "viii": true, "ix": true, "xi": true, "xii": true, "bush": true, "trump": true,
	"union": true, "congress": true, "republic": true, "parliament": true, "senate": true, "atlantic": true,
	"baltic": true, "pacific": true, "gulf": true, "mediterranean": true, "black": true, "kremlin": true, "pentagon": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "levant": true, "baath": true,
	"english": true, "arabic": true, "hebrew": true, "islam": true, "quran": true, "christ": true, "today": true, "yesterday": true, "tomorrow": true,
	"observatory": true, "state": true, "province": true, "region": true, "district": true, "city": true,
	"village": true, "town": true, "area": true, "camp": true, "base": true, "airport": true, "port": true,
	"street": true, "square": true, "bridge": true, "hospital": true, "school": true, "university": true,
}

// stopPhrases are names of institutions that some gazetteer lists as a
// place's alias ("White House" for Casablanca); keys as NameKey.
var stopPhrases = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{"White House", "Red Cross", "Red Crescent", "Security Council", "General Assembly",
		"State Department", "United Nations", "European Union", "Human Rights", "Middle East", "Pentagon",
		"Kremlin", "Downing Street", "Capitol Hill", "Wall Street", "Holy See", "Islamic State", "New Year"} {
		m[NameKey(p)] = true
	}
	return m
}()

// givenNames are first names that are also big cities' names: followed by
// a capitalised word they are a person ("Vladimir Putin").
var givenNames = map[string]bool{
	"vladimir": true, "florence": true, "victoria": true, "regina": true, "adelaide": true, "charlotte": true,
	"elizabeth": true, "alexandria": true, "augusta": true, "georgia": true, "paris": true, "jackson": true,
	"lincoln": true, "hamilton": true, "austin": true, "madison": true, "washington": true, "salem": true,
}

// surnameCities are big cities' names that are common surnames: after a
// first name they are a person ("Lloyd Austin").
var surnameCities = map[string]bool{
	"austin": true, "jackson": true, "hamilton": true, "lincoln": true, "washington": true, "houston": true,
	"dallas": true, "phoenix": true, "wellington": true, "kent": true, "lancaster": true, "chester": true,
	"preston": true, "bradford": true, "hull": true, "york": true, "johnson": true, "clinton": true,
	"florence": true, "victoria": true, "jordan": true, "paris": true, "sydney": true, "milton": true,
}

// directionWords may stand between a cue and a place ("in northern Izyum").
var directionWords = map[string]bool{
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true, "northeastern": true,
	"northwestern": true, "southeastern": true, "southwestern": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "downtown": true, "occupied": true, "besieged": true, "embattled": true,
	"rural": true, "greater": true,
}

// demonyms are nationality adjectives and plural nouns: never places
// themselves ("Russian forces"); demonymCountries may add their country.
var demonyms = map[string]string{
	"russian": "RU", "russians": "RU", "ukrainian": "UA", "ukrainians": "UA", "syrian": "SY", "syrians": "SY",
	"israeli": "IL", "israelis": "IL", "palestinian": "PS", "palestinians": "PS", "somali": "SO", "somalis": "SO",
	"american": "US", "americans": "US", "british": "GB", "french": "FR", "german": "DE", "germans": "DE",
	"iranian": "IR", "iranians": "IR", "turkish": "TR", "turks": "TR", "chinese": "CN", "korean": "",
	"northkorean": "KP", "northkoreans": "KP", "southkorean": "KR", "sudanese": "SD", "ethiopian": "ET",
	"ethiopians": "ET", "kenyan": "KE", "kenyans": "KE", "egyptian": "EG", "egyptians": "EG", "lebanese": "LB",
	"iraqi": "IQ", "iraqis": "IQ", "yemeni": "YE", "yemenis": "YE", "saudi": "SA", "saudis": "SA", "qatari": "QA",
	"emirati": "AE", "jordanian": "JO", "afghan": "AF", "afghans": "AF", "pakistani": "PK", "indian": "IN",
	"belarusian": "BY", "belarusians": "BY", "polish": "PL", "georgian": "GE", "chechen": "", "kurdish": "",
	"kurds": "", "arab": "", "arabs": "", "european": "", "african": "", "libyan": "LY", "tunisian": "TN",
	"algerian": "DZ", "moroccan": "MA", "eritrean": "ER", "djiboutian": "DJ", "ugandan": "UG", "burundian": "BI",
	"rwandan": "RW", "congolese": "", "nigerian": "NG", "malian": "ML", "chadian": "TD", "japanese": "JP",
	"italian": "IT", "spanish": "ES", "dutch": "NL", "swedish": "SE", "finnish": "FI", "norwegian": "NO",
	"danish": "DK", "czech": "CZ", "slovak": "SK", "hungarian": "HU", "romanian": "RO", "moldovan": "MD",
	"bulgarian": "BG", "serbian": "RS", "croatian": "HR", "greek": "GR", "armenian": "AM", "azerbaijani": "AZ",
	"azeri": "AZ", "kazakh": "KZ", "uzbek": "UZ", "canadian": "CA", "australian": "AU", "mexican": "MX",
	"brazilian": "BR", "venezuelan": "VE", "cuban": "CU", "libyans": "LY", "sudanese's": "SD", "estonian": "EE",
	"latvian": "LV", "lithuanian": "LT", "emiratis": "AE", "omani": "OM", "bahraini": "BH", "kuwaiti": "KW",
	"israel's": "", "britons": "GB", "gazan": "PS", "gazans": "PS", "thai": "TH", "filipino": "PH",
	"vietnamese": "VN", "indonesian": "ID", "malaysian": "MY", "nepali": "NP", "bangladeshi": "BD", "soviet": "", "crimean": "", "donbas": "",
}

// titleWords before a capitalised word make it a person's name.
var titleWords = map[string]bool{
	"president": true, "minister": true, "general": true, "gen": true, "commander": true, "mr": true, "mrs": true,
	"ms": true, "dr": true, "spokesman": true, "spokeswoman": true, "spokesperson": true, "colonel": true,
	"col": true, "lt": true, "sheikh": true, "king": true, "prince": true, "pope": true, "emir": true,
	"chief": true, "governor": true, "mayor": true, "senator": true, "sen": true, "rep": true, "sergeant": true,
	"captain": true, "major": true, "admiral": true, "prime": true, "secretary": true, "ambassador": true,
	"envoy": true, "director": true, "leader": true, "imam": true, "father": true, "saint": false,
}

// attributive words after a country name make it a modifier, not a place:
// "US forces", "Ethiopia security forces", "Kenya Defence Forces".
var attributive = map[string]bool{
	"forces": true, "force": true, "troops": true, "military": true, "army": true, "soldiers": true,
	"security": true, "defence": true, "defense": true, "government": true, "officials": true, "navy": true,
	"air": true, "airstrike": true, "airstrikes": true, "drone": true, "drones": true, "backed": true,
	"national": true, "police": true, "special": true, "intelligence": true, "authorities": true,
	"embassy": true, "ambassador": true, "president": true, "prime": true, "foreign": true, "based": true,
	"led": true, "allied": true, "coalition": true, "contingent": true, "personnel": true, "commandos": true,
}

// strongCues introduce a place even when its name is an ordinary word.
var strongCues = map[string]bool{
	"in": true, "near": true, "at": true, "outside": true, "into": true, "around": true, "towards": true,
	"toward": true, "inside": true, "nearby": true,
}

// treatyNouns after a place's name make a treaty of it, not a place:
// "Geneva Conventions", "Doha agreement", "Minsk accords".
var treatyNouns = map[string]bool{
	"convention": true, "conventions": true, "agreement": true, "agreements": true, "accord": true,
	"accords": true, "protocol": true, "protocols": true, "declaration": true, "treaty": true,
	"format": true, "formula": true, "process": true, "memorandum": true, "communique": true,
}

// orgWords end the names of organisations, not of places: a gazetteer name
// that ends in one ("Kharkiv City Council") names the body, and the place
// is the shorter name before it.
var orgWords = map[string]bool{
	"council": true, "assembly": true, "administration": true, "ministry": true, "committee": true,
	"commission": true, "court": true, "parliament": true, "authority": true, "office": true,
}

// newspaperWords after a city's name make a newspaper ("New York Times").
var newspaperWords = map[string]bool{
	"times": true, "post": true, "herald": true, "journal": true, "tribune": true, "gazette": true,
	"telegraph": true, "independent": true, "observer": true, "chronicle": true, "examiner": true,
	"reuters": true,
}

// isDateline reports whether the text after an all-capitals place name, at
// byte e, is a dateline's: a news agency in parentheses, or a date and one.
func isDateline(text string, e int) bool {
	rest := text[e:]
	if len(rest) > 40 {
		rest = rest[:40]
	}
	rest = strings.TrimLeft(rest, " ,")
	if strings.HasPrefix(rest, "(") {
		return true // "MOSCOW (Sputnik)", "KYIV (Reuters)"
	}
	// "BEIRUT, October 1 (RIA Novosti)"
	if i := strings.IndexByte(rest, '('); i > 0 && strings.ContainsAny(rest[:i], "0123456789") {
		return true
	}
	return strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "— ") || strings.HasPrefix(rest, "– ")
}

// allEnglish reports whether every word of a multi-word mention is an
// ordinary English word, unless the mention names a country or region in
// full ("West Bank", "Gaza Strip").
func (p *placeFinder) allEnglish(text string, toks []ptok, m *mention) bool {
	for _, id := range m.cands {
		if e := &p.g.entries[id]; e.kind <= kindAdmin1 && e.key == m.key {
			return false
		}
	}
	for k := m.ti; k <= m.tj; k++ {
		w := NameKey(text[toks[k].s:toks[k].e])
		if connectors[w] {
			continue
		}
		if !p.g.english[w] && !p.g.common[w] {
			return false
		}
	}
	return true
}

// cueWords introduce a place: "in Kherson", "near Makhnovka".
var cueWords = map[string]bool{
	"in": true, "near": true, "at": true, "outside": true, "around": true, "into": true, "from": true,
	"towards": true, "toward": true, "to": true, "over": true, "through": true, "across": true, "of": true,
	"between": true, "and": true, "within": true, "inside": true, "on": true, "nearby": true, "north": true,
	"south": true, "east": true, "west": true, "via": true, "along": true,
}

// typeWords name the kind of a settlement or area ("Gumarey village").
var typeWords = map[string]bool{
	"village": true, "villages": true, "town": true, "city": true, "settlement": true, "hamlet": true,
	"district": true, "area": true, "neighbourhood": true, "neighborhood": true, "suburb": true,
	"camp": true, "locality": true, "region": true, "town's": true, "township": true, "quarter": true,
	"outskirts": true, "countryside": true, "idp": false, "market": true, "markets": true, "location": true,
	"sublocation": true, "estate": true, "ward": true, "subcounty": true, "centre": true, "center": true,
	"towns": true, "junction": true, "slum": true, "slums": true, "valley": false,
}

// settlementModifiers may stand between a name and its type word ("Kibigori
// trading centre", "Dagahley refugee camp").
var settlementModifiers = map[string]bool{
	"trading": true, "shopping": true, "refugee": true, "refugees": true, "idp": true, "idps": true,
	"displacement": true, "informal": true, "fishing": true, "border": true, "business": true,
	"residential": true, "farming": true, "mining": true, "market": true, "bus": true, "rural": true,
	"small": true, "remote": true, "main": true, "nearby": true, "old": true, "new": true,
}

func (p *placeFinder) isCountryOnly(m *mention) bool {
	for _, id := range m.cands {
		if p.g.entries[id].kind != kindCountry {
			return false
		}
	}
	return true
}

// filterMentions drops demonyms, stop words, names of people and countries
// used as modifiers, and marks ordinary English words and cued places.
func (p *placeFinder) filterMentions(text string, toks []ptok, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		first := toks[m.ti]
		m.sentStart = first.sentStart
		single := m.ti == m.tj
		if !single && stopPhrases[m.key] {
			continue
		}
		if !single && p.allEnglish(text, toks, &m) {
			m.common = true // "We Are", "No One", "Cut Off" in a title-case heading
		}
		// a treaty or an organisation named after a place: "Geneva
		// Conventions", "Doha agreement", "Kharkiv City Council"
		if n := m.tj + 1; n < len(toks) && !toks[n].brk {
			w := strings.ToLower(text[toks[n].s:toks[n].e])
			if treatyNouns[w] {
				continue
			}
		}
		// a dateline: "MOSCOW (Sputnik) -", "BEIRUT, Oct 3 (Reuters)": where
		// the report was filed, not what it speaks of
		if first.caps && first.e-first.s > 2 && isDateline(text, toks[m.tj].e) {
			continue
		}
		// a newspaper's name: "New York Times", "Jerusalem Post"
		if m.tj+1 < len(toks) && !toks[m.tj+1].brk && toks[m.tj+1].cap && newspaperWords[strings.ToLower(text[toks[m.tj+1].s:toks[m.tj+1].e])] {
			continue
		}
		var k string
		if single {
			k = NameKey(text[first.s:first.e])
			w := strings.ToLower(text[first.s:first.e])
			if stopWords[k] || stopWords[w] || titleWords[w] || isDemonymKey(k) {
				continue
			}
			if m.ti > 0 && !first.brk && toks[m.ti-1].cap && !toks[m.ti-1].sentStart && p.nameNeighbour(text, toks[m.ti-1]) {
				m.nameLike = true // "Lloyd Austin", but also "Shelled Kharkiv" in a heading
				if surnameCities[w] {
					m.surname = true
				}
			}
			if m.tj+1 < len(toks) && !toks[m.tj+1].brk && toks[m.tj+1].cap && p.nameNeighbour(text, toks[m.tj+1]) {
				m.nameLike = true // "Vladimir Putin", but also "Kharkiv Pedagogical Institute"
				if givenNames[w] {
					m.surname = true
				}
			}
			if p.g.common[k] || p.g.english[k] {
				m.common = true
			}
		}
		// preceded by a cue word?
		if m.ti > 0 && !first.brk {
			prev := strings.ToLower(text[toks[m.ti-1].s:toks[m.ti-1].e])
			if cueWords[prev] {
				m.cue = true
			}
			m.strongCue = strongCues[prev]
			// "in northern Izyum"
			if directionWords[prev] && m.ti > 1 && !toks[m.ti-1].brk && cueWords[strings.ToLower(text[toks[m.ti-2].s:toks[m.ti-2].e])] {
				m.cue = true
			}
			if titleWords[prev] || (toks[m.ti-1].cap && !toks[m.ti-1].sentStart && titleWords[NameKey(prev)]) {
				continue // "President Volodymyr ..."
			}
		}
		// countries as modifiers: "US forces", "Kenya Defence Forces"
		if p.isCountryOnly(&m) && !m.cue && m.tj+1 < len(toks) && !toks[m.tj+1].brk {
			next := strings.ToLower(text[toks[m.tj+1].s:toks[m.tj+1].e])
			if attributive[next] {
				continue
			}
		}
		out = append(out, m)
	}
	// a word seen inside a name ("Boris Johnson") is a name elsewhere too,
	// unless the text also introduces it as a place ("the city of Hasakeh")
	nameKeys := map[string]bool{}
	surnames := map[string]bool{}
	for _, m := range out {
		if m.nameLike {
			nameKeys[m.key] = true
		}
		if m.surname {
			surnames[m.key] = true
		}
	}
	for _, m := range out {
		if m.cue && !m.nameLike {
			delete(nameKeys, m.key)
		}
	}
	if len(nameKeys) > 0 {
		for i := range out {
			if nameKeys[out[i].key] {
				out[i].nameLike = true
				out[i].surname = out[i].surname || surnames[out[i].key]
			}
		}
	}
	return out
}

// facilityWords after a place name keep it a place ("Hostomel Airport").
var facilityWords = map[string]bool{
	"airport": true, "station": true, "bridge": true, "university": true, "school": true, "hospital": true,
	"airbase": true, "base": true, "port": true, "plant": true, "mine": true, "square": true, "street": true,
	"road": true, "market": true, "prison": true, "checkpoint": true, "river": true, "dam": true,
	"highway": true, "refinery": true, "stadium": true, "mosque": true, "church": true, "cathedral": true,
	"governorate": true, "oblast": true, "region": true, "city": true, "town": true, "village": true,
	"district": true, "province": true, "state": true, "camp": true, "countryside": true, "front": true,
	"axis": true, "direction": true, "sector": true, "border": true, "crossing": true, "harbour": true,
	"harbor": true, "island": true, "islands": true, "mountains": true, "valley": true, "plain": true,
}

// nameNeighbour reports whether a capitalised word next to a place name
// makes it part of a longer name: not for place words, acronyms ("AFP"),
// nationality adjectives or a country's possessive written without the
// apostrophe ("Syrias Hasakeh").
func (p *placeFinder) nameNeighbour(text string, t ptok) bool {
	w := text[t.s:t.e]
	if t.caps || isPlaceWord(w) || strings.ContainsRune(w, '-') { // "Russian-held Popasna"
		return false
	}
	if institutionWords[strings.ToLower(w)] { // "Bungoma Polytechnic" names Bungoma
		return false
	}
	k := NameKey(w)
	if isDemonymKey(k) || stopWords[strings.ToLower(w)] {
		return false
	}
	if strings.HasSuffix(k, "s") {
		for _, id := range p.g.cands(k[:len(k)-1]) {
			if p.g.entries[id].kind == kindCountry {
				return false
			}
		}
	}
	for _, id := range p.g.cands(k) {
		if p.g.entries[id].kind == kindCountry {
			return false
		}
	}
	return true
}

func isPlaceWord(w string) bool {
	w = strings.ToLower(w)
	return facilityWords[w] || regionWords[w] || typeWords[w] || connectors[w] || cueWords[w]
}

func isDemonymKey(k string) bool {
	if _, ok := demonyms[k]; ok {
		return true
	}
	return demonymKeys()[k]
}

var demonymKeys = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for d := range demonyms {
		m[NameKey(d)] = true
	}
	return m
})

// within reports whether entry e lies inside (or is) the area entry a.
func (p *placeFinder) within(e int32, a int32) bool {
	if e == a {
		return true
	}
	x, y := &p.g.entries[e], &p.g.entries[a]
	switch y.kind {
	case kindCountry:
		return x.country == y.country
	case kindAdmin1:
		return x.a1 == a || (y.a1 == a && x.a1 >= 0 && x.a1 == y.a1)
	case kindAdmin2:
		// GeoNames often leaves a place's district empty: inside the
		// district's region will do then
		return x.a2 == a || (x.a2 < 0 && x.a1 >= 0 && x.a1 == y.a1)
	case kindPlace:
		return x.country == y.country && x.a1 == y.a1 && x.a1 >= 0
	}
	return false
}

// resolve picks a candidate for every mention, twice: first from priors and
// the countries and regions named outright, then with the support of the
// other mentions' choices.
//
// shortText (a heading or an event description) lets a lone place stand
// on its own.
func (p *placeFinder) resolve(ms []mention, base map[string]float64, shortText bool) {
	support := map[string]float64{} // country -> weight of distinct entries chosen in it
	regions := map[int32]float64{}  // region or district -> weight of its mentions
	weight := map[int32]float64{}   // entry -> its own contribution to support
	maxSup := 0.0
	for round := 0; round < 3; round++ {
		for i := range ms {
			m := &ms[i]
			if m.unknown || m.dropped || len(m.cands) == 0 {
				continue
			}
			best, bestScore := int32(-1), math.Inf(-1)
			for _, id := range m.cands {
				if m.scope >= 0 && !p.within(id, m.scope) {
					continue
				}
				e := &p.g.entries[id]
				s := p.prior(e)
				if e.key == m.key {
					s += 1.5 // its own name, not an alias ("Pokrovka", not Ivanivka alias Pokrovka)
				}
				if m.slot == 2 && e.kind == kindAdmin1 {
					s += 8
				}
				if m.slot == 1 && e.kind == kindAdmin2 {
					s += 6
				}
				if m.region && e.kind == kindAdmin2 {
					s -= 1 // "X region" is more often the first level
				}
				if round > 0 && maxSup > 0 {
					// the countries the rest of the text speaks of, in
					// proportion to the main one
					sup := support[e.country]
					if m.chosen >= 0 && p.g.entries[m.chosen].country == e.country {
						sup -= weight[m.chosen] // this mention's own vote
					}
					if sup > 0 {
						s += 3 * math.Min(sup, maxSup) / maxSup
					}
					if e.a1 >= 0 && e.a1 != id && regions[e.a1] > 0 {
						s += 3
					}
					if e.a2 >= 0 && e.a2 != id && regions[e.a2] > 0 {
						s += 2
					}
				}
				if s > bestScore {
					best, bestScore = id, s
				}
			}
			if best < 0 && m.scope >= 0 { // nothing inside the scope
				continue
			}
			// a region and a place of the same name inside it: the bare name
			// means the place ("Kharkiv", "Idlib") unless a region word or an
			// ACLED region slot says otherwise
			if best >= 0 && !m.region && m.slot == 0 {
				if b := &p.g.entries[best]; b.kind == kindAdmin1 || b.kind == kindAdmin2 {
					for _, id := range m.cands {
						if e := &p.g.entries[id]; e.kind == kindPlace && (e.a1 == best || e.a2 == best || e.a2 < 0 && e.a1 >= 0 && e.a1 == b.a1 && e.key == b.key) {
							best = id
							break
						}
					}
				}
			}
			m.chosen, m.score = best, bestScore
		}
		// support from this round's choices: each distinct entry counts once
		clear(support)
		for cc, w := range base {
			support[cc] = w
		}
		clear(regions)
		clear(weight)
		for i := range ms {
			m := &ms[i]
			id := m.chosen
			if m.unknown {
				id = m.anchor
			}
			if id < 0 || m.dropped {
				continue
			}
			w := 1.0
			if m.common || m.nameLike {
				w = 0.3
			}
			if weight[id] >= w {
				continue
			}
			e := &p.g.entries[id]
			support[e.country] += w - weight[id]
			weight[id] = w
			if e.kind == kindAdmin1 || e.kind == kindAdmin2 {
				regions[id] = w
			}
		}
		maxSup = 0
		for _, v := range support {
			maxSup = math.Max(maxSup, v)
		}
	}
	// acceptance: small places need support from the rest of the text
	countries := 0 // named through places, not only through adjectives
	for cc, v := range support {
		if v-base[cc] > 0 {
			countries++
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.unknown || m.chosen < 0 {
			continue
		}
		e := &p.g.entries[m.chosen]
		other := support[e.country] - weight[m.chosen] // from other entries
		// one of the text's main countries, on evidence other than this
		// place, or the only country the text speaks of
		main := support[e.country] >= 0.5*maxSup && (other > 0 || countries == 1 || support[e.country] >= maxSup)
		inRegion := (e.a1 >= 0 && e.a1 != m.chosen && regions[e.a1] > 0) || (e.a2 >= 0 && e.a2 != m.chosen && regions[e.a2] > 0)
		multi := m.tj > m.ti
		switch {
		case m.partOfName:
			m.dropped, m.intro = true, false
		case m.slot > 0 || m.scope >= 0:
		case m.common:
			// an ordinary word: only as a region with a region word, or cued
			// in a text that speaks of its country
			if !(m.region || inRegion || (m.strongCue && main && other >= 1)) {
				m.dropped = true
			}
		case e.kind == kindCountry:
		case e.kind == kindAdmin1:
			// a region by its full name or a region word, or one in a
			// country the text speaks of ("Sabah" is a name, not Saba)
			if !(main || other >= 1 || e.key == m.key && !m.nameLike) {
				m.dropped = true
			}
		case e.kind == kindAdmin2:
			bare := e.key != m.key && !m.region // "Holmes" for Holmes County
			// a district by its own name where a place would stand ("a
			// school in Ijara"), in a country the text speaks of
			cuedHere := (!bare || multi) && m.strongCue && !m.nameLike && main
			if bare && !inRegion || !(m.region || inRegion || cuedHere || multi && main || other >= 1 && main) {
				m.dropped = true
			}
		default:
			// a place: in a region the text names, or in one of its main
			// countries with some evidence; elsewhere only capitals and
			// cities introduced as places ("talks in Geneva")
			big := e.pop >= 100000 || e.fclass == fcCapital
			switch {
			case !inRegion && !big && other == 0 && base[e.country] == 0 && p.farFrom(e, base) && (m.intro || m.strongCue):
				// a small namesake abroad, where the text's people and
				// nationalities point to one other country: a place of that
				// country which the gazetteer lacks
				m.dropped, m.homonym = true, true
			case inRegion:
			case m.nameLike && !big, m.surname && !m.cue: // "Lloyd Austin", "Vladimir Putin"
				m.dropped = true
			case main && (big || other >= 1 || m.cue || multi && e.pop >= 1000):
			case shortText && countries == 1 && !m.nameLike && (!m.sentStart || e.pop >= 10000):
				// a heading or event description whose one place this is
			case !main && !m.nameLike && e.fclass == fcCapital:
			case !main && !m.nameLike && big && (m.cue || other >= 1):
			default:
				m.dropped = true
			}
		}
	}
}

// farFrom reports whether e lies far (over 1,500 km) from every country
// that the evidence in base names, and base names one: a village of that
// name in Italy is no candidate for a note about Somali forces, a village
// in Ukraine may well be for one about Russian troops.
func (p *placeFinder) farFrom(e *gazEntry, base map[string]float64) bool {
	if !e.hasPoint {
		return false
	}
	far := false
	for cc, w := range base {
		if w <= 0 || cc == e.country {
			continue
		}
		id, ok := p.g.countries[cc]
		if !ok || !p.g.entries[id].hasPoint {
			continue
		}
		c := &p.g.entries[id]
		if distKm(float64(e.lat), float64(e.lon), float64(c.lat), float64(c.lon)) < 1500 {
			return false
		}
		far = true
	}
	return far
}

// distKm is the great-circle distance between two points.
func distKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// locations turns resolved mentions into Locations, one per place.
func (p *placeFinder) locations(text string, ms []mention) []Location {
	var out []Location
	index := map[string]int{}
	add := func(key string, loc Location, mention string) {
		if i, ok := index[key]; ok {
			for _, have := range out[i].Mentions {
				if have == mention {
					return
				}
			}
			out[i].Mentions = append(out[i].Mentions, mention)
			return
		}
		loc.Mentions = []string{mention}
		index[key] = len(out)
		out = append(out, loc)
	}
	for i := range ms {
		m := &ms[i]
		if m.dropped {
			continue
		}
		surface := text[m.s:m.e]
		if m.unknown {
			if m.anchor < 0 {
				if m.needAnchor || !m.cue && !m.intro {
					continue
				}
				add("u:"+NameKey(m.name)+":", Location{Name: m.name, Kind: "place"}, surface)
				continue
			}
			loc := p.location(m.anchor)
			loc.Name, loc.GeonameID, loc.Approx, loc.Kind = m.name, 0, true, "place"
			a := &p.g.entries[m.anchor]
			if a.kind == kindPlace {
				// near a known place: same district and region, its point
				loc.Admin2, loc.Admin1 = p.nameOf(a.a2), p.nameOf(a.a1)
			}
			add("u:"+NameKey(m.name)+":"+loc.Country, loc, surface)
			continue
		}
		if m.chosen < 0 {
			continue
		}
		add(kindNames[p.g.entries[m.chosen].kind]+":"+itoa(int(m.chosen)), p.location(m.chosen), surface)
	}
	// a region named only through a place of the same name inside it is
	// dropped ("Qandala" district beside "Qandala" town)
	out = dedupeRegions(out)
	sort.SliceStable(out, func(i, j int) bool { return false })
	return out
}

func dedupeRegions(locs []Location) []Location {
	places := map[string]bool{}
	for _, l := range locs {
		if l.Kind == "place" {
			places[NameKey(l.Name)+"|"+l.Admin1+"|"+l.Admin2] = true
		}
	}
	out := locs[:0]
	for _, l := range locs {
		if l.Kind == "admin2" && places[NameKey(l.Name)+"|"+l.Admin1+"|"+l.Name] {
			continue
		}
		out = append(out, l)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func (p *placeFinder) nameOf(id int32) string {
	if id < 0 {
		return ""
	}
	return p.g.entries[id].name
}

// location builds the Location of a gazetteer entry with its hierarchy.
func (p *placeFinder) location(id int32) Location {
	e := &p.g.entries[id]
	l := Location{Name: e.name, Country: e.country, Kind: kindNames[e.kind], GeonameID: int(e.geonameID)}
	if e.kind != kindCountry {
		l.Admin1 = p.nameOf(e.a1)
		if e.kind != kindAdmin1 {
			l.Admin2 = p.nameOf(e.a2)
		}
	}
	if e.hasPoint {
		lat, lon := round5(float64(e.lat)), round5(float64(e.lon))
		l.Lat, l.Lon, l.Approx = &lat, &lon, e.rough
	} else if e.a1 >= 0 && p.g.entries[e.a1].hasPoint {
		a := &p.g.entries[e.a1]
		lat, lon := round5(float64(a.lat)), round5(float64(a.lon))
		l.Lat, l.Lon, l.Approx = &lat, &lon, true
	}
	return l
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

// demonymSupport is the weak evidence that nationality adjectives give for
// their country ("the Syrian town of ..."): half a mention per country.
func (p *placeFinder) demonymSupport(toks []ptok, buf []byte) map[string]float64 {
	var out map[string]float64
	for _, t := range toks {
		if !t.cap {
			continue
		}
		if cc := demonyms[string(buf[t.f0:t.f1])]; cc != "" {
			if out == nil {
				out = map[string]float64{}
			}
			out[cc] = 0.5
		}
	}
	return out
}

// demonymCountries adds the country of a nationality that the text speaks
// of again and again ("North Korean troops ... North Korean infantry") but
// never names: the article is about that country's part. A single "Russian
// forces" adds nothing.
func (p *placeFinder) demonymCountries(text string, toks []ptok, buf []byte, locs []Location) []Location {
	have := map[string]bool{}
	for _, l := range locs {
		if l.Kind == "country" {
			have[l.Country] = true
		}
	}
	count := map[string]int{}
	surface := map[string]string{}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap {
			continue
		}
		w := string(buf[t.f0:t.f1])
		span := text[t.s:t.e]
		if (w == "north" || w == "south") && i+1 < len(toks) && !toks[i+1].brk {
			w2 := string(buf[toks[i+1].f0:toks[i+1].f1])
			if w2 == "korean" || w2 == "koreans" {
				w = w + w2
				span = text[t.s:toks[i+1].e]
				i++
			}
		}
		cc, ok := demonyms[w]
		if !ok || cc == "" || have[cc] {
			continue
		}
		count[cc]++
		if surface[cc] == "" {
			surface[cc] = span
		}
	}
	var ccs []string
	for cc, n := range count {
		if n >= 3 {
			ccs = append(ccs, cc)
		}
	}
	sort.Strings(ccs)
	for _, cc := range ccs {
		if id, ok := p.g.countries[cc]; ok {
			l := p.location(id)
			l.Mentions = []string{surface[cc]}
			locs = append(locs, l)
		}
	}
	return locs
}
