package words

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Words in Cyrillic and Arabic script change their form with their role in
// the sentence: Ukrainian and Russian decline nouns and adjectives (Харків,
// Харкова, Харкові; Курськ, Курської), Arabic attaches the article and
// one-letter particles to the front (غزة, وغزة, بغزة, والجيش). The key of such
// a word is its folded form without the ending or the particles, and the
// matchers of places and actors compare keys, so that one entry of a name
// finds every form of it.

// Scripts of a word.
const (
	Other uint8 = iota
	Cyrillic
	Arabic
)

// HasCyrillicOrArabic reports whether text has any letter in those scripts;
// their UTF-8 lead bytes are 0xD0-0xD3 (Cyrillic) and 0xD8-0xDB (Arabic),
// which no Latin letter uses.
func HasCyrillicOrArabic(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 0xD0 && c <= 0xDB && c != 0xD4 && c != 0xD5 && c != 0xD6 && c != 0xD7 {
			return true
		}
	}
	return false
}

func runeScript(r rune) uint8 {
	switch {
	case r >= 0x400 && r <= 0x52F:
		return Cyrillic
	case r >= 0x600 && r <= 0x6FF, r >= 0x750 && r <= 0x77F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return Arabic
	}
	return Other
}

// cyrFoldAppend appends the lower-case form of a Cyrillic letter with ё
// read as е and ґ as г (both are often written without the distinction).
func cyrFoldAppend(dst []byte, r rune) []byte {
	r = ToLower(r)
	switch r {
	case 'ё':
		r = 'е'
	case 'ґ':
		r = 'г'
	case 'ѓ':
		r = 'г'
	}
	return utf8.AppendRune(dst, r)
}

// arFoldAppend appends the normalised form of an Arabic letter: the alef
// forms (أ إ آ ٱ) as bare alef, taa marbuta as haa, alef maqsura and the
// Persian yeh as yeh, the Persian kaf as kaf; short vowels, other marks and
// the tatweel are dropped.
func arFoldAppend(dst []byte, r rune) []byte {
	switch {
	case r >= 0x64B && r <= 0x65F, r == 0x670, r == 0x640, r >= 0x6D6 && r <= 0x6ED:
		return dst
	}
	if r >= 0x660 && r <= 0x669 { // Arabic-Indic digits
		return append(dst, byte('0'+r-0x660))
	}
	if r >= 0x6F0 && r <= 0x6F9 {
		return append(dst, byte('0'+r-0x6F0))
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		r = 'ا'
	case 'ة':
		r = 'ه'
	case 'ى', 'ی', 'ې':
		r = 'ي'
	case 'ک':
		r = 'ك'
	}
	return utf8.AppendRune(dst, r)
}

// cyrEndings are the case endings of Ukrainian and Russian nouns and
// adjectives, by length in letters; a word loses the longest one that
// leaves a stem of at least cyrMinStem letters. Stem-final alternations are
// handled on the name side (see CyrillicVariants).
var cyrEndings = func() [4]map[string]bool {
	var byLen [4]map[string]bool
	for n := range byLen {
		byLen[n] = map[string]bool{}
	}
	for _, e := range []string{
		"ого", "ому", "его", "ему", "ими", "ыми", "ами", "ями",
		"ом", "ем", "ём", "ою", "ею", "єю", "ой", "ей", "ий", "ій", "ый", "ая", "яя", "ое", "ее", "ые", "ие",
		"ых", "их", "ым", "им", "ам", "ям", "ах", "ях", "ую", "юю", "ої", "ью", "ім",
		"а", "я", "у", "ю", "і", "и", "ы", "е", "є", "о", "ь", "ї",
	} {
		byLen[utf8.RuneCountInString(e)][e] = true
	}
	return byLen
}()

const cyrMinStem = 3

// cyrStemLen returns the byte length of the stem of a folded Cyrillic word.
func cyrStemLen(w []byte) int {
	// the byte offsets where the last one, two and three letters start
	var at [4]int
	n := 0
	for i := len(w); i > 0 && n < 3+cyrMinStem; n++ {
		_, size := utf8.DecodeLastRune(w[:i])
		i -= size
		if n < 3 {
			at[n+1] = i
		}
	}
	for k := 3; k >= 1; k-- {
		if n-k < cyrMinStem {
			continue
		}
		if cyrEndings[k][string(w[at[k]:])] {
			return at[k]
		}
	}
	return len(w)
}

// CyrillicVariants returns the other stems a name's word takes in its oblique
// cases: Ukrainian closes a final syllable with і or ї where the other forms
// have о, е or є (Харків/Харкова, Київ/Києва, Ріг/Рогу, Миколаїв/Миколаєва).
func CyrillicVariants(stem string) []string {
	// the last vowel of the stem, when only consonants follow it
	i := len(stem)
	var last rune
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(stem[:i])
		if isCyrVowel(r) {
			last = r
			break
		}
		i -= n
	}
	if i == len(stem) || i == 0 {
		return nil
	}
	_, n := utf8.DecodeLastRuneInString(stem[:i])
	head, tail := stem[:i-n], stem[i:]
	switch last {
	case 'і':
		return []string{head + "о" + tail, head + "е" + tail}
	case 'ї':
		return []string{head + "є" + tail}
	}
	return nil
}

func isCyrVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я', 'ы', 'э':
		return true
	}
	return false
}

// ScriptKey appends the key of one word (letters of one script) to dst
// and returns it with the word's script. Cyrillic words lose their case
// ending; Arabic words are normalised but keep their particles (see
// arParticleCuts).
func ScriptKey(dst []byte, w string) ([]byte, uint8) {
	start := len(dst)
	sc := Other
	for _, r := range w {
		switch runeScript(r) {
		case Cyrillic:
			sc = Cyrillic
			dst = cyrFoldAppend(dst, r)
		case Arabic:
			sc = Arabic
			dst = arFoldAppend(dst, r)
		default:
			if IsLetterOrDigit(r) {
				dst = utf8.AppendRune(dst, ToLower(r))
			}
		}
	}
	if sc == Cyrillic {
		dst = dst[:start+cyrStemLen(dst[start:])]
	}
	return dst, sc
}

// Arabic particles that attach to the front of a word: a conjunction (و
// "and", ف "so"), then a preposition (ب "in", ل "for", ك "like"), then the
// article ال; ل before the article drops its alef (للجيش = ل + الجيش).
const (
	arWaw   = "و"
	arFa    = "ف"
	arBa    = "ب"
	arLam   = "ل"
	arKaf   = "ك"
	arAl    = "ال"
	arLilAl = "لل"
)

// ArabicCandidates returns the forms a normalised Arabic word may have once
// the particles in front of it are cut off, the least cut first (the word
// itself). The article stays: a name either has it (القدس, الرقة) or never
// takes it, so "الأمن" (security) is not the town أمن. ل before the article
// drops its alef (للرقة = ل + الرقة). What is left keeps three letters.
func ArabicCandidates(w string, dst []string) []string {
	dst = append(dst, w)
	add := func(c string) {
		if utf8.RuneCountInString(c) < 3 || slices.Contains(dst, c) {
			return
		}
		dst = append(dst, c)
	}
	has := func(s, p string) bool { return len(s) > len(p) && s[:len(p)] == p }
	for _, c := range []string{"", arWaw, arFa} {
		if c != "" && !has(w, c) {
			continue
		}
		rest := w[len(c):]
		if c != "" {
			add(rest)
		}
		if has(rest, arLilAl) {
			add(arAl + rest[len(arLilAl):])
		}
		for _, p := range []string{arBa, arLam, arKaf} {
			if has(rest, p) {
				add(rest[len(p):])
			}
		}
	}
	return dst
}

// ArabicParticleForms returns an Arabic alias with the particles news attaches
// to its first word (حماس: وحماس, لحماس, فحماس...; الجيش: والجيش, بالجيش,
// للجيش...), so that the actor matcher, which reads whole words, finds them;
// nil for other aliases.
func ArabicParticleForms(alias string) []string {
	if alias == "" || alias[0] < 0xD8 || alias[0] > 0xDB {
		return nil
	}
	var out []string
	if strings.HasPrefix(alias, arAl) || strings.HasPrefix(alias, "أل") {
		rest := alias[len(arAl):]
		for _, p := range []string{"و", "ف", "ب", "ك", "وب", "فب", "وك"} {
			out = append(out, p+alias)
		}
		for _, p := range []string{"", "و", "ف"} {
			out = append(out, p+arLilAl+rest)
		}
		return out
	}
	for _, p := range []string{"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"} {
		out = append(out, p+alias)
	}
	return out
}
