package extract

import (
	"strings"
)

// A country or its capital often stands for its government, not for a place:
// "Moscow blamed Washington", "Russia's strikes", "backed by Turkey", "Russia,
// Iran and Turkey agree". English marks the agent reading by what surrounds
// the name: a verb of saying or doing after it, a possessive before a noun
// that is not a part of the land, an agentive preposition ("by", "with")
// or a verb before it. Such a mention is an actor (the country's
// government), and the country stays a place only where another mention puts
// something there ("in Russia", "Russia's Kursk region", "a Russian border
// town").

// agentVerbs after a country's name make it the doer.
var agentVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "has": true, "have": true, "had": true, "will": true, "would": true,
	"can": true, "could": true, "should": true, "must": true, "may": true, "might": true, "blamed": true,
	"blames": true, "accused": true, "accuses": true, "denied": true, "denies": true, "claimed": true,
	"claims": true, "warned": true, "warns": true, "announced": true, "announces": true, "rejected": true,
	"rejects": true, "condemned": true, "condemns": true, "demanded": true, "demands": true, "urged": true,
	"urges": true, "insisted": true, "insists": true, "vowed": true, "vows": true, "threatened": true,
	"threatens": true, "responded": true, "responds": true, "recognised": true, "recognized": true,
	"recognises": true, "recognizes": true, "agreed": true, "agrees": true, "agree": true, "refused": true,
	"refuses": true, "summoned": true, "summons": true, "sanctioned": true, "imposed": true, "imposes": true,
	"expelled": true, "expels": true, "retaliated": true, "launched": true, "launches": true, "sent": true,
	"sends": true, "supplied": true, "supplies": true, "supports": true, "supported": true, "backed": true,
	"backs": true, "wants": true, "wanted": true, "hopes": true, "believes": true, "called": true,
	"calls": true, "signed": true, "signs": true, "deployed": true, "deploys": true, "invaded": true,
	"invades": true, "attacked": true, "attacks": true, "struck": true, "strikes": true, "bombed": true,
	"bombs": true, "shelled": true, "shells": true, "vetoed": true, "vetoes": true, "voted": true,
	"votes": true, "offered": true, "offers": true, "proposed": true, "proposes": true, "pledged": true,
	"pledges": true, "promised": true, "promises": true, "sees": true, "saw": true, "considers": true,
	"considered": true, "plans": true, "planned": true, "intends": true, "continues": true, "continued": true,
	"began": true, "begins": true, "started": true, "stopped": true, "halted": true, "suspended": true,
	"withdrew": true, "withdraws": true, "seeks": true, "sought": true, "stated": true, "states": true,
	"reported": true, "reports": true, "confirmed": true, "confirms": true, "acknowledged": true,
	"admitted": true, "admits": true, "hosted": true, "hosts": true, "joined": true,
	"joins": true, "did": true, "does": true, "didn't": true, "doesn't": true, "won't": true, "cannot": true,
	"also": true, "meanwhile": true, "reportedly": true, "allegedly": true, "already": true, "still": true,
}

// agentBefore are words after which a country's name is a doer or a party:
// "backed by Turkey", "talks with Moscow", "accused Kyiv".
var agentBefore = map[string]bool{
	"by": true, "with": true, "against": true, "accused": true, "accuses": true, "accusing": true,
	"blamed": true, "blames": true, "blaming": true, "urged": true, "urges": true, "urging": true,
	"warned": true, "warns": true, "told": true, "asked": true, "criticised": true, "criticized": true,
	"condemned": true, "sanctioned": true, "pressed": true, "thanked": true, "allies": true, "ally": true,
	"supporters": true, "backers": true, "sponsors": true, "between": false,
}

// landNouns after a possessive keep a country a place: "Russia's Kursk
// region", "Syria's north", "Ukraine's border".
var landNouns = map[string]bool{
	"border": true, "borders": true, "territory": true, "territories": true, "soil": true, "airspace": true,
	"waters": true, "coast": true, "coastline": true, "north": true, "south": true, "east": true, "west": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true, "northern": true,
	"southern": true, "eastern": true, "western": true, "central": true, "capital": true, "city": true,
	"cities": true, "town": true, "towns": true, "village": true, "villages": true, "region": true,
	"regions": true, "province": true, "provinces": true, "side": true, "frontier": true, "countryside": true,
	"interior": true, "heartland": true, "outskirts": true, "largest": true, "second": true, "port": true,
	"ports": true, "oblast": true, "governorate": true, "district": true, "districts": true, "mountains": true,
	"desert": true, "islands": true, "island": true, "land": true, "lands": true, "area": true, "areas": true,
}

// armsNouns after a country's name make it the owner of the arms, a doer.
var armsNouns = map[string]bool{
	"raids": true, "raid": true, "airstrikes": true, "airstrike": true, "air": true, "strikes": true,
	"strike": true, "jets": true, "warplanes": true, "aircraft": true, "drones": true, "drone": true,
	"missiles": true, "missile": true, "troops": true, "soldiers": true, "forces": true, "military": true,
	"army": true, "navy": true, "artillery": true, "bombardment": true, "bombing": true, "bombings": true,
	"shelling": true, "offensive": true, "officials": true, "diplomats": true, "envoy": true,
}

// militaryVerbs make the doer a country's armed forces rather than its
// government: "Russia launched 90 drones", "Israel struck targets".
var militaryVerbs = map[string]bool{
	"launched": true, "launches": true, "struck": true, "strikes": true, "attacked": true, "attacks": true,
	"shelled": true, "shells": true, "bombed": true, "bombs": true, "invaded": true, "invades": true,
	"deployed": true, "deploys": true, "fired": true, "fires": true, "captured": true, "seized": true,
	"shot": true, "downed": true, "hit": true, "targeted": true, "targets": true, "pounded": true,
	"retaliated": true, "raided": true, "occupied": true, "advanced": true, "withdrew": true,
}

// agent is a country named as a doer, for the actor side.
type agent struct {
	country  string // ISO2
	mention  string
	military bool // its armed forces rather than its government
}

// agents marks the mentions of countries and capitals that the text uses as
// doers: they are dropped as places and returned as agents.
func (p *placeFinder) agents(text string, toks []ptok, sc *scratch, ms []mention) []agent {
	var out []agent
	for i := range ms {
		m := &ms[i]
		if m.dropped || m.unknown || m.chosen < 0 || m.slot > 0 || m.region {
			continue
		}
		e := &p.g.entries[m.chosen]
		if e.kind != kindCountry && e.fclass != fcCapital {
			continue
		}
		military, ok := p.modifierReading(text, toks, sc, m)
		if !ok && !m.strongCue {
			military, ok = p.agentReading(text, toks, sc, ms, i)
		}
		if !ok {
			continue
		}
		m.dropped, m.intro = true, false
		out = append(out, agent{country: e.country, mention: text[m.s:m.e], military: military})
	}
	return out
}

// modifierReading reports whether a country's name modifies a doer: "US-led
// coalition", "Turkey-backed forces", "U.S. raids".
func (p *placeFinder) modifierReading(text string, toks []ptok, sc *scratch, m *mention) (military, ok bool) {
	// "Turkey-backed forces", "US-led coalition"
	if e := toks[m.tj].e; e < len(text) && text[e] == '-' {
		rest := text[e+1:]
		for _, w := range []string{"backed", "led", "sponsored", "funded", "allied", "supported", "brokered", "trained", "armed"} {
			if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) {
				return false, true
			}
		}
	}
	// a country's name as the modifier of its arms: "U.S. raids", "Russian
	// air strikes" (nationalities are not mentions), "Turkey warplanes"
	if m.tj+1 < len(toks) && !toks[m.tj+1].brk && armsNouns[sc.fold(toks[m.tj+1])] {
		return true, true
	}
	return false, false
}

// agentReading reports whether mention i is used as a doer.
func (p *placeFinder) agentReading(text string, toks []ptok, sc *scratch, ms []mention, i int) (military, ok bool) {
	m := &ms[i]
	// before: "backed by Turkey", "accused Moscow", "by the United States"
	if b := m.ti - 1; b >= 0 && !toks[m.ti].brk {
		if sc.fold(toks[b]) == "the" && !toks[b].cap && b > 0 && !toks[b].brk {
			b--
		}
		if !toks[b].cap && agentBefore[sc.fold(toks[b])] {
			return false, true
		}
	}
	// a possessive: "Russia's strikes" is the government's, "Russia's
	// Kursk region" the land's
	if e := toks[m.tj].e; e+2 <= len(text) && (strings.HasPrefix(text[e:], "'s") || strings.HasPrefix(text[e:], "’s")) {
		if m.tj+1 < len(toks) {
			next := toks[m.tj+1]
			gap := strings.TrimSpace(text[e+len("'s") : next.s])
			if strings.HasPrefix(text[e:], "’s") {
				gap = strings.TrimSpace(text[e+len("’s") : next.s])
			}
			if gap != "" || next.cap || landNouns[sc.fold(next)] || directionWords[sc.fold(next)] {
				return false, false
			}
			w := sc.fold(next)
			return armsNouns[w] || militaryVerbs[w] || w == "attack" || w == "attacks" || w == "invasion" || w == "war", true
		}
		return false, false
	}
	// after, over a list of coordinated countries: "Russia, Iran and Turkey
	// agree"
	k := m.tj + 1
	for k < len(toks) {
		if toks[k].brk && strings.TrimSpace(text[toks[k-1].e:toks[k].s]) != "," {
			return false, false
		}
		w := sc.fold(toks[k])
		if w == "and" && !toks[k].cap {
			k++
			continue
		}
		if toks[k].cap {
			// another country in the list
			n := mentionAt(ms, k, k)
			if n < 0 {
				// multi-word names: any mention starting here
				for q := range ms {
					if ms[q].ti == k {
						n = q
						break
					}
				}
			}
			if n < 0 || ms[n].chosen < 0 {
				return false, false
			}
			if c := &p.g.entries[ms[n].chosen]; c.kind != kindCountry && c.fclass != fcCapital {
				return false, false
			}
			k = ms[n].tj + 1
			continue
		}
		if toks[k].brk {
			return false, false
		}
		return militaryVerbs[w], agentVerbs[w] || militaryVerbs[w]
	}
	return false, false
}

// demonymLand adds the country of a nationality adjective that qualifies a
// part of the land ("near the Ukrainian border", "a Russian border town"),
// when the text does not name the country as a place otherwise.
func (p *placeFinder) demonymLand(text string, toks []ptok, buf []byte, locs []Location) []Location {
	have := map[string]bool{}
	for _, l := range locs {
		if l.Kind == "country" {
			have[l.Country] = true
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if !t.cap || toks[i+1].brk {
			continue
		}
		cc := demonyms[string(buf[t.f0:t.f1])]
		if cc == "" || have[cc] {
			continue
		}
		next := string(buf[toks[i+1].f0:toks[i+1].f1])
		switch next {
		case "border", "territory", "soil", "airspace", "waters", "coast", "side", "frontier", "town", "village",
			"city", "region", "province", "capital", "mainland":
		default:
			continue
		}
		if id, ok := p.g.countries[cc]; ok {
			l := p.location(id)
			l.Mentions = []string{text[t.s:t.e]}
			locs = append(locs, l)
			have[cc] = true
		}
	}
	return locs
}
