package words

import "unicode"

// The tokenizers ask of every character whether it is a letter, a digit, a
// combining mark or a capital, and want its lower case. The unicode package
// answers from a table for Latin-1 only and searches range tables for the
// rest, which Cyrillic and Arabic text pays on every letter. These functions
// give the same answers, read from tables built from the unicode package
// for the runes below tableRunes (Latin, Greek, Cyrillic, Armenian, Hebrew,
// Arabic), and ask the unicode package for the others.

const tableRunes = 0x800

const (
	flagLetter = 1 << iota
	flagDigit
	flagMark // unicode.Mn: a combining accent or vowel sign
	flagUpper
)

var (
	runeFlags [tableRunes]uint8
	runeLower [tableRunes]rune
)

func init() {
	for r := rune(0); r < tableRunes; r++ {
		var f uint8
		if unicode.IsLetter(r) {
			f |= flagLetter
		}
		if unicode.IsDigit(r) {
			f |= flagDigit
		}
		if unicode.Is(unicode.Mn, r) {
			f |= flagMark
		}
		if unicode.IsUpper(r) {
			f |= flagUpper
		}
		runeFlags[r] = f
		runeLower[r] = unicode.ToLower(r)
	}
}

// IsLetter is unicode.IsLetter.
func IsLetter(r rune) bool {
	if uint32(r) < tableRunes {
		return runeFlags[r]&flagLetter != 0
	}
	return unicode.IsLetter(r)
}

// IsLetterOrDigit is unicode.IsLetter(r) || unicode.IsDigit(r).
func IsLetterOrDigit(r rune) bool {
	if uint32(r) < tableRunes {
		return runeFlags[r]&(flagLetter|flagDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// IsMark is unicode.Is(unicode.Mn, r).
func IsMark(r rune) bool {
	if uint32(r) < tableRunes {
		return runeFlags[r]&flagMark != 0
	}
	return unicode.Is(unicode.Mn, r)
}

// IsUpper is unicode.IsUpper.
func IsUpper(r rune) bool {
	if uint32(r) < tableRunes {
		return runeFlags[r]&flagUpper != 0
	}
	return unicode.IsUpper(r)
}

// ToLower is unicode.ToLower.
func ToLower(r rune) rune {
	if uint32(r) < tableRunes {
		return runeLower[r]
	}
	return unicode.ToLower(r)
}
