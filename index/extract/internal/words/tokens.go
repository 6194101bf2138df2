// Package words splits a text into word tokens and gives each its key: lower
// case, Latin accents folded, Cyrillic case endings cut, Arabic letters
// normalised, so that the finders of actors, dates and places compare keys
// rather than spellings ("al-Shabaab", "AL SHABAAB"; Харків, Харкова).
package words

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Token is one word of a text: a run of letters and digits. Matching works on
// tokens rather than bytes so that "al-Shabaab", "Al Shabaab" and "AL SHABAAB"
// meet on one key, and so that "Russia's" and "Russia’s" are the same.
type Token struct {
	Start, End int    // byte offsets in the original text
	Key        string // lower case, diacritics folded ("erdoğan" -> "erdogan")
	Upper      int    // number of upper-case letters
	Cap        bool   // first letter upper case
	Digits     bool   // contains a digit
	Break      bool   // punctuation other than space, hyphen, apostrophe or an abbreviation dot precedes it
}

// abbrevs are words after which a dot does not end a phrase ("Lt. Gen. X", "Jan. 4").
var abbrevs = map[string]bool{
	"lt": true, "gen": true, "col": true, "maj": true, "brig": true, "dr": true, "mr": true, "mrs": true, "ms": true,
	"st": true, "sgt": true, "capt": true, "adm": true, "sen": true, "rep": true, "gov": true, "cmdr": true, "cdr": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "no": true, "vs": true, "v": true, "jr": true, "sr": true, "pres": true,
}

// Tokenize splits text into tokens. It allocates the folded keys in one buffer.
func Tokenize(text string) []Token {
	var z Tokenizer
	return z.Tokenize(text)
}

// Tokenizer keeps the buffers of Tokenize from one text to the next, for a
// caller that tokenises many texts. It is not safe for concurrent use.
type Tokenizer struct {
	toks  []Token
	buf   []byte
	spans []span
}

// span is the byte span of one token's key in the folded buffer.
type span struct{ a, b int }

// Tokenize is the package's Tokenize. The tokens it returns are valid until
// the next call; their keys stay valid for good.
func (z *Tokenizer) Tokenize(text string) []Token {
	n := len(text)/5 + 1
	toks, buf, spans := z.toks[:0], z.buf[:0], z.spans[:0]
	if cap(toks) < n {
		toks = make([]Token, 0, n)
	}
	if cap(buf) < len(text) {
		buf = make([]byte, 0, len(text))
	}
	if cap(spans) < n {
		spans = make([]span, 0, n)
	}
	prevEnd := 0
	i := 0
	for i < len(text) {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !wordRune(r) {
			i += size
			continue
		}
		// a token starts here
		t := Token{Start: i}
		var prevKey []byte
		if n := len(spans); n > 0 {
			prevKey = buf[spans[n-1].a:spans[n-1].b]
		}
		t.Break = gapBreaks(text[prevEnd:i], len(toks) > 0, prevKey)
		kstart := len(buf)
		first := true
		cyr := false
		for i < len(text) {
			c = text[i]
			if c < utf8.RuneSelf { // fast path for ASCII
				switch {
				case c >= 'a' && c <= 'z':
					buf = append(buf, c)
				case c >= 'A' && c <= 'Z':
					t.Upper++
					if first {
						t.Cap = true
					}
					buf = append(buf, c+'a'-'A')
				case c >= '0' && c <= '9':
					t.Digits = true
					buf = append(buf, c)
				default:
					goto done
				}
				first = false
				i++
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
			if !wordRune(r) && !IsMark(r) {
				break
			}
			if IsUpper(r) {
				t.Upper++
				if first {
					t.Cap = true
				}
			}
			if r >= '0' && r <= '9' {
				t.Digits = true
			}
			first = false
			switch runeScript(r) {
			case Cyrillic:
				cyr = true
				buf = cyrFoldAppend(buf, r)
			case Arabic:
				buf = arFoldAppend(buf, r)
			default:
				buf = appendFolded(buf, r)
			}
			i += size
		}
	done:
		if cyr {
			// Ukrainian and Russian names decline: Зеленський, Зеленського
			buf = buf[:kstart+cyrStemLen(buf[kstart:])]
		}
		t.End = i
		prevEnd = i
		toks = append(toks, t)
		spans = append(spans, span{kstart, len(buf)})
	}
	s := string(buf)
	for k := range toks {
		toks[k].Key = s[spans[k].a:spans[k].b]
	}
	z.toks, z.buf, z.spans = toks, buf, spans
	return toks
}

func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return IsLetterOrDigit(r)
}

// gapBreaks reports whether the characters between two tokens end a phrase.
func gapBreaks(gap string, havePrev bool, prevKey []byte) bool {
	if !havePrev {
		return true
	}
	for j := 0; j < len(gap); j++ {
		switch gap[j] {
		case ' ', '\t', '-', '\'', '/', '&':
		case '.':
			// a dot ends a sentence, except after an initial or an
			// abbreviation ("Gen. Syrskyi", "J. Smith")
			if len(prevKey) > 1 && !abbrevs[string(prevKey)] {
				return true
			}
		default:
			if gap[j] < utf8.RuneSelf {
				return true
			}
			r, size := utf8.DecodeRuneInString(gap[j:])
			switch r {
			case '’', '‘', 'ʼ', '–', '\u00a0':
			default:
				return true
			}
			j += size - 1
		}
	}
	return false
}

// appendFolded appends the lower-case, accent-free form of r.
func appendFolded(buf []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(buf, byte(r))
	}
	if IsMark(r) {
		return buf // combining accent
	}
	r = ToLower(r)
	if f, ok := latinFold[r]; ok {
		return append(buf, f...)
	}
	return utf8.AppendRune(buf, r)
}

var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for base, set := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ae": "æ", "oe": "œ", "ss": "ß", "dh": "ð", "th": "þ",
	} {
		for _, r := range set {
			m[r] = base
		}
	}
	return m
}()

// Key is the lookup key of a name: its folded tokens joined by spaces.
func Key(s string) string {
	z, _ := keyTokenizers.Get().(*Tokenizer)
	if z == nil {
		z = new(Tokenizer)
	}
	defer keyTokenizers.Put(z)
	toks := z.Tokenize(s)
	if len(toks) == 1 {
		return toks[0].Key
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Key)
	}
	return b.String()
}

// keyTokenizers keep Key's buffers: the finders ask for the keys of names
// found in every text.
var keyTokenizers sync.Pool // *Tokenizer
