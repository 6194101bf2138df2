package extract

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NameKey is the matching key of a place name: lower-case ASCII letters and
// digits only, with diacritics folded, separators dropped and the spelling
// differences of transliteration smoothed out (doubled letters, "ou"/"u", a
// final vowel+"h", Russian adjective endings), so that "Khan Younis" and
// "Khan-Yunis", "Raqqa" and "Raqqah", "Zaporizhzhia" and "Zaporizhia" meet.
// The gazetteer generator and the matcher share it, so both sides of a lookup
// are normalised the same way.
func NameKey(s string) string {
	var folded, key [64]byte // most names fit: no allocation but the result
	return string(skeleton(key[:0], foldAppend(folded[:0], s)))
}

// foldTable maps runes of the Latin blocks to their folded lower-case ASCII
// form; built once from Unicode decompositions so that it covers every
// accented letter rather than a hand-picked list.
var foldTable = buildFoldTable()

// foldMax bounds the runes foldTable covers (Latin Extended Additional ends
// at U+1EFF); a slice indexed by rune is much faster than a map here.
const foldMax = 0x1F00

func buildFoldTable() []string {
	t := map[rune]string{
		'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
		'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
		'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ŋ': "n", 'Ŋ': "n", 'ĸ': "k",
		'ə': "e", 'Ə': "e", 'ɛ': "e", 'Ɛ': "e", 'ɔ': "o", 'Ɔ': "o",
	}
	ranges := [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}}
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			if _, ok := t[r]; ok || !unicode.IsLetter(r) {
				continue
			}
			d := norm.NFD.String(string(r))
			base, _ := utf8.DecodeRuneInString(d)
			base = unicode.ToLower(base)
			if base < 0x80 && ('a' <= base && base <= 'z') {
				t[r] = string(base)
			}
		}
	}
	out := make([]string, foldMax)
	for r, s := range t {
		if r < foldMax {
			out[r] = s
		}
	}
	return out
}

// foldAppend appends the folded letters and digits of s to dst; everything
// else (spaces, hyphens, apostrophes, dots, non-Latin letters) is dropped.
func foldAppend(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				dst = append(dst, c)
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r < foldMax {
			dst = append(dst, foldTable[r]...)
		}
	}
	return dst
}

// skeleton rewrites folded letters into the matching key, appending to dst.
func skeleton(dst []byte, b []byte) []byte {
	start := len(dst)
	var prev byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == 'u' && prev == 'o' { // "ou" -> "u": Younis/Yunis, Bouake/Buake
			dst[len(dst)-1] = 'u'
			prev = 'u'
			continue
		}
		if c == prev && c >= 'a' { // doubled letters: Raqqa/Raqa, Shabeelle/Shabele
			continue
		}
		dst = append(dst, c)
		prev = c
	}
	k := dst[start:]
	// Russian adjective endings: -skiy, -skii, -skyi, -skyy -> -sky.
	if n := len(k); n > 6 && k[n-4] == 's' && k[n-3] == 'k' {
		e := string(k[n-2:])
		if e == "iy" || e == "yi" || e == "ii" {
			dst = append(dst[:start+n-2], 'y')
			k = dst[start:]
		}
	}
	// a final "h" after a vowel: Raqqah/Raqqa, Hamah/Hama.
	if n := len(k); n > 4 && k[n-1] == 'h' && isVowel(k[n-2]) {
		dst = dst[:start+n-1]
	}
	return dst
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}
