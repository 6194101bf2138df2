package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/index/extract"
)

// postalPlace is a village from the GeoNames postal-code files (UA in
// Ukrainian, BY in Russian Cyrillic), transliterated to Latin. cities500
// lacks most villages the war news names ("Buzova", "Vilkhivka"); the postal
// files have them, with rougher points.
type postalPlace struct {
	name    string
	aliases []string
	cc, a1  string
	sumLat  float64
	sumLon  float64
	n       int
	rough   bool     // the point is an estimate shared by many villages
	points  []string // while reading
}

// postalAdmin1 maps the postal files' region codes or names to GeoNames
// admin1 codes where they differ (the UA file swaps Kyiv city and oblast).
var postalAdmin1 = map[string]string{
	"UA|12": "13", "UA|13": "12",
	"BY|Brest": "01", "BY|Gomel": "02", "BY|Grodno": "03", "BY|Minsk": "05", "BY|Moghilev": "06", "BY|Vitebsk": "07",
}

// readPostal reads a postal file and returns the villages that cities500
// does not already have (known: keys "CC.A1|NameKey" of its places).
func readPostal(src, cc string, known map[string]*place) ([]*postalPlace, error) {
	path := filepath.Join(src, "geonames_postal_"+cc+".txt")
	byKey := map[string]*postalPlace{}
	shared := map[string]int{} // point -> villages placed there
	var order []string
	err := readLines(path, func(f []string) error {
		if len(f) < 11 || f[0] != cc {
			return nil
		}
		name := f[2]
		if i := strings.IndexByte(name, '('); i > 0 {
			name = strings.TrimSpace(name[:i])
		}
		var a1 string
		switch cc {
		case "UA":
			a1 = f[4]
			if m, ok := postalAdmin1["UA|"+a1]; ok {
				a1 = m
			}
		default:
			a1 = postalAdmin1[cc+"|"+f[3]]
		}
		if a1 == "" || name == "" {
			return nil
		}
		lat, err1 := strconv.ParseFloat(f[9], 64)
		lon, err2 := strconv.ParseFloat(f[10], 64)
		if err1 != nil || err2 != nil {
			return nil
		}
		var latin, alt string
		if cc == "UA" {
			latin, alt = translitUK(name, false), translitUK(name, true)
		} else {
			latin, alt = translitRU(name), ""
		}
		if latin == "" {
			return nil
		}
		k := extract.NameKey(latin)
		if _, ok := known[cc+"."+a1+"|"+k]; ok {
			return nil
		}
		key := cc + "." + a1 + "|" + k
		pp, ok := byKey[key]
		if !ok {
			pp = &postalPlace{name: latin, cc: cc, a1: a1}
			if alt != "" && alt != latin {
				pp.aliases = append(pp.aliases, alt)
			}
			byKey[key] = pp
			order = append(order, key)
		}
		pp.sumLat += lat
		pp.sumLon += lon
		pp.n++
		pt := f[9] + "," + f[10]
		shared[pt]++
		pp.points = append(pp.points, pt)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postal %s: %w", cc, err)
	}
	out := make([]*postalPlace, 0, len(order))
	for _, k := range order {
		pp := byKey[k]
		for _, pt := range pp.points {
			if shared[pt] >= 10 {
				pp.rough = true
			}
		}
		pp.points = nil
		out = append(out, pp)
	}
	return out, nil
}

// translitUK transliterates Ukrainian by the official 2010 table (Kyiv,
// Vilkhivka, Novomaiorske); yForms writes the initial-position forms
// everywhere (ye, yi, y, yu, ya: "Novomayorske"), as much English
// reporting does.
func translitUK(s string, yForms bool) string {
	table := map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh", 'з': "z",
		'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
		'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
		'ь': "", 'ю': "iu", 'я': "ia", '\'': "", '’': "", 'ʼ': "", '‘': "", '`': "",
	}
	initial := map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"}
	return translit(s, table, initial, yForms)
}

// translitRU transliterates Russian (BGN/PCGN without diacritics).
func translitRU(s string) string {
	table := map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
		'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
		'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
		'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ў': "u",
	}
	initial := map[rune]string{'е': "ye"}
	return translit(s, table, initial, false)
}

func translit(s string, table, initial map[rune]string, everywhere bool) string {
	var b strings.Builder
	wordStart := true
	for _, r := range s {
		lr := unicode.ToLower(r)
		up := lr != r
		out, ok := table[lr]
		if v, isInit := initial[lr]; isInit && (wordStart || everywhere) {
			out, ok = v, true
		}
		if lr == 'г' && b.Len() > 0 && strings.HasSuffix(strings.ToLower(b.String()), "z") && table['г'] == "h" {
			out = "gh" // зг -> zgh
		}
		switch {
		case ok:
			if up && out != "" {
				out = strings.ToUpper(out[:1]) + out[1:]
			}
			b.WriteString(out)
		case r == ' ' || r == '-':
			b.WriteRune(r)
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			if unicode.IsLetter(r) {
				return "" // a letter the table lacks: skip the name
			}
		}
		wordStart = r == ' ' || r == '-'
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
