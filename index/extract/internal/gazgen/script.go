package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// scriptCountries are where news in Cyrillic or Arabic script names small
// places: every Cyrillic name of a place there is kept, and Arabic names of
// places from scriptArabicMinPop up. Elsewhere only towns of
// scriptForeignMinPop and more keep their names in those scripts.
var (
	cyrillicHome = map[string]bool{"UA": true, "RU": true, "BY": true, "MD": true, "GE": true, "KZ": true}
	arabicHome   = map[string]bool{
		"PS": true, "IL": true, "LB": true, "SY": true, "IQ": true, "JO": true, "EG": true, "SA": true, "YE": true,
		"SD": true, "LY": true, "TN": true, "DZ": true, "MA": true, "KW": true, "QA": true,
		"AE": true, "BH": true, "OM": true, "SO": true,
	}
)

const (
	scriptArabicMinPop  = 1000
	scriptForeignMinPop = 15000
	// Arabic spellings of foreign towns are often everyday Arabic words
	// (Emmen/الأمن "security", Lille/الليل "night"): only cities count.
	scriptArabicForeignMinPop = 200000
)

// writeScriptNames writes the Cyrillic and Arabic names of places
// (index/extract/data/gazetteer_script.tsv.gz): one line a place,
// "geonameid<TAB>name|name|...", ids ascending; then one line a village of
// the postal files, "Q<TAB>CC.A1<TAB>transliterated name<TAB>Cyrillic name". The place itself (its
// canonical English name, hierarchy and point) is the main gazetteer's entry
// with that geonameid.
func writeScriptNames(src, out string) error {
	names := map[int][]string{}
	for _, file := range []string{"cities500.txt", "cities15000.txt"} {
		err := readLines(filepath.Join(src, file), func(f []string) error {
			if len(f) < 15 {
				return nil
			}
			switch f[7] {
			case "PPLH", "PPLQ", "PPLW", "PPLCH":
				return nil
			}
			id, _ := strconv.Atoi(f[0])
			if _, ok := names[id]; ok {
				return nil
			}
			pop, _ := strconv.Atoi(f[14])
			cc := f[8]
			var keep []string
			for _, a := range strings.Split(f[3], ",") {
				switch scriptOf(a) {
				case 'c':
					if cyrillicHome[cc] || pop >= scriptForeignMinPop {
						keep = append(keep, a)
					}
				case 'a':
					if arabicHome[cc] && pop >= scriptArabicMinPop || pop >= scriptArabicForeignMinPop {
						keep = append(keep, a)
					}
				}
			}
			if len(keep) > 0 {
				names[id] = dedupe(keep)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	// villages of the postal files (UA in Ukrainian, BY in Russian), which
	// the main gazetteer holds under their transliterated names
	var postal []string
	for _, cc := range []string{"UA", "BY"} {
		seen := map[string]bool{}
		err := readLines(filepath.Join(src, "geonames_postal_"+cc+".txt"), func(f []string) error {
			if len(f) < 11 || f[0] != cc {
				return nil
			}
			name := f[2]
			if i := strings.IndexByte(name, '('); i > 0 {
				name = strings.TrimSpace(name[:i])
			}
			a1 := postalAdmin1[cc+"|"+f[3]]
			latin := translitRU(name)
			if cc == "UA" {
				a1 = f[4]
				if m, ok := postalAdmin1["UA|"+a1]; ok {
					a1 = m
				}
				latin = translitUK(name, false)
			}
			if a1 == "" || latin == "" || scriptOf(name) != 'c' {
				return nil
			}
			line := cc + "." + a1 + "\t" + latin + "\t" + name
			if !seen[line] {
				seen[line] = true
				postal = append(postal, line)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("postal %s: %w", cc, err)
		}
	}
	ids := make([]int, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	f, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintln(w, "# Cyrillic and Arabic names of GeoNames places (CC BY 4.0): geonameid<TAB>names; built by cmd/gazgen -script-out")
	n := 0
	for _, id := range ids {
		fmt.Fprintf(w, "%d\t%s\n", id, strings.Join(names[id], "|"))
		n += len(names[id])
	}
	// Q lines: region, the transliterated name the main gazetteer has, the Cyrillic name
	for _, l := range postal {
		fmt.Fprintf(w, "Q\t%s\n", l)
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
	log.Printf("gazgen: wrote %s: %d places, %d names, %d postal villages", out, len(ids), n, len(postal))
	return nil
}

// scriptOf tells whether a name is written in Cyrillic ('c') or Arabic ('a')
// script alone (spaces, hyphens and apostrophes aside), or neither (0). Names
// with digits, brackets or mixed scripts are left out.
func scriptOf(s string) byte {
	var sc byte
	letters := 0
	for _, r := range s {
		var k byte
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			k = 'c'
		case unicode.Is(unicode.Arabic, r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)):
			k = 'a'
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == 'ʼ':
			continue
		default:
			return 0
		}
		if sc != 0 && sc != k {
			return 0
		}
		sc = k
		letters++
	}
	if letters < 2 || len(s) > 80 {
		return 0
	}
	return sc
}
