package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// Places named in Cyrillic and Arabic script. The main gazetteer holds Latin
// names only; the names in these scripts come from two more files, both
// pointing at the main gazetteer's entries, so that Харків, Харьков and
// خاركوف are the one Kharkiv (UA, Kharkiv Oblast, its point) that "Kharkiv"
// is:
//
//   - gazetteer_script.tsv.gz (internal/gazgen -script-out): "geonameid<TAB>names"
//     for populated places (GeoNames alternate names);
//   - places_script.tsv (by hand): countries and regions, which the GeoNames
//     extracts name in Latin only.
//
// The index is built on the first text that has letters in these scripts;
// English-only use never pays for it.

//go:embed data/gazetteer_script.tsv.gz
var gazetteerScriptData []byte

//go:embed data/places_script.tsv
var placesScriptData string

// scriptIndex maps the keys of Cyrillic and Arabic names (words' keys joined
// by spaces, see words.ScriptKey) to gazetteer entries.
type scriptIndex struct {
	keys     map[string][]int32
	maxWords int
}

type scriptPlaces struct {
	once sync.Once
	idx  *scriptIndex
	err  error
}

func (p *placeFinder) scriptIndex() (*scriptIndex, error) {
	p.script.once.Do(func() { p.script.idx, p.script.err = buildScriptIndex(p.g) })
	return p.script.idx, p.script.err
}

func buildScriptIndex(g *gazetteer) (*scriptIndex, error) {
	x := &scriptIndex{keys: make(map[string][]int32, 160000)}
	byID := make(map[int32]int32, len(g.entries))
	for i := range g.entries {
		if e := &g.entries[i]; e.kind == kindPlace && e.geonameID > 0 {
			byID[e.geonameID] = int32(i)
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(gazetteerScriptData))
	if err != nil {
		return nil, fmt.Errorf("script gazetteer: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("script gazetteer: %w", err)
	}
	var buf []byte
	var byName map[string]int32 // "CC.A1|NameKey" -> place, for the postal villages
	for data := string(raw); data != ""; {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == 'Q' {
			if byName == nil {
				byName = placesByName(g)
			}
			f := strings.Split(line, "\t")
			if len(f) != 4 {
				return nil, fmt.Errorf("script gazetteer: bad line %q", line)
			}
			if id, ok := byName[f[1]+"|"+NameKey(f[2])]; ok {
				buf = x.add(buf, f[3], id)
			}
			continue
		}
		idS, names, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("script gazetteer: bad line %q", line)
		}
		gid, err := strconv.Atoi(idS)
		if err != nil {
			return nil, fmt.Errorf("script gazetteer: bad id in %q: %w", line, err)
		}
		id, ok := byID[int32(gid)]
		if !ok {
			continue // a place the main gazetteer leaves out
		}
		for _, n := range strings.Split(names, "|") {
			buf = x.add(buf, n, id)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(placesScriptData))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		code, names, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("places_script.tsv: bad line %q", line)
		}
		id, ok := g.countries[code]
		if !ok {
			if id, ok = g.admins[code]; !ok {
				return nil, fmt.Errorf("places_script.tsv: unknown code %q", code)
			}
		}
		for _, n := range strings.Split(names, "|") {
			buf = x.add(buf, n, id)
			// the front named after a region is in it: "на Харківському
			// напрямку", "на Харьковском направлении"
			if adj, ok := strings.CutSuffix(n, " область"); ok {
				for _, front := range []string{" напрямок", " напрямку", " направление"} {
					buf = x.add(buf, adj+front, id)
				}
			}
		}
	}
	return x, nil
}

// placesByName maps "CC.A1|NameKey" to the places of Ukraine and Belarus,
// which the postal villages' lines name.
func placesByName(g *gazetteer) map[string]int32 {
	codes := map[int32]string{}
	for code, id := range g.admins {
		if strings.Count(code, ".") == 1 && (code[:2] == "UA" || code[:2] == "BY") {
			codes[id] = code
		}
	}
	out := map[string]int32{}
	for i := range g.entries {
		e := &g.entries[i]
		if e.kind != kindPlace || e.a1 < 0 || e.country != "UA" && e.country != "BY" {
			continue
		}
		k := codes[e.a1] + "|" + e.key
		if have, ok := out[k]; !ok || g.entries[have].pop < e.pop {
			out[k] = int32(i)
		}
	}
	return out
}

// add indexes one name of entry id under its key and the keys of its other
// case stems (Харків: "харків", "харков", "харкев") and, for Arabic, without
// its article (الرقة: "الرقه", "رقه").
func (x *scriptIndex) add(buf []byte, name string, id int32) []byte {
	parts := scriptWords(name)
	if len(parts) == 0 {
		return buf
	}
	if len(parts) > x.maxWords {
		x.maxWords = len(parts)
	}
	forms := []string{""}
	for _, w := range parts {
		var sc uint8
		buf, sc = words.ScriptKey(buf[:0], w)
		if len(buf) == 0 {
			return buf
		}
		alts := []string{string(buf)}
		if sc == words.Cyrillic {
			alts = append(alts, words.CyrillicVariants(alts[0])...)
		}
		next := make([]string, 0, len(forms)*len(alts))
		for _, f := range forms {
			for _, a := range alts {
				if f != "" {
					a = f + " " + a
				}
				next = append(next, a)
			}
		}
		forms = next
	}
	for _, k := range forms {
		have := x.keys[k]
		dup := false
		for _, h := range have {
			if h == id {
				dup = true
				break
			}
		}
		if !dup {
			x.keys[k] = append(have, id)
		}
	}
	return buf
}

// scriptWords splits a name into words at spaces and hyphens.
func scriptWords(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '–' })
}

// stok is one word of a text as the script matcher sees it.
type stok struct {
	s, e      int
	key       string
	script    uint8
	cap       bool
	sentStart bool
	brk       bool // punctuation (other than a hyphen or a space) before it
}

// scriptTokens splits text into words; apostrophes inside a word belong to
// it (Слов'янськ), hyphens separate words (Івано-Франківськ).
func scriptTokens(text string) []stok {
	toks := make([]stok, 0, len(text)/8+1)
	buf := make([]byte, 0, len(text))
	var spans [][2]int
	sentStart, brk := true, false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !words.IsLetterOrDigit(r) {
			switch r {
			case ' ', '\t', '\u00a0', '-', '«', '»', '"', '“', '”', '„':
			case '.', '!', '?', '\n', ':', ';', '؟', '۔':
				sentStart, brk = true, true
			default:
				brk = true
			}
			i += n
			continue
		}
		start := i
		for i < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[i:])
			if words.IsLetterOrDigit(r2) || words.IsMark(r2) {
				i += n2
				continue
			}
			if isApos(r2) && i+n2 < len(text) {
				if r3, _ := utf8.DecodeRuneInString(text[i+n2:]); words.IsLetter(r3) {
					i += n2
					continue
				}
			}
			break
		}
		w := text[start:i]
		var sc uint8
		k0 := len(buf)
		buf, sc = words.ScriptKey(buf, w)
		spans = append(spans, [2]int{k0, len(buf)})
		toks = append(toks, stok{s: start, e: i, script: sc, cap: words.IsUpper(r), sentStart: sentStart, brk: brk})
		sentStart, brk = false, false
	}
	keys := string(buf)
	for k := range toks {
		toks[k].key = keys[spans[k][0]:spans[k][1]]
	}
	return toks
}

// Region words after a Ukrainian or Russian name (stems) and before an Arabic
// one: with them a name means its region.
var (
	cyrRegionStems = map[string]bool{"област": true, "обл": true, "район": true, "регіон": true, "регион": true}
	arRegionWords  = map[string]bool{"محافظه": true, "ولايه": true, "منطقه": true, "قطاع": true, "اقليم": true}
	// arStopWords are everyday words that are also names of small places.
	arStopWords = map[string]bool{
		"الان": true, "اليوم": true, "امس": true, "غدا": true, "قال": true, "كان": true, "عام": true, "الذي": true,
		"التي": true, "بعد": true, "قبل": true, "حيث": true, "جديد": true, "عدد": true, "مدينه": true, "حرب": true,
		"سلام": true, "النصر": true, "نصر": true, "الحياه": true, "الوطن": true, "الشعب": true,
		"علي": true, "الي": true, "بين": true, "هذا": true, "هذه": true, "ذلك": true, "عند": true, "منذ": true,
		"وقف": true, "جديده": true, "الجديده": true, "شهداء": true, "الشهداء": true, "كيف": true, "كبيره": true,
		"اشهر": true, "دوله": true, "الدوله": true, "امن": true, "الامن": true, "بيان": true, "اطار": true, "عين": true,
		"صوره": true, "وجه": true, "عنه": true, "مالي": true, "بلا": true, "يشير": true, "وان": true, "الثوره": true,
		"الاتحاد": true, "الميادين": true, "المدينه": true, "القبه": true, "القاره": true, "المشهد": true,
		"الميدان": true, "الابادة": true, "الليل": true, "السلطات": true, "السوري": true, "وكاله": true,
		"كامل": true, "معسكر": true, "جامعه": true, "سوف": true, "ينقل": true, "طراز": true, "يبين": true,
		"التحالف": true, "وتيره": true, "الاشهر": true, "بانه": true, "المالي": true, "عقبه": true,
		"حول": true, "غير": true, "كما": true, "اكثر": true, "خلال": true, "امام": true, "لدي": true,
	}
	// cyrCommonWords are everyday words (as written, lower-cased) that are
	// also names of places; written with a capital they start a sentence or
	// a name of something else (Верховна Рада, Радіо Свобода).
	cyrCommonWords = map[string]bool{
		"газ": true, "мир": true, "перемога": true, "победа": true, "слава": true, "надія": true, "надежда": true,
		"воля": true, "світ": true, "свет": true, "мирне": true, "мирный": true, "нова": true, "новий": true,
		"весела": true, "зелений": true, "червоний": true, "красный": true, "мала": true, "велика": true,
		"зараз": true, "разом": true, "ради": true, "раді": true, "рада": true, "план": true, "яким": true, "захід": true,
		"заході": true, "коли": true, "над": true, "потім": true, "потому": true, "багато": true, "доля": true, "герой": true,
		"свобода": true, "свободи": true, "свободу": true, "центральної": true, "центральний": true, "мирних": true,
		// first names and surnames, and names of other things (the Azov
		// brigade, Kyivan Rus', the Mariinskyi Palace)
		"володимир": true, "володимира": true, "володимиру": true, "давид": true, "давида": true, "давиду": true,
		"смирнова": true, "смирнов": true, "азов": true, "азову": true, "азова": true, "русь": true, "русі": true,
		"маріїнський": true, "маріїнського": true, "маріїнському": true,
	}
	// scriptHome are the countries news in each script mostly speaks of;
	// they win over namesakes elsewhere.
	scriptHome = map[uint8]map[string]float64{
		words.Cyrillic: {"UA": 1.5, "RU": 1, "BY": 0, "MD": 0, "GE": 0, "KZ": 0},
		words.Arabic: {"PS": 1.5, "LB": 1, "SY": 1, "IL": 1, "IQ": 0.5, "YE": 0.5, "JO": 0.5, "EG": 0.5,
			"SA": 0, "SD": 0, "LY": 0, "TN": 0, "DZ": 0, "MA": 0, "KW": 0, "QA": 0, "AE": 0, "BH": 0, "OM": 0, "SO": 0},
	}
)

type smention struct {
	s, e      int
	sentStart bool // one word at the start of a sentence
	cands     []int32
	script    uint8
	region    bool
	chosen    int32
}

// scriptLocations adds to locs the places that text names in Cyrillic or
// Arabic script; words inside the name of a person among actors are no
// place (Шевченко is a poet before he is a village).
func (p *placeFinder) scriptLocations(text string, locs []Location, actors []Actor) []Location {
	if !words.HasCyrillicOrArabic(text) {
		return locs
	}
	x, err := p.scriptIndex()
	if err != nil || x == nil {
		return locs
	}
	toks := scriptTokens(text)
	listed := listedRegions(toks, x)
	var ms []smention
	var key []byte
	var cands []string
	lastEnd := -1 // the last token of the last place found
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.script == words.Other {
			continue
		}
		if ids, ok := listed[i]; ok {
			ms = append(ms, smention{s: t.s, e: t.e, cands: ids, script: t.script, chosen: -1, region: true})
			lastEnd = i
			continue
		}
		// a Cyrillic name starts with a capital, or ends with one after a
		// lower-case word of its own ("сектор Газа")
		lowerStart := t.script == words.Cyrillic && !t.cap
		cands = cands[:0]
		if t.script == words.Arabic {
			cands = words.ArabicCandidates(t.key, cands)
		} else {
			cands = append(cands, t.key)
		}
		found := false
		for n := min(x.maxWords, len(toks)-i); n >= 1 && !found; n-- {
			if n > 1 && toks[i+n-1].brk || lowerStart && (n == 1 || !toks[i+n-1].cap) {
				continue
			}
			for _, c := range cands {
				key = append(key[:0], c...)
				ok := true
				for k := i + 1; k < i+n; k++ {
					if toks[k].brk || toks[k].script != t.script {
						ok = false
						break
					}
					key = append(key, ' ')
					key = append(key, toks[k].key...)
				}
				if !ok {
					break
				}
				if n == 1 && t.script == words.Arabic && (arStopWords[string(key)] || utf8.RuneCount(key) < 3) {
					continue
				}
				ids := x.keys[string(key)]
				if len(ids) == 0 {
					continue
				}
				m := smention{s: t.s, e: toks[i+n-1].e, cands: ids, script: t.script, chosen: -1, sentStart: n == 1 && t.sentStart}
				if j := i + n; j < len(toks) && t.script == words.Cyrillic && cyrRegionStems[toks[j].key] {
					m.region = true
				}
				if i > 0 && t.script == words.Arabic && arRegionWords[toks[i-1].key] {
					m.region = true
				}
				if n == 1 && t.sentStart && t.script == words.Cyrillic {
					// a capital at the start of a sentence says nothing:
					// only well-known places count there, and no everyday word
					m.cands = p.bigOnly(ids)
				}
				if n == 1 && t.script == words.Cyrillic && cyrCommonWords[strings.ToLower(text[t.s:t.e])] {
					m.cands = nil
				}
				if i > 0 && t.script == words.Cyrillic && !toks[i].brk && cyrStreetWords[toks[i-1].key] {
					found = true // the name of a street or square ("площа Свободи")
					i += n - 1
					break
				}
				if t.script == words.Cyrillic && !scriptCueBefore(toks, i) && !(i >= 2 && lastEnd == i-2 && cyrAnd[toks[i-1].key]) {
					m.cands = p.notVillages(m.cands)
				}
				if len(m.cands) > 0 {
					ms = append(ms, m)
					lastEnd = i + n - 1
				}
				found = true
				i += n - 1
				break
			}
		}
	}
	ms = dropInsidePersons(text, ms, actors)
	if len(ms) == 0 {
		return locs
	}
	p.resolveScript(ms, locs)
	return p.mergeScript(text, ms, locs)
}

// cyrCues are the words (keys) that introduce a place in Ukrainian and
// Russian: prepositions of place and direction, and words for settlements.
var cyrCues = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("у в біля під за до з із зі поблизу від через на околиці район районі село селі селища селище смт місто міста містечко " +
		"под возле около из близ от деревня деревне поселок посёлок поселке село селе город города") {
		k, _ := words.ScriptKey(nil, w)
		m[string(k)] = true
	}
	return m
}()

// cyrStreetWords (keys) come before the names of streets and squares,
// which are often names of towns or words that are (площа Свободи, вулиця Харківська).
var cyrStreetWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("вулиця вулиці вулицю вул площа площі площу проспект проспекті просп провулок провулку бульвар бульварі " +
		"улица улице ул площадь площади проспекте переулок переулке шосе шоссе станція станции метро") {
		k, _ := words.ScriptKey(nil, w)
		m[string(k)] = true
	}
	return m
}()

// cyrAnd are the conjunctions of a list of places ("Авдіївка та Урожайне"):
// after a place, they introduce the next one.
// cyrListWords may stand between the adjectives of a list of regions and
// its region word: "у Київській, Харківській та інших областях".
var cyrListWords = map[string]bool{"інш": true, "друг": true}

// listedRegions finds the regions named by adjectives listed before one
// plural region word ("у Чернігівській, Сумській та Харківській
// областях", "в Київську, Харківську та Запорізьку області"): each
// adjective not right before the region word (which the name matcher reads
// with it) is read as "<adjective> область". It returns the entries by
// token.
func listedRegions(toks []stok, x *scriptIndex) map[int][]int32 {
	var out map[int][]int32
	for j := 1; j < len(toks); j++ {
		if toks[j].script != words.Cyrillic || toks[j].key != "област" {
			continue
		}
		for k := j - 1; k >= 0; k-- {
			t := &toks[k]
			if t.script != words.Cyrillic {
				break
			}
			if cyrAnd[t.key] || cyrListWords[t.key] {
				if t.brk {
					break
				}
				continue
			}
			if !t.cap {
				break
			}
			if k < j-1 {
				if ids := x.keys[t.key+" "+toks[j].key]; len(ids) > 0 {
					if out == nil {
						out = map[int][]int32{}
					}
					out[k] = ids
				} else {
					break
				}
			}
			if t.brk && !(k > 0 && isListComma(toks, k)) {
				break
			}
		}
	}
	return out
}

// isListComma reports whether token k follows the previous word after a
// comma only (its brk flag is set by the comma of a list).
func isListComma(toks []stok, k int) bool {
	return toks[k-1].script == words.Cyrillic && toks[k-1].cap
}

var cyrAnd = map[string]bool{"та": true, "і": true, "й": true, "и": true, "або": true, "или": true}

// scriptCueBefore reports whether token i follows a word that introduces a place.
func scriptCueBefore(toks []stok, i int) bool {
	return i > 0 && !toks[i].brk && cyrCues[toks[i-1].key]
}

// notVillages drops villages (places of fewer than 1,000 people or of
// unknown size) from c: named in Cyrillic without a word that introduces a
// place, they are more often words ("Свято-Георгіївська церква" is a church,
// not the village of Heorhiivske).
func (p *placeFinder) notVillages(c []int32) []int32 {
	var out []int32
	for _, id := range c {
		if e := &p.g.entries[id]; e.kind != kindPlace || e.pop >= 1000 {
			out = append(out, id)
		}
	}
	return out
}

// bigOnly keeps countries, regions and places of 10,000 people or more.
func (p *placeFinder) bigOnly(c []int32) []int32 {
	var out []int32
	for _, id := range c {
		if e := &p.g.entries[id]; e.kind != kindPlace || e.pop >= 10000 {
			out = append(out, id)
		}
	}
	return out
}

// resolveScript chooses one entry per mention: the most likely by prior,
// helped by the countries the text's other places are in (those named
// unambiguously, and those of locs) and by the countries news in that
// script mostly speaks of; after a region word, regions first.
func (p *placeFinder) resolveScript(ms []smention, locs []Location) {
	ctx := map[string]float64{}
	regions := map[int32]bool{} // regions of the places named without ambiguity
	for _, l := range locs {
		ctx[l.Country] = 1
	}
	for _, m := range ms {
		if len(m.cands) == 1 {
			e := &p.g.entries[m.cands[0]]
			ctx[e.country] = 2
			if e.a1 >= 0 {
				regions[e.a1] = true
			}
		}
	}
	// which entries vouch for each country: a place named without
	// ambiguity for the others in its country (-1: the places of locs)
	vouch := map[string][]int32{}
	for _, l := range locs {
		vouch[l.Country] = append(vouch[l.Country], -1)
	}
	for _, m := range ms {
		if len(m.cands) == 1 {
			cc := p.g.entries[m.cands[0]].country
			vouch[cc] = append(vouch[cc], m.cands[0])
		}
	}
	p.chooseScript(ms, ctx, regions, vouch)
	// the regions of the towns chosen help the villages that share a name
	for _, m := range ms {
		if m.chosen >= 0 {
			if e := &p.g.entries[m.chosen]; e.a1 >= 0 && (e.kind != kindPlace || e.pop >= 10000) {
				regions[e.a1] = true
			}
		}
	}
	p.chooseScript(ms, ctx, regions, vouch)
}

// chooseScript picks the best candidate of each mention (see resolveScript).
func (p *placeFinder) chooseScript(ms []smention, ctx map[string]float64, regions map[int32]bool, vouch map[string][]int32) {
	for i := range ms {
		m := &ms[i]
		best, bestScore := int32(-1), math.Inf(-1)
		for _, id := range m.cands {
			e := &p.g.entries[id]
			s := p.prior(e) + ctx[e.country] + scriptHome[m.script][e.country]
			if len(m.cands) > 1 && e.a1 >= 0 && regions[e.a1] {
				s += 4
			}
			if m.region && (e.kind == kindAdmin1 || e.kind == kindAdmin2) {
				s += 10
			}
			if s > bestScore {
				best, bestScore = id, s
			}
		}
		m.chosen = best
		if best < 0 {
			continue
		}
		// a place does not vouch for itself
		vouched := false
		for _, v := range vouch[p.g.entries[best].country] {
			if v != best {
				vouched = true
				break
			}
		}
		if !p.scriptPlausible(&p.g.entries[best], m.script, vouched, m.sentStart) {
			m.chosen = -1
		}
	}
}

// scriptPlausible tells whether a place found by its Cyrillic or Arabic name
// is likely meant: at home (scriptHome), a country or region, a capital, the seat of a region, a
// city of a million, or a place in a country the text names. Smaller foreign
// towns share their names with brands and words (Аврора, a supermarket, is
// not Aurora, Colorado).
func (p *placeFinder) scriptPlausible(e *gazEntry, script uint8, vouched, sentStart bool) bool {
	if e.kind != kindPlace || e.fclass == fcCapital {
		return true
	}
	if _, home := scriptHome[script][e.country]; home {
		return true
	}
	if sentStart {
		// a capital at the start of a sentence says nothing: abroad, only
		// capitals (Але is "but", not Alès)
		return false
	}
	return e.fclass == fcAdmin1Seat || e.pop >= 1000000 || vouched && e.pop >= 500000
}

// mergeScript adds the chosen places to locs, one Location per place with
// every mention; a place that locs has already gains the mentions.
func (p *placeFinder) mergeScript(text string, ms []smention, locs []Location) []Location {
	at := map[int32]int{}
	for i := range locs {
		for _, m := range ms {
			if m.chosen >= 0 && p.same(m.chosen, &locs[i]) {
				at[m.chosen] = i
			}
		}
	}
	for _, m := range ms {
		if m.chosen < 0 {
			continue
		}
		mention := text[m.s:m.e]
		i, ok := at[m.chosen]
		if !ok {
			l := p.location(m.chosen)
			locs = append(locs, l)
			i = len(locs) - 1
			at[m.chosen] = i
		}
		has := false
		for _, have := range locs[i].Mentions {
			if have == mention {
				has = true
				break
			}
		}
		if !has {
			locs[i].Mentions = append(locs[i].Mentions, mention)
		}
	}
	return locs
}

func (p *placeFinder) same(id int32, l *Location) bool {
	e := &p.g.entries[id]
	if e.geonameID != 0 && int(e.geonameID) == l.GeonameID && e.kind == kindPlace {
		return true
	}
	return e.name == l.Name && e.country == l.Country
}

// scriptCanonical maps a place name in Cyrillic or Arabic script, in any case
// form, to its canonical name.
func (p *placeFinder) scriptCanonical(name string) (string, bool) {
	x, err := p.scriptIndex()
	if err != nil {
		return "", false
	}
	toks := scriptTokens(name)
	if len(toks) == 0 {
		return "", false
	}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.key
	}
	k := strings.Join(keys, " ")
	cands := x.keys[k]
	if len(cands) == 0 && toks[0].script == words.Arabic {
		for _, c := range words.ArabicCandidates(toks[0].key, nil)[1:] {
			if cands = x.keys[c+k[len(toks[0].key):]]; len(cands) > 0 {
				break
			}
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	ms := []smention{{cands: cands, script: toks[0].script, chosen: -1}}
	p.resolveScript(ms, nil)
	return p.g.entries[ms[0].chosen].name, true
}

// dropInsidePersons removes the mentions that overlap a mention of a person.
func dropInsidePersons(text string, ms []smention, actors []Actor) []smention {
	var spans [][2]int
	for _, a := range actors {
		if a.Kind != "person" {
			continue
		}
		for _, m := range a.Mentions {
			if !words.HasCyrillicOrArabic(m) {
				continue
			}
			for off := 0; ; {
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
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		inside := false
		for _, sp := range spans {
			if m.s < sp[1] && sp[0] < m.e {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}
