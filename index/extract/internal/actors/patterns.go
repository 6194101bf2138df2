package actors

import (
	"strings"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// nation is a country as the patterns see it: the adjective names its forces
// ("Ethiopian troops"), the name its government ("Government of Ethiopia").
type nation struct {
	name, adj string
	// canonical actors, resolved against the dictionary at start-up so that
	// "Somali forces" becomes the curated "Somali National Army".
	military, police, government, defence int32
}

// nationTable lists "Name|other names;Adjective|other adjectives". The first
// name and adjective build canonical names. Hand-written for sitrep.
const nationTable = `Afghanistan;Afghan
Albania;Albanian
Algeria;Algerian
Armenia;Armenian
Australia;Australian
Austria;Austrian
Azerbaijan;Azerbaijani|Azeri
Bahrain;Bahraini
Bangladesh;Bangladeshi
Belarus;Belarusian|Belarussian|Byelorussian
Belgium;Belgian
Benin;Beninese
Bosnia and Herzegovina|Bosnia;Bosnian
Brazil;Brazilian
Bulgaria;Bulgarian
Burkina Faso;Burkinabe|Burkinabé
Burundi;Burundian
Cameroon;Cameroonian
Canada;Canadian
Central African Republic|CAR;Central African
Chad;Chadian
China|People's Republic of China;Chinese
Colombia;Colombian
Croatia;Croatian
Cuba;Cuban
Cyprus;Cypriot
Czech Republic|Czechia;Czech
Democratic Republic of the Congo|DR Congo|DRC|Democratic Republic of Congo|Congo-Kinshasa;Congolese
Denmark;Danish
Djibouti;Djiboutian
Egypt;Egyptian
Eritrea;Eritrean
Estonia;Estonian
Ethiopia;Ethiopian
Finland;Finnish
France;French
Georgia;Georgian
Germany;German
Ghana;Ghanaian
Greece;Greek
Haiti;Haitian
Hungary;Hungarian
India;Indian
Indonesia;Indonesian
Iran;Iranian
Iraq;Iraqi
Ireland;Irish
Israel;Israeli
Italy;Italian
Ivory Coast|Côte d'Ivoire|Cote d'Ivoire;Ivorian
Japan;Japanese
Jordan;Jordanian
Kazakhstan;Kazakh|Kazakhstani
Kenya;Kenyan
Kosovo;Kosovar
Kuwait;Kuwaiti
Kyrgyzstan;Kyrgyz
Latvia;Latvian
Lebanon;Lebanese
Libya;Libyan
Lithuania;Lithuanian
Mali;Malian
Mauritania;Mauritanian
Mexico;Mexican
Moldova;Moldovan
Morocco;Moroccan
Mozambique;Mozambican
Myanmar|Burma;Myanmar|Burmese
Netherlands;Dutch
Niger;Nigerien
Nigeria;Nigerian
North Korea|DPRK|Democratic People's Republic of Korea;North Korean
Norway;Norwegian
Oman;Omani
Pakistan;Pakistani
Palestine|Palestinian territories|State of Palestine;Palestinian
Philippines;Philippine|Filipino
Poland;Polish
Portugal;Portuguese
Qatar;Qatari
Romania;Romanian
Russia|Russian Federation;Russian
Rwanda;Rwandan
Saudi Arabia;Saudi
Senegal;Senegalese
Serbia;Serbian
Slovakia;Slovak
Somalia;Somali|Somalian
South Africa;South African
South Korea|Republic of Korea;South Korean
South Sudan;South Sudanese
Spain;Spanish
Sudan;Sudanese
Sweden;Swedish
Switzerland;Swiss
Syria;Syrian
Taiwan;Taiwanese
Tajikistan;Tajik
Tanzania;Tanzanian
Thailand;Thai
Togo;Togolese
Tunisia;Tunisian
Turkey|Türkiye;Turkish
Turkmenistan;Turkmen
Uganda;Ugandan
Ukraine;Ukrainian
United Arab Emirates|UAE;Emirati
United Kingdom|UK|Britain|Great Britain;British
United States|US|U.S.|USA|United States of America|America;US|American|U.S.
Uzbekistan;Uzbek
Venezuela;Venezuelan
Vietnam;Vietnamese
Yemen;Yemeni
Zimbabwe;Zimbabwean`

// Group nouns after a nationality: which of the nation's actors they name.
const (
	nounMilitary = iota + 1
	nounPolice
	nounGovernment
	nounDefence
)

// groupNouns are the words that make "<nationality> ..." an actor. Longest wins.
var groupNouns = map[string]int{
	"army": nounMilitary, "armies": nounMilitary, "military": nounMilitary, "troops": nounMilitary,
	"forces": nounMilitary, "soldiers": nounMilitary, "soldier": nounMilitary, "infantry": nounMilitary,
	"paratroopers": nounMilitary, "paratroops": nounMilitary, "marines": nounMilitary, "servicemen": nounMilitary,
	"troopers": nounMilitary, "units": nounMilitary, "battalion": nounMilitary, "battalions": nounMilitary,
	"brigade": nounMilitary, "brigades": nounMilitary, "navy": nounMilitary, "air force": nounMilitary,
	"artillery": nounMilitary, "commandos": nounMilitary, "special forces": nounMilitary,
	"armed forces": nounMilitary, "security forces": nounMilitary, "defence forces": nounMilitary,
	"defense forces": nounMilitary, "military forces": nounMilitary, "government forces": nounMilitary,
	"government troops": nounMilitary, "occupation forces": nounMilitary, "occupiers": nounMilitary,
	"invaders": nounMilitary, "warplanes": nounMilitary, "jets": nounMilitary, "fighter jets": nounMilitary,
	"drones": nounMilitary, "gunboats": nounMilitary, "tanks": nounMilitary, "border guards": nounMilitary,
	"national guard": nounMilitary, "ground forces": nounMilitary, "air defence": nounMilitary,
	"air defense": nounMilitary, "air defences": nounMilitary, "air defenses": nounMilitary,
	"military intelligence": nounMilitary,
	"police":                nounPolice, "policemen": nounPolice, "police forces": nounPolice, "police force": nounPolice,
	"police officers": nounPolice, "security services": nounPolice,
	"government": nounGovernment, "authorities": nounGovernment, "administration": nounGovernment,
	"regime": nounGovernment, "cabinet": nounGovernment,
	"defence ministry": nounDefence, "defense ministry": nounDefence, "ministry of defence": nounDefence,
	"ministry of defense": nounDefence, "military ministry": nounDefence,
}

// ofNouns make "<noun> of <country>" an actor ("Government of Somalia").
var ofNouns = map[string]int{
	"government": nounGovernment, "armed forces": nounMilitary, "military forces": nounMilitary,
	"army": nounMilitary, "police forces": nounPolice, "police": nounPolice,
	"ministry of defence": nounDefence, "ministry of defense": nounDefence,
}

// Titles before a person's name. Values: true when the title must be
// capitalised to count ("General X", not "a general ...").
var titleWords = map[string]bool{
	"president": false, "commander": false, "spokesman": false, "spokeswoman": false, "spokesperson": false,
	"minister": false, "governor": false, "mayor": false, "envoy": false, "ambassador": false, "chief": false,
	"leader": false, "chairman": false, "chairwoman": false, "senator": false, "premier": false,
	"chancellor": false, "commissioner": false, "prosecutor": false, "deputy": true, "secretary": true,
	"general": true, "gen": true, "lieutenant general": true, "lt gen": true, "major general": true,
	"maj gen": true, "brigadier general": true, "brig gen": true, "brigadier": true, "colonel": true,
	"col": true, "lieutenant colonel": true, "lt col": true, "major": true, "maj": true, "captain": true,
	"capt": true, "lieutenant": true, "lt": true, "sergeant": true, "sgt": true, "admiral": true,
	"adm": true, "vice admiral": true, "rear admiral": true, "marshal": true, "field marshal": true,
	"king": true, "queen": true, "prince": true, "crown prince": true, "emir": true, "sheikh": true,
	"shaikh": true, "ayatollah": true, "imam": true, "sultan": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "sen": true, "rep": true, "gov": true, "judge": true, "pope": true, "patriarch": true,
	"director": true, "head": true, "mullah": true, "warlord": false, "militant leader": false,
	"prime minister": false, "foreign minister": false, "defence minister": false, "defense minister": false,
	"interior minister": false, "army chief": false, "chief of staff": false, "commander-in-chief": false,
}

// notNames are capitalised words that follow titles without being names.
var notNames = map[string]bool{
	"the": true, "of": true, "staff": true, "assembly": true, "council": true, "command": true, "office": true,
	"directorate": true, "secretary": true, "prosecutor": true, "ministry": true, "minister": true,
	"administration": true, "hospital": true, "court": true, "motors": true, "electric": true, "and": true,
	"state": true, "states": true, "general": true, "election": true, "elections": true, "palace": true,
	"a": true, "an": true, "in": true, "on": true, "for": true, "to": true, "at": true, "said": true, "says": true,
	"headquarters": true, "army": true, "forces": true, "force": true, "police": true, "government": true,
	"news": true, "agency": true, "party": true, "committee": true, "house": true, "media": true,
	"republic": true, "federation": true, "union": true, "security": true, "service": true, "university": true,
	"i": true, "ii": true, "iii": true, "he": true, "she": true, "it": true, "they": true, "we": true, "who": true,
	"killed": true, "dies": true, "died": true, "warns": true, "visits": true, "meets": true,
	"vows": true, "calls": true, "urges": true, "is": true, "was": true, "has": true, "had": true, "will": true,
	"this": true, "that": true, "his": true, "her": true, "but": true, "as": true, "by": true, "with": true,
	// words of a longer title ("Deputy Prime Minister", "Vice President", "First Deputy ...")
	"prime": true, "vice": true, "first": true, "deputy": true, "foreign": true, "defence": true, "defense": true,
	"interior": true, "finance": true, "justice": true, "health": true, "energy": true, "press": true,
}

// name particles that may stand lower-case inside a name ("Abu Bakr al-Baghdadi").
var nameParticles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "de": true,
	"da": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "du": true, "ould": true, "wad": true}

var calendarWords = map[string]bool{}

func init() {
	for _, w := range []string{"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday"} {
		calendarWords[w] = true
	}
}

func (a *Finder) initPatterns() {
	a.countries = &trieNode{}
	for _, line := range strings.Split(nationTable, "\n") {
		names, adjs, _ := strings.Cut(line, ";")
		ns, as := strings.Split(names, "|"), strings.Split(adjs, "|")
		n := nation{name: ns[0], adj: as[0]}
		n.military = a.resolveNation(n.adj+" armed forces", n.adj+" military", "Armed Forces of "+n.name, n.adj+" army")
		if n.military < 0 {
			n.military = a.add(def{name: n.adj + " armed forces", kind: "military",
				aliases: []string{n.adj + " armed forces", "Military Forces of " + n.name, "Armed Forces of " + n.name}})
		}
		n.police = a.resolveNation(n.adj+" police", "Police Forces of "+n.name)
		if n.police < 0 {
			n.police = a.add(def{name: n.adj + " police", kind: "government",
				aliases: []string{n.adj + " police", "Police Forces of " + n.name}})
		}
		n.government = a.resolveNation("Government of "+n.name, n.adj+" government")
		if n.government < 0 {
			n.government = a.add(def{name: "Government of " + n.name, kind: "government",
				aliases: []string{"Government of " + n.name, n.adj + " government"}})
		}
		n.defence = a.resolveNation(n.adj+" Ministry of Defence", n.adj+" defence ministry", "Ministry of Defence of "+n.name)
		if n.defence < 0 {
			n.defence = a.add(def{name: n.adj + " Ministry of Defence", kind: "government",
				aliases: []string{n.adj + " Ministry of Defence", n.adj + " Ministry of Defense", "Ministry of Defence of " + n.name}})
		}
		idx := int32(len(a.nations))
		a.nations = append(a.nations, n)
		for _, s := range append(ns, as...) {
			addPhrase(a.countries, s, idx)
		}
	}
}

// resolveNation returns the dictionary actor of the first known alias, or -1.
func (a *Finder) resolveNation(aliases ...string) int32 {
	for _, al := range aliases {
		if idx, ok := a.byAlias[words.Key(al)]; ok {
			return idx
		}
	}
	return -1
}

// addPhrase adds a phrase to a pattern trie with the dictionary's case rules.
func addPhrase(root *trieNode, s string, idx int32) {
	toks := words.Tokenize(s)
	ref := aliasRef{actor: idx, cases: make([]uint8, len(toks)), exact: make([]string, len(toks))}
	n := root
	for i, t := range toks {
		switch {
		case t.Upper >= 2:
			ref.cases[i] = caseExact
			ref.exact[i] = s[t.Start:t.End]
		case t.Cap:
			ref.cases[i] = caseCap
		}
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[t.Key]
		if c == nil {
			c = &trieNode{}
			n.next[t.Key] = c
		}
		n = c
	}
	n.refs = append(n.refs, ref)
}

// phraseSet is a phrase map (keys joined by spaces) with the bit that
// marks, in word.first, the first words of its phrases.
type phraseSet struct {
	m   map[string]int
	bit uint8
}

var (
	ofPhrases    = phraseSet{ofNouns, 1}
	groupPhrases = phraseSet{groupNouns, 2}
	titlePhrases = phraseSet{titleIndex, 4}
)

// longestPhrase returns the value of the longest phrase of ps that starts
// at token i, and its length in tokens. It does not allocate: most tokens
// fail the first-word test.
func longestPhrase(ps phraseSet, toks []words.Token, ws []*word, i, max int) (int, int) {
	if i >= len(toks) {
		return 0, 0 // a text that ends in a nationality and modifiers ("... Russian elite")
	}
	if ws[i] == nil || ws[i].first&ps.bit == 0 {
		return 0, 0
	}
	m := ps.m
	var arr [96]byte
	buf := arr[:0]
	best, bestN := 0, 0
	for j := i; j < len(toks) && j < i+max; j++ {
		if j > i {
			if toks[j].Break {
				break
			}
			buf = append(buf, ' ')
		}
		buf = append(buf, toks[j].Key...)
		if v, ok := m[string(buf)]; ok {
			best, bestN = v, j-i+1
		}
	}
	return best, bestN
}

func (a *Finder) emit(f *found, idx int32, mention string) {
	d := &a.actors[idx]
	f.add(d.name, d.kind, d.aliases, mention)
}

func (n *nation) actor(noun int) int32 {
	switch noun {
	case nounPolice:
		return n.police
	case nounGovernment:
		return n.government
	case nounDefence:
		return n.defence
	}
	return n.military
}

// findPatterns adds the actors that no dictionary lists, from tokens that no
// dictionary alias used.
func (a *Finder) findPatterns(text string, toks []words.Token, ws []*word, used []bool, f *found) {
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		t := &toks[i]
		// "<noun> of <country>": Government of Somalia, Armed Forces of Ukraine.
		if t.Cap {
			if noun, n := longestPhrase(ofPhrases, toks, ws, i, 3); n > 0 {
				if end := a.ofNation(text, toks, ws, i, n, noun, f); end > i {
					markUsed(used, i, end)
					i = end - 1
					continue
				}
			}
		}
		// "<nationality> [and <nationality>] <group noun>": Russian and North Korean forces.
		if ref, n := longestAlias(nationAt(ws, i), text, toks, i); n > 0 {
			if end := a.nationGroup(text, toks, ws, used, i, int(ref.actor), n, f); end > i {
				i = end - 1
				continue
			}
		}
		// Clan and ethnic militias: "Hawiye-Abgal sub-clan militia".
		if end := a.militia(text, toks, ws, used, i, f); end > i {
			i = end - 1
			continue
		}
		// Titles: "spokesman Ali Hassan", "Lt. Gen. Ahmed Ali".
		if end := a.titled(text, toks, ws, used, i, f); end > i {
			i = end - 1
			continue
		}
	}
}

// ofNation handles "<noun> of [the] <country>" whose noun is n tokens at i.
func (a *Finder) ofNation(text string, toks []words.Token, ws []*word, i, n, noun int, f *found) int {
	j := i + n
	if j >= len(toks) || toks[j].Key != "of" || toks[j].Break {
		return i
	}
	j++
	if j < len(toks) && toks[j].Key == "the" && !toks[j].Break {
		j++
	}
	if j >= len(toks) || toks[j].Break {
		return i
	}
	ref, m := longestAlias(nationAt(ws, j), text, toks, j)
	if m == 0 {
		return i
	}
	a.emit(f, a.nations[ref.actor].actor(noun), text[toks[i].Start:toks[j+m-1].End])
	return j + m
}

func markUsed(used []bool, from, to int) {
	for k := from; k < to && k < len(used); k++ {
		used[k] = true
	}
}

// nationGroup handles a nationality at token i (n tokens long, nation idx).
// It returns the token after the phrase, or i when there is none.
// proxyWords after a hyphenated nationality make the group someone's
// proxy: "Turkish-backed", "Iran-allied", "Russian-trained".
var proxyWords = map[string]bool{"backed": true, "allied": true, "aligned": true, "sponsored": true,
	"funded": true, "trained": true, "supported": true, "affiliated": true, "linked": true, "armed": true}

func (a *Finder) nationGroup(text string, toks []words.Token, ws []*word, used []bool, i, idx, n int, f *found) int {
	type member struct{ nat, start int }
	members := []member{{idx, i}}
	j := i + n
	// possessive: "Russia's military", "Ukraine’s Ministry of Defence"
	if j < len(toks) && toks[j].Key == "s" && !toks[j].Break {
		if g := text[toks[j-1].End:toks[j].Start]; g == "'" || g == "’" {
			j++
		}
	}
	for j+1 < len(toks) && (toks[j].Key == "and" || toks[j].Key == "or") && !toks[j].Break && !toks[j+1].Break {
		ref, m := longestAlias(nationAt(ws, j+1), text, toks, j+1)
		if m == 0 {
			break
		}
		members = append(members, member{int(ref.actor), j + 1})
		j += 1 + m
	}
	if j >= len(toks) || toks[j].Break {
		return i
	}
	// "Turkish-backed forces", "Iranian-allied militias": another's proxies,
	// not the nation's own forces
	if text[toks[j-1].End:toks[j].Start] == "-" && proxyWords[toks[j].Key] {
		return i
	}
	// optional modifiers: "Russian elite paratroopers", "North Korean special forces"
	k := j
	for k < len(toks) && k < j+2 && nationModifiers[toks[k].Key] && !toks[k].Break {
		if _, m := longestPhrase(groupPhrases, toks, ws, k, 3); m > 0 {
			break
		}
		k++
	}
	noun, m := longestPhrase(groupPhrases, toks, ws, k, 3)
	if m == 0 || noun == 0 {
		return i
	}
	end := k + m
	// "North Korean infantry soldiers": take a second group noun along.
	if end < len(toks) && !toks[end].Break {
		if noun2, m2 := longestPhrase(groupPhrases, toks, ws, end, 3); m2 > 0 && noun2 == noun {
			end += m2
		}
	}
	last := toks[end-1].End
	for _, mb := range members {
		// coordinated ("Russian and North Korean forces"): each mention runs
		// from its own nationality to the noun
		a.emit(f, a.nations[mb.nat].actor(noun), text[toks[mb.start].Start:last])
	}
	markUsed(used, i, end)
	return end
}

var nationModifiers = map[string]bool{"elite": true, "regular": true, "airborne": true, "elite airborne": true,
	"special": true, "naval": true, "allied": true, "occupying": true, "pro": true, "backed": true,
	"government": true, "federal": true, "state": true, "regime": true, "armed": true, "military": true}

// militia handles "<Clan-Name> [sub-]clan militia/group", "<Name> ethnic
// militia" and "<Name> militia", named the ACLED way ("Hawiye-Abgal
// Sub-Clan Militia"). i must be the first token of the name.
func (a *Finder) militia(text string, toks []words.Token, ws []*word, used []bool, i int, f *found) int {
	if !nameToken(&toks[i], ws[i]) {
		return i
	}
	// the name: capitalised tokens joined by spaces or hyphens
	j := i + 1
	for j < len(toks) && !toks[j].Break && !used[j] && nameToken(&toks[j], ws[j]) && j < i+6 {
		j++
	}
	if j >= len(toks) || toks[j].Break || used[j] {
		return i
	}
	// A and B clan militia
	var others []int // starts and ends of coordinated names, pairs
	k := j
	for k+1 < len(toks) && toks[k].Key == "and" && !toks[k+1].Break && nameToken(&toks[k+1], ws[k+1]) && !used[k+1] {
		s := k + 1
		e := s + 1
		for e < len(toks) && !toks[e].Break && !used[e] && nameToken(&toks[e], ws[e]) && e < s+6 {
			e++
		}
		others = append(others, s, e)
		k = e
	}
	label, kind, m := militiaSuffix(toks, k)
	if m == 0 {
		return i
	}
	end := k + m
	// "Marehan and Dir clan militias": each name gets the suffix; each
	// mention runs from its own name to the suffix
	emit := func(s, e int) {
		f.add(text[toks[s].Start:toks[e-1].End]+" "+label, kind, nil, text[toks[s].Start:toks[end-1].End])
	}
	emit(i, j)
	for x := 0; x < len(others); x += 2 {
		emit(others[x], others[x+1])
	}
	markUsed(used, i, end)
	return end
}

// nameToken: a capitalised word that is no common word, month or
// nationality; w is the token's vocab entry.
func nameToken(t *words.Token, w *word) bool {
	if !t.Cap || t.Digits || w != nil && w.notName {
		return false
	}
	return true
}

// militiaSuffix recognises "sub-clan militia(s)", "clan group(s)", "ethnic
// militia", "militia" at token k: the ACLED label, the kind and the length.
func militiaSuffix(toks []words.Token, k int) (string, string, int) {
	key := func(x int) string {
		if x < len(toks) && (x == k || !toks[x].Break) {
			return toks[x].Key
		}
		return ""
	}
	n := 0
	prefix := ""
	switch key(k) {
	case "sub":
		if key(k+1) != "clan" {
			return "", "", 0
		}
		prefix, n = "Sub-Clan ", 2
	case "subclan":
		prefix, n = "Sub-Clan ", 1
	case "clan":
		prefix, n = "Clan ", 1
	case "ethnic":
		prefix, n = "Ethnic ", 1
	case "communal":
		prefix, n = "Communal ", 1
	case "tribal":
		prefix, n = "Tribal ", 1
	}
	switch key(k + n) {
	case "militia", "militias", "militiamen":
		return prefix + "Militia", "armed_group", n + 1
	case "group", "groups":
		if prefix == "" {
			return "", "", 0
		}
		return prefix + "Group", "group", n + 1
	}
	return "", "", 0
}

// titled handles "<title> <Name>" at token i.
// officeWords name offices and bodies; after a title they are more of the
// title ("Deputy Head of the Office"), never a person's name.
var officeWords = map[string]bool{
	"head": true, "speaker": true, "office": true, "director": true, "adviser": true, "advisor": true,
	"cabinet": true, "council": true, "ministry": true, "staff": true, "chair": true, "board": true,
	"committee": true, "commission": true, "department": true, "service": true, "services": true,
	"administration": true, "government": true, "parliament": true, "assembly": true, "state": true,
	"defence": true, "defense": true, "affairs": true, "foreign": true, "interior": true, "justice": true,
	"health": true, "finance": true, "economy": true, "education": true, "energy": true, "security": true,
	"armed": true, "forces": true, "army": true, "navy": true, "police": true, "first": true, "vice": true,
}

func (a *Finder) titled(text string, toks []words.Token, ws []*word, used []bool, i int, f *found) int {
	_, n := longestPhrase(titlePhrases, toks, ws, i, 3)
	if n == 0 {
		return i
	}
	if titleWords[joinKeys(toks, i, i+n)] && !toks[i].Cap {
		return i // "a general", "the major"
	}
	j := i + n
	start := j
	for j < len(toks) && j < start+5 && !toks[j].Break && !used[j] {
		t := &toks[j]
		if _, isTitle := titleWords[t.Key]; isTitle || officeWords[t.Key] {
			break // "Deputy Head", "Speaker of Parliament": offices, not names
		}
		if nameToken(t, ws[j]) && t.Upper < 2 && len(t.Key) > 0 {
			j++
			continue
		}
		if t.Upper == 1 && len(t.Key) == 1 { // initial
			j++
			continue
		}
		if nameParticles[t.Key] && j+1 < len(toks) && toks[j+1].Cap && !toks[j+1].Break {
			j++
			continue
		}
		break
	}
	if j == start {
		return i
	}
	// a name is not a nationality or place of the nation table
	if _, m := longestAlias(nationAt(ws, start), text, toks, start); m > 0 {
		return i
	}
	if j < len(toks) && used[j] && !toks[j].Break {
		// "President Vladimir V. Putin": the dictionary has the surname
		return i
	}
	name := text[toks[start].Start:toks[j-1].End]
	if idx, ok := a.byAlias[words.Key(name)]; ok && a.actors[idx].kind == "person" {
		a.emit(f, idx, name)
	} else {
		f.add(name, "person", nil, name)
	}
	markUsed(used, i, j)
	return j
}

var titleIndex = func() map[string]int {
	m := map[string]int{}
	for t := range titleWords {
		m[words.Key(t)] = 1
	}
	return m
}()

func joinKeys(toks []words.Token, from, to int) string {
	var b strings.Builder
	for k := from; k < to; k++ {
		if k > from {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].Key)
	}
	return b.String()
}
