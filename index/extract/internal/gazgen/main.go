// Command gazgen builds the gazetteer that sitrep embeds
// (index/extract/data/gazetteer.tsv.gz) from GeoNames extracts. It is run by
// `go generate ./index/extract` (see index/extract/generate.go), which
// needs ../shared beside the project; paths are relative to index/extract:
//
//	go run ./internal/gazgen [-src ../../../shared/data/gazetteer] [-corpus ../../../shared/data/corpus/articles.en.jsonl] [-out data/gazetteer.tsv.gz]
//
// Flags:
//
//	-src DIR      folder with cities500.txt, cities15000.txt, admin1CodesASCII.txt,
//	              admin2Codes.txt and countryInfo.txt (GeoNames, CC BY 4.0)
//	-corpus FILE  optional JSON Lines of English news ("title", "text"); words that
//	              it mostly writes in lower case ("police", "deal", "man") are
//	              marked as common words, which the matcher accepts as places
//	              only with supporting context. Only the word list is written,
//	              never the text. Empty or missing: no common-word list.
//	-out FILE     the gzip'd TSV to write
//	-min-pop N    drop places with population below N (default 0: keep all)
//	-script-out FILE  write only the Cyrillic and Arabic names of places
//	              (data/gazetteer_script.tsv.gz) and stop
//
// Villages that cities500 lacks come from the GeoNames postal-code files for
// Ukraine and Belarus in -src (geonames_postal_UA.txt, geonames_postal_BY.txt),
// transliterated from Cyrillic (Ukrainian 2010 national table, Russian
// BGN/PCGN); their points are rougher (postal-office level).
//
// The output keeps only what English news needs: names and alternate names in
// Latin script (which covers transliterations such as Kiev, Kharkov,
// Zaporozhye), deduplicated by their matching key (extract.NameKey); country,
// region and district rows with a centroid computed from their member places,
// so that places the gazetteer lacks can borrow a point from the region named
// beside them. Format: see index/extract/gazetteer.go.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/index/extract"
)

func main() {
	src := flag.String("src", "../../../shared/data/gazetteer", "folder with the GeoNames files")
	corpus := flag.String("corpus", "../../../shared/data/corpus/articles.en.jsonl", "English news JSON Lines for the common-word list (optional)")
	out := flag.String("out", "data/gazetteer.tsv.gz", "output file")
	minPop := flag.Int("min-pop", 0, "drop places with a smaller population")
	scriptOut := flag.String("script-out", "", "write only the Cyrillic and Arabic place names to this file (data/gazetteer_script.tsv.gz)")
	flag.Parse()
	if *scriptOut != "" {
		if err := writeScriptNames(*src, *scriptOut); err != nil {
			log.Fatalf("gazgen: %v", err)
		}
		return
	}
	if err := run(*src, *corpus, *out, *minPop); err != nil {
		log.Fatalf("gazgen: %v", err)
	}
}

type place struct {
	id       int
	name     string
	lat, lon float64
	fcode    string
	cc       string
	a1, a2   string
	pop      int
	aliases  []string
}

type admin struct {
	code    string // CC.A1 or CC.A1.A2
	name    string
	id      int
	aliases []string
	// centroid accumulators over member places
	sumLat, sumLon float64
	n              int
	pop            int
}

type country struct {
	iso, name  string
	id, pop    int
	capital    string
	lat, lon   float64
	hasPoint   bool
	aliases    []string
	sumLat     float64
	sumLon     float64
	n          int
	capitalPop int
}

func run(src, corpus, out string, minPop int) error {
	countries, corder, err := readCountries(filepath.Join(src, "countryInfo.txt"))
	if err != nil {
		return err
	}
	admin1, a1order, err := readAdmins(filepath.Join(src, "admin1CodesASCII.txt"))
	if err != nil {
		return err
	}
	admin2, a2order, err := readAdmins(filepath.Join(src, "admin2Codes.txt"))
	if err != nil {
		return err
	}
	// "Kharkiv City Council" is the city's own municipal body, not a
	// district: as a level of the hierarchy it would show a council as a
	// place beside the city. Such cities have no district of their own.
	councils := map[string]bool{}
	for code, a := range admin2 {
		if strings.HasSuffix(a.name, " City Council") {
			delete(admin2, code)
			councils[code] = true
		}
	}
	places, err := readPlaces(filepath.Join(src, "cities500.txt"), nil)
	for _, p := range places {
		if councils[p.cc+"."+p.a1+"."+p.a2] {
			p.a2 = ""
		}
	}
	if err != nil {
		return err
	}
	seen := map[int]bool{}
	for _, p := range places {
		seen[p.id] = true
	}
	if more, err := readPlaces(filepath.Join(src, "cities15000.txt"), seen); err == nil {
		places = append(places, more...)
	}
	kept := places[:0]
	for _, p := range places {
		if p.pop < minPop && !strings.HasPrefix(p.fcode, "PPLA") && p.fcode != "PPLC" {
			continue
		}
		switch p.fcode {
		case "PPLH", "PPLQ", "PPLW", "PPLCH":
			continue // historical, abandoned or destroyed
		}
		kept = append(kept, p)
	}
	places = kept
	sort.Slice(places, func(i, j int) bool { return places[i].id < places[j].id })

	// Curated names and aliases.
	for code, name := range admin1Names {
		if a, ok := admin1[code]; ok {
			a.aliases = append(a.aliases, a.name)
			a.name = name
		}
	}
	for code, al := range admin1Aliases {
		if a, ok := admin1[code]; ok {
			a.aliases = append(a.aliases, al...)
		}
	}
	// French and Portuguese compass words in region names, as English news
	// writes them: Nord Kivu -> North Kivu, Centre-Nord -> Centre-North.
	for _, m := range []map[string]*admin{admin1, admin2} {
		for _, a := range m {
			if en := englishCompass(a.name); en != a.name {
				a.aliases = append(a.aliases, en)
			}
		}
	}
	for iso, name := range countryNames {
		if c, ok := countries[iso]; ok {
			c.aliases = append(c.aliases, c.name)
			c.name = name
		}
	}
	for iso, al := range countryAliases {
		if c, ok := countries[iso]; ok {
			c.aliases = append(c.aliases, al...)
		}
	}

	for _, p := range places {
		if n, ok := placeNames[p.cc+"|"+p.name]; ok && n != p.name {
			p.aliases = append(p.aliases, p.name)
			p.name = n
		}
	}

	// Centroids from member places.
	for _, p := range places {
		if a, ok := admin1[p.cc+"."+p.a1]; ok {
			a.sumLat += p.lat
			a.sumLon += p.lon
			a.n++
			a.pop += p.pop
		}
		if a, ok := admin2[p.cc+"."+p.a1+"."+p.a2]; ok {
			a.sumLat += p.lat
			a.sumLon += p.lon
			a.n++
			a.pop += p.pop
		}
		if c, ok := countries[p.cc]; ok {
			c.sumLat += p.lat * float64(p.pop+1)
			c.sumLon += p.lon * float64(p.pop+1)
			c.n += p.pop + 1
			if p.fcode == "PPLC" && p.pop >= c.capitalPop {
				c.lat, c.lon, c.hasPoint, c.capitalPop = p.lat, p.lon, true, p.pop
			}
		}
	}
	// Districts with few member places (GeoNames often leaves the district
	// code of places empty) take the point of their seat: the place of the
	// same name in the same region.
	seats := map[string]*place{}
	for _, p := range places {
		for _, n := range append([]string{p.name}, p.aliases...) {
			k := p.cc + "." + p.a1 + "|" + extract.NameKey(n)
			if s, ok := seats[k]; !ok || p.pop > s.pop {
				seats[k] = p
			}
		}
	}
	for code, a := range admin2 {
		if a.n >= 3 {
			continue
		}
		i := strings.LastIndexByte(code, '.')
		for _, n := range append([]string{baseName(a.name)}, a.aliases...) {
			if s, ok := seats[code[:i]+"|"+extract.NameKey(n)]; ok {
				a.sumLat, a.sumLon, a.n = s.lat, s.lon, 1
				break
			}
		}
	}
	var postal []*postalPlace
	for _, cc := range []string{"UA", "BY"} {
		pp, err := readPostal(src, cc, seats)
		if err != nil {
			log.Printf("gazgen: %v (skipped)", err)
			continue
		}
		postal = append(postal, pp...)
	}
	for _, r := range regions {
		a := &admin{code: r.Code, name: r.Name, aliases: r.Aliases}
		for _, m := range r.Members {
			if b, ok := admin1[m]; ok {
				a.sumLat += b.sumLat
				a.sumLon += b.sumLon
				a.n += b.n
				a.pop += b.pop
			}
		}
		admin1[r.Code] = a
		a1order = append(a1order, r.Code)
	}

	words, english, err := commonWords(corpus, places, admin1, admin2, countries)
	if err != nil {
		log.Printf("gazgen: no common-word list: %v", err)
	}

	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	defer os.Remove(out + ".tmp")
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriterSize(zw, 1<<20)
	fmt.Fprintf(w, "#sitrep gazetteer v1\t%d\t%d\t%d\t%d\n", len(corder), len(a1order), len(a2order), len(places))
	fmt.Fprintln(w, "# Data: GeoNames (https://www.geonames.org/), CC BY 4.0. Built by cmd/gazgen; see ATTRIBUTION.md.")
	for _, iso := range corder {
		c := countries[iso]
		lat, lon, ok := c.lat, c.lon, c.hasPoint
		if !ok && c.n > 0 {
			lat, lon, ok = c.sumLat/float64(c.n), c.sumLon/float64(c.n), true
		}
		fmt.Fprintf(w, "C\t%s\t%s\t%s\t%d\t%d\t%s\n", iso, c.name, point(lat, lon, ok), c.pop, c.id, joinAliases(c.name, c.aliases))
	}
	for _, code := range a1order {
		a := admin1[code]
		fmt.Fprintf(w, "A\t%s\t%s\t%s\t%d\t%d\t%s\n", code, a.name, centroid(a), a.pop, a.id, joinAliases(a.name, a.aliases))
	}
	for _, code := range a2order {
		a, ok := admin2[code]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "B\t%s\t%s\t%s\t%d\t%d\t%s\n", code, a.name, centroid(a), a.pop, a.id, joinAliases(a.name, a.aliases))
	}
	prevID := 0
	for _, p := range places {
		// ids ascend, so each is written as the difference from the previous one
		fmt.Fprintf(w, "P\t+%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", p.id-prevID, p.name, point(p.lat, p.lon, true), p.cc, p.a1, p.a2, p.pop, p.fcode, joinAliases(p.name, p.aliases))
		prevID = p.id
	}
	// Q: villages from the postal files: name, lat, lon, CC, A1, aliases,
	// "~" when the point is a rough estimate
	for _, pp := range postal {
		rough := ""
		if pp.rough {
			rough = "~"
		}
		fmt.Fprintf(w, "Q\t%s\t%s\t%s\t%s\t%s\t%s\n", pp.name, point(pp.sumLat/float64(pp.n), pp.sumLon/float64(pp.n), true), pp.cc, pp.a1, joinAliases(pp.name, pp.aliases), rough)
	}
	if len(words) > 0 {
		fmt.Fprintf(w, "W\t%s\n", strings.Join(words, "|"))
	}
	if len(english) > 0 {
		fmt.Fprintf(w, "E\t%s\n", strings.Join(english, "|"))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(out+".tmp", out); err != nil {
		return err
	}
	st, _ := os.Stat(out)
	log.Printf("gazgen: wrote %s: %d countries, %d regions, %d districts, %d places, %d postal villages, %d common words, %d bytes",
		out, len(corder), len(a1order), len(a2order), len(places), len(postal), len(words), st.Size())
	return nil
}

// baseName strips the words that say "district" from a district name.
func baseName(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "district", "degmada", "rayon", "raion", "municipality", "county", "departamento", "de", "distrito", "municipio":
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func point(lat, lon float64, ok bool) string {
	if !ok {
		return "\t"
	}
	return strconv.FormatFloat(round4(lat), 'f', -1, 64) + "\t" + strconv.FormatFloat(round4(lon), 'f', -1, 64)
}

// round4 keeps three decimals (about 100 m), plenty for news geography.
func round4(f float64) float64 { return math.Round(f*1e3) / 1e3 }

func centroid(a *admin) string {
	if a.n == 0 {
		return point(0, 0, false)
	}
	return point(a.sumLat/float64(a.n), a.sumLon/float64(a.n), true)
}

// joinAliases keeps the aliases whose matching key differs from the name's
// and from each other's, so the file holds one spelling per key.
func joinAliases(name string, aliases []string) string {
	seen := map[string]bool{extract.NameKey(name): true}
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a == "" || strings.ContainsAny(a, "|\t") {
			continue
		}
		k := extract.NameKey(a)
		if k == "" {
			continue
		}
		// an abbreviation in capitals keeps its own entry even when its key
		// equals another alias, since it is matched case-sensitively.
		if isAbbrev(a) {
			out = append(out, a)
			continue
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return strings.Join(out, "|")
}

func isAbbrev(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		} else if r != '.' {
			return false
		}
	}
	return letters > 0 && letters <= 5
}

func readLines(path string, fn func(f []string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return sc.Err()
}

func readCountries(path string) (map[string]*country, []string, error) {
	m := map[string]*country{}
	var order []string
	err := readLines(path, func(f []string) error {
		if len(f) < 17 {
			return nil
		}
		pop, _ := strconv.Atoi(f[7])
		id, _ := strconv.Atoi(f[16])
		c := &country{iso: f[0], name: strings.TrimSpace(f[4]), capital: f[5], pop: pop, id: id}
		m[c.iso] = c
		order = append(order, c.iso)
		return nil
	})
	return m, order, err
}

func readAdmins(path string) (map[string]*admin, []string, error) {
	m := map[string]*admin{}
	var order []string
	err := readLines(path, func(f []string) error {
		if len(f) < 4 {
			return nil
		}
		id, _ := strconv.Atoi(f[3])
		a := &admin{code: f[0], name: f[1], id: id}
		if f[2] != f[1] {
			if f[2] != "" && extract.NameKey(f[2]) == extract.NameKey(f[1]) {
				a.name = f[2] // ASCII canonical, as for places
			}
			a.aliases = append(a.aliases, f[1], f[2])
		}
		m[a.code] = a
		order = append(order, a.code)
		return nil
	})
	return m, order, err
}

func readPlaces(path string, skip map[int]bool) ([]*place, error) {
	var out []*place
	err := readLines(path, func(f []string) error {
		if len(f) < 15 {
			return nil
		}
		id, _ := strconv.Atoi(f[0])
		if skip[id] {
			return nil
		}
		lat, _ := strconv.ParseFloat(f[4], 64)
		lon, _ := strconv.ParseFloat(f[5], 64)
		pop, _ := strconv.Atoi(f[14])
		p := &place{id: id, name: f[1], lat: lat, lon: lon, fcode: f[7], cc: f[8], a1: f[10], a2: f[11], pop: pop}
		if f[2] != f[1] {
			// English news writes "Khan Yunis" and "Hamah", not "Khān Yūnis"
			// and "Ḩamāh": the ASCII form is the canonical name when it only
			// drops diacritics; the original stays an alias.
			if f[2] != "" && extract.NameKey(f[2]) == extract.NameKey(f[1]) {
				p.name = f[2]
			}
			p.aliases = append(p.aliases, f[1], f[2])
		}
		for _, a := range strings.Split(f[3], ",") {
			if keepAlternate(a) {
				p.aliases = append(p.aliases, a)
			}
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// keepAlternate keeps alternate names useful in English text: Latin script,
// starting with a capital (GeoNames' lower-case entries are machine
// romanisations of other scripts, e.g. "dmshq"), no digits, not an airport
// or other code in capitals, at least four letters, at most five words.
func keepAlternate(a string) bool {
	if a == "" || len(a) > 60 || strings.Contains(a, "  ") {
		return false
	}
	letters, words := 0, 1
	first := true
	for _, r := range a {
		switch {
		case unicode.IsLetter(r):
			if first && !unicode.IsUpper(r) {
				return false
			}
			first = false
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
		case r == ' ':
			words++
		case r == '-' || r == '\'' || r == '’' || r == 'ʼ' || r == 'ʹ' || r == '`' || r == '.' || r == 'ʻ' || r == 'ʿ' || r == 'ʾ':
		default:
			return false
		}
	}
	if letters < 4 || words > 5 {
		return false
	}
	if isAbbrev(a) {
		return false
	}
	return true
}

// commonWords lists the single-word place keys that English news mostly
// writes in lower case: "police", "deal", "man", "mobile". The matcher takes
// these as places only with supporting context.
func commonWords(path string, places []*place, admin1, admin2 map[string]*admin, countries map[string]*country) ([]string, []string, error) {
	if path == "" {
		return nil, nil, fmt.Errorf("no corpus")
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	single := map[string]bool{}
	addKeys := func(names ...string) {
		for _, n := range names {
			if !strings.ContainsAny(n, " -") {
				single[extract.NameKey(n)] = true
			}
		}
	}
	for _, p := range places {
		addKeys(p.name)
		addKeys(p.aliases...)
	}
	for _, a := range admin1 {
		addKeys(a.name)
		addKeys(a.aliases...)
	}
	for _, a := range admin2 {
		addKeys(a.name)
		addKeys(a.aliases...)
	}
	lower := map[string]int{}
	upper := map[string]int{}
	dec := json.NewDecoder(bufio.NewReaderSize(fh, 1<<20))
	for {
		var rec struct{ Title, Text string }
		if err := dec.Decode(&rec); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		countWords(rec.Title+". "+rec.Text, lower, upper)
	}
	var out []string
	for w, n := range lower {
		// a word written in lower case at least a third as often as
		// capitalised mid-sentence ("house" vs "White House") is a word
		if n < 3 || 3*n < upper[w] {
			continue
		}
		k := extract.NameKey(w)
		if single[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	out = dedupe(out)
	// and the most frequent lower-case words, whatever they are, so that a
	// title-case heading's "We Are" or "No One" is not read as a place
	type wc struct {
		w string
		n int
	}
	var all []wc
	for w, n := range lower {
		if 3*n >= upper[w] {
			all = append(all, wc{w, n})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || all[i].n == all[j].n && all[i].w < all[j].w })
	var english []string
	for i := 0; i < len(all) && i < englishWords; i++ {
		english = append(english, extract.NameKey(all[i].w))
	}
	sort.Strings(english)
	return out, dedupe(english), nil
}

// englishWords is how many of the most frequent lower-case words make the
// English word list.
const englishWords = 3000

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// countWords counts lower-case occurrences of each word and capitalised
// occurrences that do not start a sentence.
func countWords(text string, lower, upper map[string]int) {
	sentenceStart := true
	start := -1
	flush := func(end int) {
		w := text[start:end]
		start = -1
		r := []rune(w)
		if len(r) < 2 {
			sentenceStart = false
			return
		}
		lw := strings.ToLower(w)
		if unicode.IsLower(r[0]) {
			lower[lw]++
		} else if !sentenceStart {
			upper[lw]++
		}
		sentenceStart = false
	}
	for i, r := range text {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		switch r {
		case '.', '!', '?', '\n', '"', '“', ':':
			sentenceStart = true
		}
	}
	if start >= 0 {
		flush(len(text))
	}
}

// compassWords are French, Portuguese and Spanish compass words of region
// names, with their English forms.
var compassWords = map[string]string{
	"Nord": "North", "Sud": "South", "Est": "East", "Ouest": "West", "Norte": "North", "Sul": "South",
	"Sur": "South", "Oeste": "West", "Leste": "East", "Nord-Ouest": "North-West", "Sud-Ouest": "South-West",
	"Nord-Est": "North-East", "Sud-Est": "South-East",
}

// englishCompass translates the compass words of a region name ("Nord
// Kivu", "Centre-Nord", "Sud-Ouest"), keeping the rest.
func englishCompass(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		if en, ok := compassWords[w]; ok {
			words[i] = en
			continue
		}
		parts := strings.Split(w, "-")
		for j, part := range parts {
			if en, ok := compassWords[part]; ok {
				parts[j] = en
			}
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}
