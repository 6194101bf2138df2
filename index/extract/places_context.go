package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"sort"
	"strings"
)

// decompressedGazetteer returns the countries section of the gazetteer
// (the file starts with it), without loading the rest.
func decompressedGazetteer() (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gazetteerData))
	if err != nil {
		return "", err
	}
	br := bufio.NewReader(zr)
	var sb strings.Builder
	for {
		line, err := br.ReadString('\n')
		if strings.HasPrefix(line, "A\t") {
			break
		}
		sb.WriteString(line)
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

// capSpan extends a span of capitalised words (with connectors) rightwards
// from token i, at most n words; it returns the last token, or -1.
func capSpan(toks []ptok, sc *scratch, i, n int) int {
	if i >= len(toks) || !toks[i].cap || isStopTok(sc, toks[i]) {
		return -1
	}
	last := i
	for k := i + 1; k < len(toks) && k < i+n; k++ {
		if toks[k].brk && !toks[k].dash {
			break
		}
		if toks[k].cap && !isStopTok(sc, toks[k]) {
			last = k
			continue
		}
		if nameConnectors[sc.fold(toks[k])] && k+1 < len(toks) && toks[k+1].cap && !toks[k+1].brk {
			continue
		}
		break
	}
	return last
}

// capSpanLeft extends a span of capitalised words leftwards from token j.
func capSpanLeft(toks []ptok, sc *scratch, j, n int) int {
	if j < 0 || !toks[j].cap || isStopTok(sc, toks[j]) {
		return -1
	}
	first := j
	for k := j - 1; k >= 0 && k > j-n; k-- {
		if toks[k+1].brk && !toks[k+1].dash {
			break
		}
		if toks[k].cap && !isStopTok(sc, toks[k]) && !(toks[k].sentStart && k < first-1) {
			first = k
			if toks[k].sentStart {
				break
			}
			continue
		}
		if nameConnectors[sc.fold(toks[k])] && k > 0 && toks[k-1].cap {
			continue
		}
		break
	}
	return first
}

// isStopTok reports whether a word cannot be part of an unknown place's
// name: a stop, title, settlement-type or region word, a nationality or a
// number.
func isStopTok(sc *scratch, t ptok) bool {
	w := sc.buf[t.f0:t.f1]
	return stopToks[string(w)] || len(w) > 0 && w[0] >= '0' && w[0] <= '9'
}

// stopToks holds the folded words that isStopTok refuses: those of
// stopWords, titleWords, typeWords and regionWords (true in them) and of
// demonyms, in one set, as the rules ask of every capitalised word.
var stopToks = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range []map[string]bool{stopWords, titleWords, typeWords, regionWords} {
		for w, ok := range set {
			if ok {
				m[w] = true
			}
		}
	}
	for w := range demonyms {
		m[w] = true
	}
	return m
}()

// mentionAt returns the index of the mention that covers tokens i..j
// exactly, or -1.
func mentionAt(ms []mention, i, j int) int {
	for k := range ms {
		if ms[k].ti == i && ms[k].tj == j {
			return k
		}
	}
	return -1
}

// countryVotes counts, for each country, how many mentions could be in it.
func (p *placeFinder) countryVotes(ms []mention) map[string]float64 {
	votes := map[string]float64{}
	var seen []string
	for i := range ms {
		seen = seen[:0]
	next:
		for _, id := range ms[i].cands {
			cc := p.g.entries[id].country
			for _, s := range seen {
				if s == cc {
					continue next
				}
			}
			seen = append(seen, cc)
		}
		for _, cc := range seen {
			votes[cc] += 1 / float64(len(seen))
		}
	}
	return votes
}

// notes reads ACLED-style locations: "X [village|town|area] (District,
// Region)" or "X (Region)". The parenthesis names the district and region;
// X is looked for inside them, and when the gazetteer has no such place
// there, X is a place of its own with the district's point.
func (p *placeFinder) notes(text string, toks []ptok, ms []mention, sc *scratch) []mention {
	for i := range ms {
		ms[i].scope, ms[i].chosen, ms[i].anchor = -1, -1, -1
	}
	var votes map[string]float64
	for k := 1; k < len(toks); k++ {
		if !toks[k].openParen {
			continue
		}
		// the group: tokens k..end, parts split at commas
		end := -1
		for j := k; j < len(toks) && j < k+10; j++ {
			if toks[j].closeAft {
				end = j
				break
			}
			if j > k && toks[j].brk && !strings.Contains(text[toks[j-1].e:toks[j].s], ",") {
				break
			}
		}
		if end < 0 {
			continue
		}
		type part struct{ i, j int }
		var parts []part
		start := k
		for j := k + 1; j <= end+1; j++ {
			if j == end+1 || (toks[j].brk && !toks[j].dash) {
				parts = append(parts, part{start, j - 1})
				start = j
			}
		}
		if len(parts) > 3 {
			continue
		}
		last := parts[len(parts)-1]
		mi := mentionAt(ms, last.i, last.j)
		if mi < 0 {
			continue
		}
		if votes == nil {
			votes = p.countryVotes(ms)
		}
		region := int32(-1)
		bestScore := -1e9
		for _, id := range ms[mi].cands {
			e := &p.g.entries[id]
			if e.kind != kindAdmin1 {
				continue
			}
			if s := votes[e.country]*2 + p.prior(e); s > bestScore {
				region, bestScore = id, s
			}
		}
		if region < 0 {
			// no region of that name: a district or town named as the region
			// ("(Nairobi)") stands for the region it lies in
			for _, id := range ms[mi].cands {
				e := &p.g.entries[id]
				if e.kind != kindAdmin2 && e.kind != kindPlace || e.a1 < 0 {
					continue
				}
				if s := votes[e.country]*2 + p.prior(e); s > bestScore {
					region, bestScore = e.a1, s
				}
			}
			if region < 0 {
				continue
			}
		} else {
			ms[mi].cands = []int32{region}
		}
		ms[mi].slot = 2
		scope := region
		if len(parts) >= 2 {
			d := parts[0]
			di := mentionAt(ms, d.i, d.j)
			district := int32(-1)
			if di >= 0 {
				for _, id := range ms[di].cands {
					if e := &p.g.entries[id]; e.kind == kindAdmin2 && e.a1 == region {
						district = id
						break
					}
				}
				if district < 0 { // a place of that name in the region will do
					for _, id := range ms[di].cands {
						if e := &p.g.entries[id]; e.kind == kindPlace && e.a1 == region {
							district = id
							break
						}
					}
				}
			}
			if district >= 0 {
				ms[di].cands = []int32{district}
				ms[di].slot = 1
				scope = district
			} else if di >= 0 {
				ms[di].unknown, ms[di].name, ms[di].anchor = true, text[toks[d.i].s:toks[d.j].e], region
			} else if capSpan(toks, sc, d.i, 4) == d.j {
				ms = append(ms, mention{s: toks[d.i].s, e: toks[d.j].e, ti: d.i, tj: d.j, unknown: true,
					name: text[toks[d.i].s:toks[d.j].e], anchor: region, scope: -1, chosen: -1})
			}
		}
		// the subject before the parenthesis
		j := k - 1
		if typeWords[sc.fold(toks[j])] && !toks[j].brk {
			j--
		}
		if j < 0 || toks[j+1].brk && j+1 != k {
			continue
		}
		first := capSpanLeft(toks, sc, j, 6)
		if first < 0 {
			continue
		}
		p.placeSubject(text, toks, &ms, first, j, scope)
	}
	return ms
}

// placeSubject records tokens i..j as a place inside scope: a known mention
// restricted to it, or a new place with the scope's point.
func (p *placeFinder) placeSubject(text string, toks []ptok, ms *[]mention, i, j int, scope int32) {
	name := text[toks[i].s:toks[j].e]
	if mi := mentionAt(*ms, i, j); mi >= 0 {
		m := &(*ms)[mi]
		if m.unknown {
			return
		}
		inside := false
		for _, id := range m.cands {
			if p.within(id, scope) {
				inside = true
				break
			}
		}
		if inside {
			m.scope = scope
			return
		}
		m.unknown, m.name, m.anchor = true, name, scope
		return
	}
	anchor := scope
	// words of the name that matched on their own ("Cali" in "Buuraha Cali
	// Miskat") are not places, except a known place inside the scope that
	// lends its point ("Mogadishu - Heliwa")
	for k := range *ms {
		o := &(*ms)[k]
		if o.unknown || o.ti < i || o.tj > j {
			continue
		}
		lends := false
		for _, id := range o.cands {
			if p.within(id, scope) && p.g.entries[id].kind == kindPlace {
				if anchor == scope {
					anchor = id
				}
				lends = true
				break
			}
		}
		if !lends {
			o.dropped = true
		}
	}
	*ms = append(*ms, mention{s: toks[i].s, e: toks[j].e, ti: i, tj: j, unknown: true, name: name,
		anchor: anchor, scope: -1, chosen: -1})
}

// introduced finds places by how news introduces them: "the village of X",
// "a village, X,", "X village", "near X, Kharkiv Oblast". Known places so
// introduced count as cued; unknown ones become places of their own, placed
// later at the region named nearby (see anchorUnknown).
func (p *placeFinder) introduced(text string, toks []ptok, ms []mention, sc *scratch) []mention {
	addUnknown := func(i, j int) {
		if mi := mentionAt(ms, i, j); mi >= 0 {
			ms[mi].cue = true
			ms[mi].intro = true
			return
		}
		if !p.plausibleName(text, toks, sc, i, j) {
			return
		}
		// words of the name that matched on their own are part of it
		for k := range ms {
			o := &ms[k]
			if o.tj < i || o.ti > j {
				continue
			}
			if o.ti < i || o.tj > j || o.unknown {
				return // overlaps a longer known name
			}
			o.dropped = true
		}
		ms = append(ms, mention{s: toks[i].s, e: toks[j].e, ti: i, tj: j, unknown: true, intro: true,
			name: text[toks[i].s:toks[j].e], anchor: -1, scope: -1, chosen: -1, needAnchor: true})
	}
	known := make([]bool, len(toks)) // tokens under a known name
	for i := range ms {
		if m := &ms[i]; !m.unknown {
			for t := m.ti; t <= m.tj; t++ {
				known[t] = true
			}
		}
	}
	knownAt := func(k int) bool { return known[k] }
	for k := 0; k < len(toks); k++ {
		if !typeWords[string(sc.buf[toks[k].f0:toks[k].f1])] { // most words: no string made
			continue
		}
		w := sc.fold(toks[k])
		if w == "region" || w == "district" || knownAt(k) {
			continue
		}
		// "X village", "X trading centre", "X Town", "X refugee camp": the
		// name before the type word, over at most two modifiers
		named := false
		xi, xj := -1, -1
		if k > 0 && !toks[k].brk {
			b := k - 1
			for n := 0; n < 2 && b > 0 && !toks[b].cap && settlementModifiers[sc.fold(toks[b])] && !toks[b].brk; n++ {
				b--
			}
			if i := capSpanLeft(toks, sc, b, 4); i >= 0 && !(b < k-1 && toks[b+1].brk) {
				named = true
				if !(i == b && toks[i].sentStart) && !titleCased(sc, i) {
					xi, xj = i, b
					addUnknown(i, b)
					// "Janaale Jay and Farbulaay villages": each name
					for i >= 2 && !toks[i].brk && sc.fold(toks[i-1]) == "and" && !toks[i-1].brk {
						h := capSpanLeft(toks, sc, i-2, 4)
						if h < 0 {
							break
						}
						addUnknown(h, i-2)
						i = h
					}
				}
			}
		}
		// "X, a village in ...": the name before the comma and the article
		if !named && k >= 3 && articles[sc.fold(toks[k-1])] && !toks[k].brk && toks[k-1].brk &&
			strings.TrimSpace(text[toks[k-2].e:toks[k-1].s]) == "," {
			if i := capSpanLeft(toks, sc, k-2, 4); i >= 0 && !(i == k-2 && toks[i].sentStart) {
				addUnknown(i, k-2)
			}
		}
		if k+1 >= len(toks) {
			continue
		}
		// "the village of X" names X; "the Kamuthi area of Nakuru" puts X
		// inside Nakuru, which is a place too. "village, X," names X only
		// when no name stands before the type word ("Lokitela village,
		// Kakamega county" is Lokitela, in Kakamega).
		next := k + 1
		if !toks[next].brk && sc.fold(toks[next]) == "of" {
			next++
		} else if named || !(toks[next].brk && strings.TrimSpace(text[toks[k].e:toks[next].s]) == ",") {
			continue
		}
		if next < len(toks) && !(toks[next].brk && sc.fold(toks[next-1]) == "of") {
			if j := capSpan(toks, sc, next, 4); j >= 0 {
				addUnknown(next, j)
				// "the Kamuthi area of Nakuru": Kamuthi lies in Nakuru; but
				// "the Damascus suburb of Daraya" puts Daraya in Damascus
				if r := mentionAt(ms, next, j); xi >= 0 && r >= 0 && !ms[r].unknown && partWords[w] {
					p.tieTo(text, ms, xi, xj, r, true, addUnknown)
				}
			}
		}
	}
	// "in X, Kharkiv Oblast", "shelled X, Hasakah", "hit X, Sudan": a name
	// before a comma and a region or country is a place inside it
	for mi := 0; mi < len(ms); mi++ {
		m := ms[mi]
		if m.unknown || m.dropped || m.tj+1 > len(toks) || !p.hasAreaCand(m.cands) && !m.region {
			continue
		}
		// a list of places ("in London, Paris and Berlin") is no hierarchy
		if n := m.tj + 1; n < len(toks) && toks[n].cap && strings.TrimSpace(text[toks[n-1].e:toks[n].s]) == "," {
			continue
		}
		if n := m.tj + 1; n+1 < len(toks) && sc.fold(toks[n]) == "and" && !toks[n].brk && toks[n+1].cap {
			continue
		}
		// the word before the region mention, after a comma (and "in the")
		ti := m.ti
		if ti >= 1 && sc.fold(toks[ti-1]) == "the" && !toks[ti].brk {
			ti--
		}
		if ti >= 1 && sc.fold(toks[ti-1]) == "in" && !toks[ti].brk {
			ti--
		}
		if ti < 1 || !toks[ti].brk || strings.TrimSpace(text[toks[ti-1].e:toks[ti].s]) != "," {
			continue
		}
		j := ti - 1
		if typeWords[sc.fold(toks[j])] && j > 0 && !toks[j].brk { // "X village, Y county"
			j--
		}
		i := capSpanLeft(toks, sc, j, 4)
		if i <= 0 || toks[i].brk {
			continue
		}
		prev := sc.fold(toks[i-1])
		if !cueWords[prev] && !placeVerbs[prev] && !(j < ti-1 && typeWords[sc.fold(toks[ti-1])]) {
			continue
		}
		p.tieTo(text, ms, i, j, mi, j < ti-1, addUnknown)
	}
	p.areaPhrases(text, toks, sc, &ms, addUnknown)
	return ms
}

// areaPhrases ties names to the region that English puts them in:
// "Oromia's Moyale district", "Nyaung Kyat Taw in Sagaing region",
// "Ekalale and Kapsitet in West Pokot county".
//
// msp points at the caller's mentions, which addUnknown may grow.
func (p *placeFinder) areaPhrases(text string, toks []ptok, sc *scratch, msp *[]mention, addUnknown func(i, j int)) {
	for r := 0; r < len(*msp); r++ {
		m := (*msp)[r]
		if m.unknown || m.dropped || !p.hasAreaCand(m.cands) && !m.region {
			continue
		}
		// "Oromia's Moyale district"
		if e := toks[m.tj].e; m.tj+1 < len(toks) && (strings.HasPrefix(text[e:], "'s ") || strings.HasPrefix(text[e:], "’s ")) {
			if j := capSpan(toks, sc, m.tj+1, 4); j >= 0 && toks[m.tj+1].cap {
				typed := j+1 < len(toks) && !toks[j+1].brk && (typeWords[sc.fold(toks[j+1])] || regionWords[sc.fold(toks[j+1])])
				if typed {
					p.tieTo(text, *msp, m.tj+1, j, r, true, addUnknown)
				}
			}
		}
		// "X in <region>", "X and Y in <region>": regions and districts,
		// not countries ("Hezbollah in Syria" is no place)
		if !m.region && !p.adminOnlyCands(m.cands) {
			continue
		}
		in := m.ti - 1
		if in >= 0 && sc.fold(toks[in]) == "the" && !toks[m.ti].brk {
			in--
		}
		if in < 1 || sc.fold(toks[in]) != "in" || toks[in].brk || toks[in+1].brk {
			continue
		}
		for j := in - 1; j >= 0; {
			i := capSpanLeft(toks, sc, j, 4)
			if i < 0 || i == j && toks[i].sentStart || !p.nameInPlacePosition(text, toks, sc, i, j) || titleCased(sc, i) {
				break
			}
			if i > 0 && titleWords[sc.fold(toks[i-1])] {
				break // "Spokesman Ali Hassan in Kismayo" is a person
			}
			p.tieTo(text, *msp, i, j, r, false, addUnknown)
			if i < 2 || toks[i].brk || sc.fold(toks[i-1]) != "and" || toks[i-1].brk {
				break
			}
			j = i - 2
		}
	}
}

// hasAreaCand reports whether some candidate is a country, region or
// district.
func (p *placeFinder) hasAreaCand(c []int32) bool {
	for _, id := range c {
		if k := p.g.entries[id].kind; k == kindCountry || k == kindAdmin1 || k == kindAdmin2 {
			return true
		}
	}
	return false
}

// tieTo makes tokens i..j a place inside the area that mention r names: a
// known name keeps its candidates inside the area (a foreign homonym gives
// way: "Sololo, Marsabit" is no Gambian village), an unknown one becomes a
// place anchored there. Big places named elsewhere are left alone.
//
// typed says a type word names the kind of place ("Kani township"): then
// even a big namesake elsewhere gives way.
func (p *placeFinder) tieTo(text string, ms []mention, i, j, r int, typed bool, addUnknown func(i, j int)) {
	if mi := mentionAt(ms, i, j); mi >= 0 && !ms[mi].unknown {
		x := &ms[mi]
		var inside []int32
		big, sameCountry := false, false
		for _, id := range x.cands {
			for _, a := range ms[r].cands {
				if p.within(id, a) && id != a {
					inside = append(inside, id)
					break
				}
				if p.g.entries[id].country == p.g.entries[a].country {
					sameCountry = true
				}
			}
			if e := &p.g.entries[id]; e.pop >= 50000 || e.fclass == fcCapital || e.kind == kindCountry || e.kind == kindAdmin1 {
				big = true
			}
		}
		switch {
		case len(inside) > 0:
			x.cands, x.cue, x.intro = inside, true, true
		case sameCountry:
			// the gazetteer's regions of a country are not always the
			// text's: a namesake in the same country is kept
		case !big || typed:
			x.unknown, x.needAnchor, x.intro, x.name, x.anchor = true, true, true, text[x.s:x.e], -1
		}
		return
	}
	addUnknown(i, j)
}

// anchorWindow is how many words away, within its sentence, a place may
// lend an unknown one its point.
const anchorWindow = 60

// partWords name a part of a larger place: "the X area of Y" puts X in Y.
var partWords = map[string]bool{
	"area": true, "neighbourhood": true, "neighborhood": true, "quarter": true, "sector": true,
	"part": true, "zone": true, "ward": true, "location": true, "estate": true,
}

// articles introduce an appositive type word: "X, a village in ...".
var articles = map[string]bool{"a": true, "an": true, "the": true}

func (p *placeFinder) adminOnlyCands(c []int32) bool {
	if len(c) == 0 {
		return false
	}
	for _, id := range c {
		if k := p.g.entries[id].kind; k != kindAdmin1 && k != kindAdmin2 {
			return false
		}
	}
	return true
}

// anchorUnknown gives every place the gazetteer lacks the best point the
// text allows: the region or place named next to it in the same sentence,
// else the region the article names most, else its main country.
//
// base is the evidence for countries that no place gives (nationalities,
// actors' countries): the last resort for the country of an unknown place.
// A place introduced as such but with nothing to anchor it stays, without a
// country or a point: a country is never invented.
func (p *placeFinder) anchorUnknown(text string, toks []ptok, sc *scratch, ms []mention, base map[string]float64) {
	// the mentions in text order, to look only at those near a place
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return ms[order[x]].ti < ms[order[y]].ti })
	resolvedID := func(m *mention) int32 {
		if m.dropped {
			return -1
		}
		if m.unknown {
			if m.needAnchor {
				return -1
			}
			return m.anchor
		}
		return m.chosen
	}
	// the region named most, and the main country
	regionCount := map[int32]int{}
	countryCount := map[string]int{}
	for i := range ms {
		id := resolvedID(&ms[i])
		if id < 0 {
			continue
		}
		e := &p.g.entries[id]
		countryCount[e.country]++
		if e.kind == kindAdmin1 {
			regionCount[id] += 2
		} else if e.a1 >= 0 {
			regionCount[e.a1]++
		}
	}
	topRegion, topCountry := int32(-1), ""
	for id, n := range regionCount {
		if topRegion < 0 || n > regionCount[topRegion] || n == regionCount[topRegion] && id < topRegion {
			topRegion = id
		}
	}
	for cc, n := range countryCount {
		if topCountry == "" || n > countryCount[topCountry] || n == countryCount[topCountry] && cc < topCountry {
			topCountry = cc
		}
	}
	if topRegion >= 0 && p.g.entries[topRegion].country != topCountry {
		topRegion = -1
	}
	if topCountry == "" {
		// one country that the text's nationalities and actors point to
		tie := false
		for cc, w := range base {
			switch {
			case topCountry == "" || w > base[topCountry]:
				topCountry, tie = cc, false
			case w == base[topCountry]:
				tie = true // unless a later country weighs more
			}
		}
		if tie {
			topCountry = "" // a tie: no single country, whatever the map's order
		}
	}
	for i := range ms {
		m := &ms[i]
		if !m.needAnchor && !(m.intro && m.dropped && !m.unknown) {
			continue
		}
		if m.needAnchor && p.misspelt(m, topCountry, len(countryCount) > 0 || len(base) > 0) {
			continue
		}
		// in the same sentence, within anchorWindow words
		a, b := int(sc.sentA[m.ti]), int(sc.sentB[m.ti])
		a, b = max(a, m.ti-anchorWindow), min(b, m.tj+anchorWindow)
		from := sort.Search(len(order), func(x int) bool { return ms[order[x]].ti >= a })
		best, bestDist := int32(-1), 1<<30
		for _, k := range order[from:] {
			o := &ms[k]
			if o.ti > b {
				break
			}
			if k == i || o.tj > b {
				continue
			}
			id := resolvedID(o)
			if id < 0 {
				continue
			}
			d := o.ti - m.tj
			if d < 0 {
				d = m.ti - o.tj + 3 // after the place is better than before it
			}
			// a country is a poor neighbour, unless it is the one said of
			// the place itself: "Tigassou, in northern Burkina Faso"
			if p.g.entries[id].kind == kindCountry {
				if o.ti > m.tj && o.ti-m.tj <= 4 {
					d += 2 // a region said right there still comes first
				} else {
					d += 20
				}
			}
			if d < bestDist {
				best, bestDist = id, d
			}
		}
		if best < 0 {
			best = topRegion
		}
		if best < 0 && topCountry != "" {
			if id, ok := p.g.countries[topCountry]; ok {
				best = id
			}
		}
		if best < 0 && !(m.intro && m.dropped && !m.unknown) && !m.bare {
			// a place of unknown country, named as a place by its type
			// word; a bare "in X" with no country at all is too weak
			m.needAnchor = false
			continue
		}
		if best < 0 {
			m.dropped = true
			continue
		}
		if m.intro && m.dropped && !m.unknown {
			m.dropped, m.unknown, m.name = false, true, text[m.s:m.e]
		}
		m.needAnchor, m.anchor = false, best
	}
}

// misspelt resolves an unknown name as the misspelling of a known place
// ("Severdonetsk", "Bordyanka") when one is within an edit or two and the
// text allows it: in the country the text is mostly about, or, when it names
// no country at all, a town of some size. The mention becomes that place.
func (p *placeFinder) misspelt(m *mention, topCountry string, anyCountry bool) bool {
	key := NameKey(m.name)
	hits := p.fuzzy().lookup(key, 8)
	best, bestScore := int32(-1), math.Inf(-1)
	for _, h := range hits {
		if h.dist > hits[0].dist {
			break
		}
		e := &p.g.entries[h.id]
		// misspellings keep the first letter; two edits only in long names
		if e.kind == kindCountry || e.key == "" || e.key[0] != key[0] || h.dist > 1 && len(key) < 9 {
			continue
		}
		if e.country != topCountry && (anyCountry || e.pop < 10000) {
			continue
		}
		s := p.prior(e)
		if e.kind == kindPlace {
			s += 5 // a bare name is a town before a region
		}
		if s > bestScore {
			best, bestScore = h.id, s
		}
	}
	if best < 0 {
		return false
	}
	m.unknown, m.needAnchor, m.chosen, m.cands, m.dropped = false, false, best, []int32{best}, false
	return true
}
