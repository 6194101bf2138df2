package actors

import (
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// Joining entries of different dictionaries. The generated dictionary merges
// sources that name the same actor differently, so one of its entries may
// be an actor already known under another name. A shared full name ("Justice
// and Equality Movement") says so; a shared acronym or single word does not:
// "MDA" is Magen David Adom in one source and the Mongko Defence Army in
// another, "SNA" the Somali and the Syrian National Army, "Wagner" a group
// and a composer. So only an entry's name equal to a known actor's name, or
// an alias of more than one word shared with it, joins the entry to it.

// ambiguous reports whether an alias is too short a name to tell actors
// apart: one word ("MDA", "Fatah", "Guatemala"), or initials however
// written ("U.N.", "SPLM-N").
func ambiguous(alias string) bool {
	toks := words.Tokenize(alias)
	if len(toks) <= 1 {
		return true
	}
	for _, t := range toks {
		if !initials(t) {
			return false
		}
	}
	return true
}

// initials reports whether a token is an acronym or a single letter.
func initials(t words.Token) bool {
	return t.Upper >= 2 || t.Upper == 1 && t.Digits || utf8.RuneCountInString(t.Key) <= 1
}

// ownName is the canonical name of an entry that joins no known actor: its
// own name, or when another actor already has that as an alias (the
// Mongko Defence Army's "MDA" is Magen David Adom's), its first alias that
// nobody has, a full name before a short one, so that the name resolves
// to the actor it names. keys are the entry's alias keys; ok is false when
// every alias is taken.
func (a *Finder) ownName(d def, keys []string) (name string, ok bool) {
	if _, taken := a.byAlias[keys[0]]; !taken {
		return d.name, true
	}
	for _, short := range []bool{false, true} {
		for i, al := range d.aliases {
			if _, taken := a.byAlias[keys[i]]; !taken && keys[i] != "" && ambiguous(al) == short {
				return al, true
			}
		}
	}
	return "", false
}
