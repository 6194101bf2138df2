package extract

import (
	"strings"
	"unicode"
)

// How English puts a name in a place's position, independent of any one
// data set's habits: a preposition of place ("clashes in Lodungokwe", "a bus
// torched at Sirende", "between Gwaro and Dodot"), a noun of position or of
// inhabitants before "of" ("residents of Ngomeni", "the outskirts of X",
// "north of X"), and the coordination of a place with another name ("in X
// and Y"). A capitalised name so placed is a place even when the gazetteer
// lacks it, unless what follows makes it something else: a people ("Garre
// clan"), an institution ("X Hospital"), a possessor ("X's men").

// locativePreps put the following name in a place's position.
var locativePreps = map[string]bool{
	"in": true, "at": true, "near": true, "outside": true, "around": true, "towards": true, "toward": true,
	"into": true, "inside": true, "from": true, "between": true, "via": true, "through": true, "across": true,
	"within": true, "beyond": true, "nearby": true,
}

// placeVerbs take a place as their object: "shelled X", "raided X",
// "fled X", "entered X".
var placeVerbs = map[string]bool{
	"shelled": true, "struck": true, "hit": true, "attacked": true, "raided": true, "bombed": true,
	"stormed": true, "captured": true, "seized": true, "besieged": true, "liberated": true, "entered": true,
	"reached": true, "fled": true, "evacuated": true, "targeted": true, "overran": true, "torched": true,
	"looted": true, "occupied": true, "recaptured": true, "encircled": true, "retook": true, "surrounded": true,
	"off": true, "visited": true, "pounded": true, "razed": true, "ambushed": true, "invaded": true,
	"abandoned": true, "left": true, "leaving": true, "flooded": true, "hitting": true, "shelling": true,
	"attacking": true, "raiding": true, "bombing": true, "capturing": true, "entering": true,
}

// placeObjectVerbs take only places as their object, so that the name
// after them is one: "shelled Novoyarivka", "fled Kalbaruk".
var placeObjectVerbs = map[string]bool{
	"shelled": true, "raided": true, "bombed": true, "stormed": true, "captured": true, "besieged": true,
	"liberated": true, "entered": true, "reached": true, "fled": true, "evacuated": true, "overran": true,
	"looted": true, "occupied": true, "recaptured": true, "encircled": true, "retook": true, "razed": true,
	"invaded": true, "shelling": true, "raiding": true, "entering": true, "recapturing": true, "besieging": true,
}

// positionNouns before "of" make the following name a place: "residents of
// X", "the outskirts of X", "north of X".
var positionNouns = map[string]bool{
	"residents": true, "resident": true, "inhabitants": true, "villagers": true, "townspeople": true,
	"outskirts": true, "vicinity": true, "environs": true, "suburbs": true, "suburb": true, "heart": true,
	"centre": true, "center": true, "edge": true, "outskirt": true, "north": true, "south": true, "east": true,
	"west": true, "northeast": true, "northwest": true, "southeast": true, "southwest": true, "northeastern": true,
	"outside": true, "parts": true, "part": true, "streets": true, "people": true, "town": true, "village": true,
	"city": true, "villages": true, "towns": true, "mayor": true, "governor": true,
	"kilometres": true, "kilometers": true, "km": true, "miles": true, "neighbourhood": true, "neighborhood": true,
}

// inhabitantNouns after a name make it the place its people live or trade
// in: "Ngomeni residents", "Voi hawkers".
var inhabitantNouns = map[string]bool{
	"residents": true, "villagers": true, "traders": true, "hawkers": true, "locals": true,
	"shopkeepers": true, "inhabitants": true, "dwellers": true, "townspeople": true, "townsfolk": true,
	"commuters": true, "motorists": true, "fishermen": true, "businesspeople": true,
}

// groupNouns after a name make it a people, a clan or a group, not a place:
// "Garre clan", "Maasai herders", "Fulani militia".
var groupNouns = map[string]bool{
	"clan": true, "clans": true, "subclan": true, "subclans": true, "sub-clan": true, "sub-clans": true,
	"tribe": true, "tribes": true, "tribesmen": true, "tribal": true, "community": true, "communities": true,
	"herders": true, "herder": true, "herdsmen": true, "herdsman": true, "pastoralists": true, "pastoralist": true,
	"militia": true, "militias": true, "militiamen": true, "ethnic": true, "people": true, "elders": true,
	"warriors": true, "morans": true, "raiders": true, "fighters": true, "members": true, "family": true,
	"families": true, "group": true, "groups": true, "faction": true, "factions": true, "youths": true,
	"youth": true, "leaders": true, "leader": true, "supporters": true, "loyalists": true, "brothers": true,
	"language": true, "speakers": true, "speaking": true, "majority": true, "minority": true,
}

// institutionWords after a name make it an institution's name ("Nairobi
// Hospital", "Moi University"); the name before them is not a place of its
// own unless the gazetteer knows it.
var institutionWords = map[string]bool{
	"hospital": true, "school": true, "university": true, "college": true, "polytechnic": true, "academy": true,
	"institute": true, "hotel": true, "bank": true, "company": true, "corporation": true, "party": true,
	"movement": true, "front": true, "council": true, "assembly": true, "ministry": true, "court": true,
	"church": true, "mosque": true, "foundation": true, "club": true, "stadium": true, "airport": true,
	"prison": true, "barracks": true, "station": true, "office": true, "brigade": true, "battalion": true,
	"regiment": true, "division": true, "unit": true, "operation": true, "agency": true, "commission": true,
	"committee": true, "association": true, "union": true, "network": true, "radio": true, "tv": true,
	"television": true, "news": true, "times": true, "group": true, "forces": true, "force": true, "army": true,
	"police": true, "militia": true, "primary": true, "secondary": true, "high": true,
	"girls": true, "boys": true, "memorial": true, "road": true, "street": true, "avenue": true,
	"highway": true, "bridge": true, "river": true, "lake": true, "mountain": true, "mountains": true, "hills": true,
	"factory": true, "plant": true, "refinery": true, "monastery": true, "park": true, "center": true,
	"complex": true, "mall": true, "cathedral": true, "museum": true, "theatre": true, "theater": true,
	"library": true, "palace": true, "tower": true, "building": true, "hall": true, "square": true,
	"port": true, "harbour": true, "harbor": true, "dam": true, "mine": true, "base": true, "airbase": true,
	"checkpoint": true, "crossing": true,
}

// nameConnectors may stand inside an unknown name in lower case ("Ras al
// Ain", "Bab el Hawa"); "and", "of" and "the" join names, they do not make
// one, and English words ("as", "an", "do") end a name.
var nameConnectors = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "ash": true, "az": true, "ez": true, "es": true,
	"bin": true, "ibn": true, "de": true, "del": true, "la": true, "le": true, "da": true, "dos": true,
	"das": true, "di": true, "du": true, "des": true, "der": true, "ul": true, "sur": true,
}

// cued finds names in a place's position that no earlier rule read: an
// unknown name becomes a place of its own (its point and country come from
// anchorUnknown), a known one counts as cued.
func (p *placeFinder) cued(text string, toks []ptok, ms []mention, sc *scratch) []mention {
	// cover[t] is the first mention over token t, or -1
	cover := sc.cover[:0]
	if cap(cover) < len(toks) {
		cover = make([]int32, len(toks))
	}
	cover = cover[:len(toks)]
	sc.cover = cover
	for t := range cover {
		cover[t] = -1
	}
	for k := len(ms) - 1; k >= 0; k-- {
		for t := ms[k].ti; t <= ms[k].tj; t++ {
			cover[t] = int32(k)
		}
	}
	covered := func(i int) int { return int(cover[i]) }
	prevPlace := -1 // token index of the end of the last cued place, for "X and Y"
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap || t.brk && !t.openParen && !t.sentStart {
			continue
		}
		j := capSpan(toks, sc, i, 4)
		if j < 0 {
			continue
		}
		// "Kiptarak residents", "Mwatate hawkers": people of a place
		inhabited := j+1 < len(toks) && !toks[j+1].brk && inhabitantNouns[sc.fold(toks[j+1])] && !toks[j+1].cap
		if !inhabited && (i == 0 || t.brk && !t.openParen || !p.locativeBefore(text, toks, sc, i, prevPlace)) {
			continue
		}
		// a facility's name ends before its kind: "Lysychansk Oil Refinery"
		// names Lysychansk, "Sintez Pharmaceutical Factory" no place at all
		for k := i + 1; k <= j; k++ {
			if institutionWords[sc.fold(toks[k])] {
				j = k - 1
				if mi := mentionAt(ms, i, j); mi < 0 || ms[mi].unknown {
					j = -1
				}
				break
			}
		}
		if j < 0 {
			continue
		}
		// a known mention that starts here and ends inside or at the span
		if k := covered(i); k >= 0 && !ms[k].unknown {
			m := &ms[k]
			if m.ti == i && m.tj >= j {
				m.cue, m.strongCue, m.intro = true, m.strongCue || !inhabited, m.intro || inhabited
				prevPlace = m.tj
				i = m.tj
				continue
			}
		} else if k >= 0 {
			prevPlace = ms[k].tj
			i = ms[k].tj
			continue
		}
		if !p.nameInPlacePosition(text, toks, sc, i, j) || titleCased(sc, i) {
			continue
		}
		if len(p.lookup(sc, toks, i, j, false)) > 0 {
			continue // a known name that an earlier rule set aside
		}
		// known words inside the name are parts of it ("Cali" in "Ceel Cali
		// Mire"), unless a country, region or city starts it ("Bungoma
		// Polytechnic" stops above; "Somalia Al" cannot occur: a break)
		// the mentions over the name's words, through the cover table
		var inner []int
		for t := i; t <= j; t++ {
			if k := int(cover[t]); k >= 0 && (len(inner) == 0 || inner[len(inner)-1] != k) {
				inner = append(inner, k)
			}
		}
		keep := true
		for _, k := range inner {
			o := &ms[k]
			if o.dropped {
				continue
			}
			if o.ti < i || o.tj > j || o.unknown {
				keep = false // overlaps a longer name
				break
			}
			if o.ti == i && p.majorPlace(o) {
				keep = false
				break
			}
		}
		if !keep {
			continue
		}
		for _, k := range inner {
			if o := &ms[k]; !o.unknown {
				o.dropped = true
			}
		}
		ms = append(ms, mention{s: toks[i].s, e: toks[j].e, ti: i, tj: j, unknown: true, cue: true, strongCue: !inhabited,
			name: text[toks[i].s:toks[j].e], anchor: -1, scope: -1, chosen: -1, needAnchor: true, bare: !inhabited, intro: inhabited})
		for t := i; t <= j; t++ {
			if cover[t] < 0 {
				cover[t] = int32(len(ms) - 1)
			}
		}
		prevPlace = j
		i = j
	}
	return ms
}

// locativeBefore reports whether the words before token i put it in a
// place's position.
func (p *placeFinder) locativeBefore(text string, toks []ptok, sc *scratch, i, prevPlace int) bool {
	k := i - 1
	w := sc.fold(toks[k])
	// "in northern X", "near rural X"
	if directionWords[w] && !toks[k].cap && k > 0 && !toks[k].brk {
		k--
		w = sc.fold(toks[k])
	}
	if toks[k].cap && !toks[k].sentStart {
		return false
	}
	switch {
	case locativePreps[w]:
		return true
	case w == "and" || w == "or":
		// "between X and Y", "in X and Y"
		return prevPlace == k-1
	case w == "of" && k > 0 && !toks[k].brk:
		return positionNouns[sc.fold(toks[k-1])] && (!toks[k-1].cap || toks[k-1].sentStart)
	case placeObjectVerbs[w]:
		return true
	}
	return false
}

// nameInPlacePosition rejects names that what follows or what they are
// makes something other than a place.
func (p *placeFinder) nameInPlacePosition(text string, toks []ptok, sc *scratch, i, j int) bool {
	if !p.plausibleName(text, toks, sc, i, j) {
		return false
	}
	// a possessor: "at Hassan's house"
	if e := toks[j].e; e+1 < len(text) && isApos(rune(text[e])) {
		return false
	}
	if j+1 < len(toks) && !toks[j+1].brk {
		next := sc.fold(toks[j+1])
		if groupNouns[next] || institutionWords[next] {
			return false
		}
		if toks[j+1].cap && stopWords[next] && !typeWords[next] && !regionWords[next] {
			return false // "Hodan Hospital", "Daynile Police"
		}
	}
	return true
}

// plausibleName reports whether tokens i..j can be the name of a place the
// gazetteer lacks: not an adjective of nationality or faith ("Syrian",
// "Jewish", "Russian-occupied"), not an acronym, not ordinary English
// words alone ("Parliament", "Livestock Market"), not a first name, not an
// institution's kind ("Operation ..."), not a country's possessive without
// its apostrophe ("Syrias"), not a run-together web label ("HaveYourSay").
func (p *placeFinder) plausibleName(text string, toks []ptok, sc *scratch, i, j int) bool {
	if j == i && toks[i].e-toks[i].s < 3 {
		return false // "A", "Al"
	}
	if institutionWords[sc.fold(toks[i])] {
		return false // "Operation Linda Boni", "Radio Dalsan"
	}
	english := 0
	for k := i; k <= j; k++ {
		t := toks[k]
		word := text[t.s:t.e]
		if adjectival(word) {
			return false // "Jewish cemetery", "Russian-occupied Kherson"
		}
		if t.caps && t.e-t.s > 1 && !strings.ContainsAny(word, "0123456789") {
			return false // acronyms: organisations and units, not villages ("K50" is a place)
		}
		if innerCapital(word) {
			return false // "HaveYourSay", "FacebookComment"
		}
		w := sc.fold(t)
		if p.g.english[w] || p.g.common[w] || connectors[w] {
			english++
		}
		if givenNames[w] || isDemonymKey(w) {
			return false
		}
		if n := len(w); n > 3 && w[n-1] == 's' {
			for _, id := range p.g.cands(w[:n-1]) {
				if p.g.entries[id].kind == kindCountry {
					return false // "Syrias Idlib": Syria's, its apostrophe lost
				}
			}
		}
	}
	return english < j-i+1 // "in Parliament", "at Livestock Market"
}

// innerCapital reports whether a word has a capital after a small letter,
// as run-together labels do ("HaveYourSay"); "McDonald" is the exception
// of two letters.
func innerCapital(w string) bool {
	lower := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r) && lower >= 2:
			return true
		case !unicode.IsLetter(r):
			lower = 0
		}
	}
	return false
}

// majorPlace reports whether a known mention names a country, a region or a
// city whose name would not begin another place's name by chance.
func (p *placeFinder) majorPlace(m *mention) bool {
	for _, id := range m.cands {
		e := &p.g.entries[id]
		if e.kind == kindCountry || e.kind == kindAdmin1 || e.pop >= 100000 || e.fclass == fcCapital {
			return true
		}
	}
	return false
}

// textCountries weighs the countries that the article's actors belong to,
// by the country or nationality their names carry ("Kenya Police",
// "Government of Mali", "Somali National Army"): evidence of where the
// story happens when no place says it. It is the last resort for an
// unknown place's country: a region or country that the text names wins.
func (p *placeFinder) textCountries(actors []Actor) map[string]float64 {
	var out map[string]float64
	for _, a := range actors {
		cc := p.countryOfName(a.Name)
		if cc == "" {
			continue
		}
		if out == nil {
			out = map[string]float64{}
		}
		out[cc] = 0.5
	}
	return out
}

// countryOfName returns the country that a name carries in one of its
// words, as a nationality ("Somali") or the country's name ("of Kenya").
func (p *placeFinder) countryOfName(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '(' || r == ')' || r == ',' })
	for k, w := range words {
		key := NameKey(w)
		if cc := demonyms[key]; cc != "" {
			return cc
		}
		for n := 1; n <= 2 && k+n <= len(words); n++ {
			for _, id := range p.g.cands(NameKey(strings.Join(words[k:k+n], " "))) {
				if e := &p.g.entries[id]; e.kind == kindCountry && e.key == NameKey(e.name) {
					return e.country
				}
			}
		}
	}
	return ""
}

// adjectival reports whether a capitalised word is an adjective of
// nationality, faith or allegiance rather than a name: "Jewish", "Alawite",
// "Congolese", "Russian-occupied", "Turkish-backed".
func adjectival(w string) bool {
	lw := strings.ToLower(w)
	if i := strings.IndexByte(lw, '-'); i > 0 {
		switch lw[i+1:] {
		case "occupied", "held", "controlled", "backed", "led", "allied", "based", "run", "born", "speaking", "affiliated", "aligned", "linked":
			return true
		}
		return false
	}
	// -ian is left to the nationality list: "Marian", "Adrian" are names
	for _, suf := range []string{"ish", "ese", "ists", "ite", "ites"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf)+2 {
			return true
		}
	}
	return false
}

// titleCased reports whether the sentence holding token i capitalises most
// of its words, as headings do (see scratch.sentences).
func titleCased(sc *scratch, i int) bool { return sc.title[i] }

// peoples drops the names that the text uses for a people, a clan or a
// group rather than a land: the actor dictionary's peoples ("Maasai",
// "Fulani") and any name followed by a group noun ("the Garre and Degodia
// clans", "Naga groups"). A name stays a place where the text puts
// something in it ("in Amhara") or names it as a region ("Amhara region").
func (p *placeFinder) peoples(text string, toks []ptok, sc *scratch, ms []mention, actors []Actor) {
	var people map[string]bool
	for _, a := range actors {
		if a.Kind != "group" {
			continue
		}
		for _, m := range a.Mentions {
			if people == nil {
				people = map[string]bool{}
			}
			people[NameKey(m)] = true
		}
	}
	groupAfter := func(j int) bool {
		// "X clans", "X and Y clans", "X, Y and Z herders"
		for k := j + 1; k < len(toks) && k <= j+6; k++ {
			w := sc.fold(toks[k])
			if groupNouns[w] && !toks[k].cap {
				return !toks[k].brk || k == j+1
			}
			if toks[k].brk && strings.TrimSpace(text[toks[k-1].e:toks[k].s]) != "," {
				return false
			}
			if !toks[k].cap && w != "and" {
				return false
			}
		}
		return false
	}
	for i := range ms {
		m := &ms[i]
		if m.dropped || m.region || m.strongCue || m.slot > 0 {
			continue
		}
		if m.tj+1 < len(toks) && regionWords[sc.fold(toks[m.tj+1])] {
			continue
		}
		k := NameKey(text[m.s:m.e])
		if people[k] || p.peopleKeys[k] || groupAfter(m.tj) {
			m.dropped, m.intro = true, false // for good: no later rule revives it
		}
	}
}

// partsOfNames marks known mentions that only stand inside a longer name:
// a region name whose first word continues an unknown capitalised name
// before it ("Rift Valley Province", "Embu West District"), and a country
// or region followed by a capitalised word that no dictionary knows, as a
// first name before a surname ("Georgia Achieng", "Jordan Kipchumba").
func (p *placeFinder) partsOfNames(text string, toks []ptok, sc *scratch, ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.unknown || m.dropped || m.cue && m.strongCue {
			continue
		}
		if m.ti > 0 && !toks[m.ti].brk && !toks[m.ti].sentStart {
			prev := toks[m.ti-1]
			if prev.cap && !isStopTok(sc, prev) && p.nameNeighbour(text, prev) && (m.region || stopWords[sc.fold(toks[m.ti])]) {
				m.partOfName = true // "Rift | Valley Province", "Embu | West District"
				continue
			}
		}
		// a first name: one unknown capitalised word after, and the name ends
		// there ("Georgia Achieng, an aspirant"); "Kharkiv Pedagogical
		// Institute" is an institution's name, which names Kharkiv
		if n := m.tj + 1; m.ti == m.tj && n < len(toks) && !toks[n].brk && toks[n].cap && (n+1 == len(toks) || toks[n+1].brk || !toks[n+1].cap) {
			next := toks[n]
			w := sc.fold(next)
			if p.g.english[w] || p.g.common[w] || isStopTok(sc, next) || isPlaceWord(text[next.s:next.e]) || next.caps ||
				institutionWords[w] || len(p.lookup(sc, toks, n, n, false)) > 0 {
				continue
			}
			area, town := false, false
			for _, id := range m.cands {
				e := &p.g.entries[id]
				switch {
				case e.kind == kindCountry || e.kind == kindAdmin1:
					area = true
				case e.kind == kindPlace && e.pop >= 1000:
					town = true
				}
			}
			m.partOfName = area && !town
		}
	}
}
