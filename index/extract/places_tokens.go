package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// ptok is one word of the text as the place matcher sees it.
type ptok struct {
	s, e      int  // byte span in the text (a possessive 's is left out)
	f0, f1    int  // folded letters in the finder's buffer
	a0        int  // folded start after an Arabic article ("al-Raqqa" -> "raqqa"); == f0 when none
	cap       bool // starts with a capital (or "al-" + capital)
	caps      bool // every letter a capital ("US", "KYIV")
	sentStart bool // first word of a sentence, heading or line
	brk       bool // punctuation between the previous word and this one
	dash      bool // the gap before is a spaced dash ("Mogadishu - Heliwa")
	openParen bool // the gap before holds "("
	closeAft  bool // the gap after holds ")"
}

func isApos(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == 'ʹ' || r == '`' || r == 'ʻ'
}

// tokenize splits text into words; letters, digits, inner hyphens and
// apostrophes belong to a word ("Ivano-Frankivsk", "Novomaiors'ke").
func tokenize(text string, buf []byte, toks []ptok) ([]byte, []ptok) {
	sentStart := true
	gapStart := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !isAlnumASCII(c) {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !words.IsLetterOrDigit(r) {
			i += n
			continue
		}
		// a word starts at i
		start := i
		j := i
		for j < len(text) {
			var r2 rune
			n2 := 1
			if c := text[j]; c < utf8.RuneSelf {
				if isAlnumASCII(c) {
					j++
					continue
				}
				r2 = rune(c)
			} else {
				r2, n2 = utf8.DecodeRuneInString(text[j:])
				if words.IsLetterOrDigit(r2) || words.IsMark(r2) {
					j += n2
					continue
				}
			}
			if r2 == '-' || isApos(r2) || r2 == '.' {
				// inner hyphen/apostrophe: keep when a letter follows;
				// a dot only inside abbreviations like U.S.
				if j+n2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+n2:])
					if words.IsLetter(r3) {
						if r2 == '.' {
							if j-start == 1 && words.IsUpper(r3) && words.IsUpper(r) {
								j += n2
								continue
							}
							if j >= 2 && text[j-2] == '.' && words.IsUpper(r3) {
								j += n2
								continue
							}
							break
						}
						j += n2
						continue
					}
				}
				if r2 == '.' && j >= 2 && text[j-2] == '.' { // final dot of "U.S."
					j += n2
				}
			}
			break
		}
		end := j
		// possessive 's
		if end-start > 2 {
			if text[end-1] == 's' || text[end-1] == 'S' {
				r4, n4 := utf8.DecodeLastRuneInString(text[start : end-1])
				if isApos(r4) {
					end = end - 1 - n4
				}
			}
		}
		gap := text[gapStart:start]
		t := ptok{s: start, e: end, sentStart: sentStart}
		for _, c := range gap {
			switch c {
			case ' ', '\t', '\u00a0':
			case '(':
				t.openParen = true
				t.brk = true
			default:
				t.brk = true
			}
		}
		if len(toks) > 0 {
			if g := trimSpaces(gap); g == "-" || g == "–" || g == "—" {
				t.dash = true
			}
			for _, c := range gap {
				if c == ')' {
					toks[len(toks)-1].closeAft = true
				}
			}
		}
		word := text[start:end]
		first, _ := utf8.DecodeRuneInString(word)
		t.cap = words.IsUpper(first)
		t.caps = isUpperWord(word)
		t.f0 = len(buf)
		buf = foldAppend(buf, word)
		t.f1 = len(buf)
		t.a0 = t.f0
		if k := articleLen(word); k > 0 {
			r5, _ := utf8.DecodeRuneInString(word[k:])
			if words.IsUpper(r5) || t.cap {
				t.cap = true
				t.a0 = t.f0 + k - 1
			}
		}
		toks = append(toks, t)
		// sentence boundary after this word? A number ends a heading's
		// date or time ("15/07/2022 Shelled Kharkiv"), so the word after it
		// starts afresh too.
		sentStart = t.f1 > t.f0 && buf[t.f0] >= '0' && buf[t.f0] <= '9' && t.f1-t.f0 == t.e-t.s
		i = j
		gapStart = end
		k := j
		for k < len(text) {
			c := text[k]
			if c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ')' {
				k++
				continue
			}
			if c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' {
				// "U.S." already consumed its dots; a dot after a single capital is an initial
				if !(c == '.' && end-start == 1 && t.cap) {
					sentStart = true
				}
			}
			break
		}
	}
	if len(toks) > 0 && strings.Contains(text[gapStart:], ")") {
		toks[len(toks)-1].closeAft = true
	}
	return buf, toks
}

// isAlnumASCII reports whether the ASCII byte c is a letter or a digit.
func isAlnumASCII(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func trimSpaces(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// articleLen returns the length of a leading Arabic article plus its hyphen
// ("al-", "el-", "ash-"), or 0.
func articleLen(w string) int {
	for i := 1; i < len(w) && i <= 3; i++ {
		if w[i] == '-' {
			head := w[:i]
			for _, a := range arabicArticles {
				if len(a) == len(head) && equalFoldASCII(a, head) {
					return i + 1
				}
			}
			return 0
		}
	}
	return 0
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
