package extract

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// gazetteerData is the GeoNames extract built by internal/gazgen (CC BY 4.0, see
// data/ATTRIBUTION.md). It is a gzip'd TSV, one record a line:
//
//	C  iso2  name  lat  lon  population  geonameid  aliases     country
//	A  CC.A1  name  lat  lon  population  geonameid  aliases    first-level region
//	B  CC.A1.A2  name  lat  lon  population  geonameid  aliases district
//	P  +delta  name  lat  lon  CC  A1  A2  population  fcode  aliases   place
//	Q  name  lat  lon  CC  A1  aliases  [~]   village from the postal files (no
//	   geonameid); "~" marks a rough point
//	W  key|key|...   single-word keys that news mostly writes in lower case
//	E  key|key|...   the most frequent lower-case words of English news
//	E  key|key|...   the most frequent lower-case words of English news
//
// A place's geonameid is written as the difference from the previous
// place's ("+17"), a plain number restarts the count. Aliases are separated by "|". Region and district points are centroids of
// their member places. Lines starting with '#' are comments.
//
//go:embed data/gazetteer.tsv.gz
var gazetteerData []byte

// Kinds of gazetteer entries, ordered from largest to smallest.
const (
	kindCountry uint8 = iota + 1
	kindAdmin1
	kindAdmin2
	kindPlace
)

var kindNames = [...]string{"", "country", "admin1", "admin2", "place"}

// Feature classes that matter for ranking.
const (
	fcOther uint8 = iota
	fcCapital
	fcAdmin1Seat
	fcAdminSeat
	fcSection // part of a city (PPLX)
)

type gazEntry struct {
	name      string
	key       string // NameKey(name)
	lat, lon  float32
	hasPoint  bool
	rough     bool // the point is a rough estimate
	kind      uint8
	fclass    uint8
	country   string // ISO2
	a1, a2    int32  // entry index of the region and district, -1 when unknown
	pop       int32
	geonameID int32
	prior     float64 // entryPrior
}

// gazetteer is the loaded, read-only place index.
type gazetteer struct {
	entries []gazEntry
	// keys maps a NameKey to the entries that have it as a name or alias:
	// v >= 0 is the one entry v, v < 0 the list multi[-v-1]. Most keys name
	// one entry, and a plain int32 saves an allocation per key (see cands).
	keys map[string]int32
	// filter holds every key of keys: most lookups miss, and the filter
	// answers them without touching the large map
	filter *words.Filter
	multi  [][]int32
	ident  []int32 // ident[i] == i, so one entry is returned as ident[i:i+1]
	// abbrevs maps abbreviations written in capitals ("US", "UK", "DRC") to
	// countries; they match only text written in capitals.
	abbrevs map[string][]int32
	// common holds single-word place keys that are ordinary English words;
	// english the keys of the most frequent lower-case English words.
	common    map[string]bool
	english   map[string]bool
	countries map[string]int32 // ISO2 -> entry
	admins    map[string]int32 // CC.A1 and CC.A1.A2 -> entry
}

func loadGazetteer() (*gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gazetteerData))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return parseGazetteer(string(raw))
}

func parseGazetteer(data string) (*gazetteer, error) {
	g := &gazetteer{
		abbrevs:   map[string][]int32{},
		common:    map[string]bool{},
		english:   map[string]bool{},
		countries: map[string]int32{},
		admins:    map[string]int32{},
	}
	nlines := strings.Count(data, "\n")
	g.entries = make([]gazEntry, 0, nlines)
	g.keys = make(map[string]int32, nlines*17/10)
	type pending struct {
		a1, a2 string
	}
	var parents []pending // for places: region codes, resolved after all admins are read
	var fields [12]string
	prevPlaceID := 0

	// Building the key index is most of the work; a second goroutine does
	// it while this one parses, fed with batches of names.
	type job struct {
		id      int32
		kind    uint8
		name    string
		aliases string
	}
	jobs := make(chan []job, 16)
	nameKeys := make([]string, 0, nlines)
	built := make(chan struct{})
	go func() {
		defer close(built)
		keyBuf := make([]byte, 0, 128)
		foldBuf := make([]byte, 0, 128)
		addKey := func(name string, id int32) {
			foldBuf = foldAppend(foldBuf[:0], name)
			keyBuf = skeleton(keyBuf[:0], foldBuf)
			if len(keyBuf) == 0 {
				return
			}
			v, ok := g.keys[string(keyBuf)]
			switch {
			case !ok:
				g.keys[string(keyBuf)] = id
			case v == id:
			case v >= 0:
				g.multi = append(g.multi, []int32{v, id})
				g.keys[string(keyBuf)] = -int32(len(g.multi))
			default:
				ids := g.multi[-v-1]
				for _, have := range ids {
					if have == id {
						return
					}
				}
				g.multi[-v-1] = append(ids, id)
			}
		}
		for batch := range jobs {
			for _, j := range batch {
				addKey(j.name, j.id)
				for int(j.id) >= len(nameKeys) {
					nameKeys = append(nameKeys, "")
				}
				nameKeys[j.id] = string(keyBuf)
				addArticleless(j.name, j.id, addKey)
				admin := j.kind == kindAdmin1 || j.kind == kindAdmin2
				if admin {
					if b := adminBase(j.name); b != "" {
						addKey(b, j.id)
					}
				}
				for aliases := j.aliases; aliases != ""; {
					var a string
					a, aliases, _ = strings.Cut(aliases, "|")
					if j.kind == kindCountry && isCapsAbbrev(a) {
						k := strings.ReplaceAll(a, ".", "")
						g.abbrevs[k] = append(g.abbrevs[k], j.id)
						continue
					}
					addKey(a, j.id)
					addArticleless(a, j.id, addKey)
					if admin {
						if b := adminBase(a); b != "" {
							addKey(b, j.id)
						}
					}
				}
			}
		}
	}()
	batch := make([]job, 0, 2048)
	addNames := func(e *gazEntry, id int32, aliases string) {
		batch = append(batch, job{id: id, kind: e.kind, name: e.name, aliases: aliases})
		if len(batch) == cap(batch) {
			jobs <- batch
			batch = make([]job, 0, 2048)
		}
	}
	finish := func() {
		jobs <- batch
		close(jobs)
		<-built
	}
	defer func() {
		if jobs != nil {
			close(jobs)
			<-built
		}
	}()
	for len(data) > 0 {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		n := splitTabs(line, fields[:])
		f := fields[:n]
		switch f[0] {
		case "C", "A", "B":
			if n < 8 {
				return nil, fmt.Errorf("gazetteer: short line %q", line)
			}
			e := gazEntry{name: f[2], a1: -1, a2: -1}
			e.lat, e.lon, e.hasPoint = parsePoint(f[3], f[4])
			e.pop = int32(atoi(f[5]))
			e.geonameID = int32(atoi(f[6]))
			id := int32(len(g.entries))
			code := f[1]
			switch f[0] {
			case "C":
				e.kind = kindCountry
				e.country = code
				g.countries[code] = id
			case "A":
				e.kind = kindAdmin1
				e.country = code[:2]
				e.a1 = id
				g.admins[code] = id
			case "B":
				e.kind = kindAdmin2
				e.country = code[:2]
				e.a2 = id
				if i := strings.LastIndexByte(code, '.'); i > 0 {
					if a1, ok := g.admins[code[:i]]; ok {
						e.a1 = a1
					}
				}
				g.admins[code] = id
			}
			g.entries = append(g.entries, e)
			addNames(&g.entries[id], id, f[7])
		case "P":
			if n < 11 {
				return nil, fmt.Errorf("gazetteer: short line %q", line)
			}
			e := gazEntry{name: f[2], kind: kindPlace, country: f[5], a1: -1, a2: -1}
			id1 := f[1]
			if strings.HasPrefix(id1, "+") { // delta from the previous place
				prevPlaceID += atoi(id1[1:])
			} else {
				prevPlaceID = atoi(id1)
			}
			e.geonameID = int32(prevPlaceID)
			e.lat, e.lon, e.hasPoint = parsePoint(f[3], f[4])
			e.pop = int32(atoi(f[8]))
			switch fc := f[9]; {
			case fc == "PPLC":
				e.fclass = fcCapital
			case fc == "PPLA":
				e.fclass = fcAdmin1Seat
			case strings.HasPrefix(fc, "PPLA"):
				e.fclass = fcAdminSeat
			case fc == "PPLX":
				e.fclass = fcSection
			}
			id := int32(len(g.entries))
			g.entries = append(g.entries, e)
			parents = append(parents, pending{f[6], f[7]})
			addNames(&g.entries[id], id, f[10])
		case "Q":
			if n < 7 {
				return nil, fmt.Errorf("gazetteer: short line %q", line)
			}
			e := gazEntry{name: f[1], kind: kindPlace, country: f[4], a1: -1, a2: -1}
			e.lat, e.lon, e.hasPoint = parsePoint(f[2], f[3])
			e.rough = n > 7 && f[7] == "~"
			id := int32(len(g.entries))
			g.entries = append(g.entries, e)
			parents = append(parents, pending{f[5], ""})
			addNames(&g.entries[id], id, f[6])
		case "W":
			if n > 1 {
				for _, w := range strings.Split(f[1], "|") {
					g.common[w] = true
				}
			}
		case "E":
			if n > 1 {
				for _, w := range strings.Split(f[1], "|") {
					g.english[w] = true
				}
			}
		}
	}
	finish()
	jobs = nil
	for i, k := range nameKeys {
		g.entries[i].key = k
	}
	g.ident = make([]int32, len(g.entries))
	for i := range g.ident {
		g.ident[i] = int32(i)
	}
	// Places: link to their region and district.
	first := len(g.entries) - len(parents)
	for i, p := range parents {
		e := &g.entries[first+i]
		if p.a1 == "" {
			continue
		}
		code := e.country + "." + p.a1
		if a1, ok := g.admins[code]; ok {
			e.a1 = a1
		}
		if p.a2 != "" {
			if a2, ok := g.admins[code+"."+p.a2]; ok {
				e.a2 = a2
			}
		}
	}
	for i := range g.entries {
		g.entries[i].prior = entryPrior(&g.entries[i])
	}
	g.filter = words.NewFilter(len(g.keys))
	for k := range g.keys {
		g.filter.Add(k)
	}
	return g, nil
}

// cands returns the entries that have key as a name or alias.
func (g *gazetteer) cands(key string) []int32 {
	if !g.filter.Has(key) {
		return nil
	}
	v, ok := g.keys[key]
	return g.entriesOf(v, ok)
}

// candsBytes is cands for a key held in a byte slice.
func (g *gazetteer) candsBytes(key []byte) []int32 {
	if !g.filter.HasBytes(key) {
		return nil
	}
	v, ok := g.keys[string(key)]
	return g.entriesOf(v, ok)
}

// entriesOf returns the entries of a value of keys (ok as a map lookup
// gives it): v >= 0 is the one entry v, v < 0 the list multi[-v-1].
func (g *gazetteer) entriesOf(v int32, ok bool) []int32 {
	switch {
	case !ok:
		return nil
	case v >= 0:
		return g.ident[v : v+1 : v+1]
	default:
		return g.multi[-v-1]
	}
}

// splitTabs splits s on tabs into dst without allocating; it returns the
// number of fields (the last one holds the rest when dst is too short).
func splitTabs(s string, dst []string) int {
	n := 0
	for n < len(dst)-1 {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			break
		}
		dst[n] = s[:i]
		s = s[i+1:]
		n++
	}
	dst[n] = s
	return n + 1
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func parsePoint(lat, lon string) (float32, float32, bool) {
	if lat == "" || lon == "" {
		return 0, 0, false
	}
	a, err1 := strconv.ParseFloat(lat, 32)
	b, err2 := strconv.ParseFloat(lon, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return float32(a), float32(b), true
}

// isCapsAbbrev reports whether s is an abbreviation written in capitals
// ("US", "U.S.", "DRC").
func isCapsAbbrev(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			letters++
		case r == '.':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 5
}

// arabicArticles are the transliterated forms of the Arabic article that
// news writes or leaves out at will ("al-Raqqa", "Raqqa").
var arabicArticles = []string{"al", "el", "ar", "as", "ad", "ash", "az", "an", "at", "ad-", "ed", "es", "ez", "ul"}

// addArticleless indexes name without a leading Arabic article as well.
func addArticleless(name string, id int32, add func(string, int32)) {
	if rest, ok := stripArticle(name); ok {
		add(rest, id)
	}
}

func stripArticle(name string) (string, bool) {
	i := strings.IndexAny(name, " -")
	if i < 2 || i > 3 || i+1 >= len(name) {
		return "", false
	}
	head := strings.ToLower(name[:i])
	for _, a := range arabicArticles {
		if head == a {
			return name[i+1:], true
		}
	}
	return "", false
}

// regionWords are the words that turn a name into a region ("Kursk region",
// "Donetsk oblast", "Bari province"); the matcher also uses them.
var regionWords = map[string]bool{
	"oblast": true, "oblasts": true, "region": true, "regions": true, "province": true, "provinces": true,
	"governorate": true, "governorates": true, "state": true, "district": true, "districts": true,
	"raion": true, "rayon": true, "krai": true, "kray": true, "republic": true, "county": true,
	"prefecture": true, "department": true, "municipality": true, "muhafazat": true, "degmada": true,
	"territory": true, "oblast'": true, "governate": true,
}

// adminBase strips a region word from an admin name ("Kursk Oblast" ->
// "Kursk", "Republic of Tyva" -> "Tyva", "Degmada Badhaadhe" -> "Badhaadhe")
// so that the bare name and everyday forms ("Kursk region") can be found.
func adminBase(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' })
	if len(words) < 2 {
		return ""
	}
	last := strings.ToLower(strings.TrimRight(words[len(words)-1], "'’"))
	if regionWords[last] || last == "city" {
		return strings.Join(words[:len(words)-1], " ")
	}
	firstW := strings.ToLower(words[0])
	if regionWords[firstW] {
		rest := words[1:]
		if len(rest) > 1 && strings.ToLower(rest[0]) == "of" {
			rest = rest[1:]
		}
		return strings.Join(rest, " ")
	}
	return ""
}

// isUpperWord reports whether every letter of s is upper case.
func isUpperWord(s string) bool {
	has := false
	for _, r := range s {
		if words.IsLetter(r) {
			if !words.IsUpper(r) {
				return false
			}
			has = true
		}
	}
	return has
}
