package ingest

import (
	"strings"
	"unicode"
)

// DetectLang guesses the language of a text from its script and, for
// Latin and Cyrillic, from letters and stop words only some languages
// have. It knows the languages sitrep analyses specially (en, uk, ru, ar)
// and a few it can tell apart cheaply (fa, he, fr, de, es); "" when unsure.
// It weighs a few kilobytes, not the 100 MB of a statistical model.
func DetectLang(s string) string {
	if len(s) > 4000 {
		s = s[:4000]
	}
	var latin, cyr, arabic, hebrew, letters int
	var ukOnly, ruOnly, faOnly int
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch unicode.ToLower(r) {
			case 'і', 'ї', 'є', 'ґ':
				ukOnly++
			case 'ы', 'э', 'ъ', 'ё':
				ruOnly++
			}
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک':
				faOnly++
			}
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		}
	}
	if letters < 3 {
		return ""
	}
	switch {
	case arabic*2 > letters:
		if faOnly*20 > arabic {
			return "fa"
		}
		return "ar"
	case hebrew*2 > letters:
		return "he"
	case cyr*2 > letters:
		switch {
		case ukOnly > ruOnly:
			return "uk"
		case ruOnly > ukOnly:
			return "ru"
		}
		return ""
	case latin*2 > letters:
		return latinLang(s)
	}
	return ""
}

var stopWords = map[string]map[string]bool{
	"en": set("the of and to in is that for on with was as by at from it are have has said were be this which their not but"),
	"fr": set("le la les des est une dans pour que qui sur pas par avec sont du au aux ce cette été"),
	"de": set("der die das und ist nicht ein eine den dem mit sich auf für von wird wurde sind auch zu im"),
	"es": set("el la los las de que y en un una es por para con del se al como más pero sus"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func latinLang(s string) string {
	counts := map[string]int{}
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		n++
		for lang, sw := range stopWords {
			if sw[w] {
				counts[lang]++
			}
		}
		if n > 600 {
			break
		}
	}
	best, bestN := "", 0
	for _, lang := range []string{"en", "fr", "de", "es"} {
		if counts[lang] > bestN {
			best, bestN = lang, counts[lang]
		}
	}
	if bestN == 0 && n < 8 {
		return ""
	}
	if bestN == 0 {
		return ""
	}
	return best
}
