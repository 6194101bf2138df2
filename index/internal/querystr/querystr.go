// Package querystr parses the query strings users type: words (all must
// match), "quoted phrases", -excluded words, alternatives joined by OR,
// field:value, a trailing prefix* and fuzzy~N words, with bounds on what one
// query may cost. It is pure: it knows field names only through the map
// it is given, and nothing of the index.
package querystr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Clause is one element of a parsed query string.
type Clause struct {
	Field  string // the document field a field: clause names; "" for free text
	Text   string
	Phrase bool
	Prefix bool // word*
	Fuzzy  int  // word~N
	Neg    bool
}

// Group is a set of clauses joined by OR; groups are joined by AND.
type Group []Clause

// Limits bound what one query may cost.
type Limits struct {
	MaxClauses   int // words and phrases, excluded ones too
	MaxExpensive int // prefix* and fuzzy~ words
	MinPrefixLen int // letters before a *
	MaxFuzziness int // the N of word~N
}

// Error is a query string the user must fix; its text says how.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func fail(msg string) error { return &Error{Msg: msg} }

// Parse splits a query string into AND-ed groups of OR-ed clauses, and
// the excluded clauses. fields maps the field names a user may type
// (location:) to the document field they search. An error is an *Error:
// the user's to fix.
func Parse(s string, fields map[string]string, lim Limits) (groups []Group, neg []Clause, err error) {
	var toks []Clause
	var ors []bool // ors[i]: an OR came before toks[i]
	pendingOr := false
	expensive := 0
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		if r == '(' || r == ')' {
			return nil, nil, fail("parentheses are not supported: write alternatives as a OR b")
		}
		c := Clause{}
		if r == '-' || r == '!' {
			c.Neg = true
			i++
			if i >= len(rs) || unicode.IsSpace(rs[i]) {
				return nil, nil, fail("'-' must be followed by a word or phrase to exclude")
			}
		} else if r == '+' {
			i++
			if i >= len(rs) || unicode.IsSpace(rs[i]) {
				return nil, nil, fail("'+' must be followed by a word or phrase to require")
			}
		}
		// field prefix
		j := i
		for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '_') {
			j++
		}
		if j < len(rs) && rs[j] == ':' && j > i {
			name := strings.ToLower(string(rs[i:j]))
			f, ok := fields[name]
			if !ok {
				return nil, nil, fail(fmt.Sprintf("unknown field %q: use location, actor, source, title, text, lang or dataset", name))
			}
			c.Field = f
			i = j + 1
			if i >= len(rs) || unicode.IsSpace(rs[i]) {
				return nil, nil, fail(fmt.Sprintf("field %s: needs a value", name))
			}
		}
		if rs[i] == '"' {
			end := -1
			for k := i + 1; k < len(rs); k++ {
				if rs[k] == '"' {
					end = k
					break
				}
			}
			if end < 0 {
				return nil, nil, fail("unbalanced quote: a phrase needs a closing \"")
			}
			c.Text = strings.TrimSpace(string(rs[i+1 : end]))
			c.Phrase = true
			i = end + 1
			if c.Text == "" {
				continue
			}
		} else {
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' && rs[j] != '(' && rs[j] != ')' {
				j++
			}
			word := string(rs[i:j])
			i = j
			if word == "OR" || word == "|" {
				if c.Neg || c.Field != "" {
					return nil, nil, fail("OR must stand between two words or phrases")
				}
				if len(toks) == 0 || pendingOr {
					return nil, nil, fail("OR must stand between two words or phrases")
				}
				pendingOr = true
				continue
			}
			if word == "AND" && !c.Neg && c.Field == "" {
				continue
			}
			if k := strings.LastIndexByte(word, '~'); k > 0 {
				n := 1
				if k < len(word)-1 {
					n, err = strconv.Atoi(word[k+1:])
					if err != nil || n < 0 {
						return nil, nil, fail(fmt.Sprintf("fuzzy %q: write word~1 or word~2", word))
					}
				}
				if n > lim.MaxFuzziness {
					return nil, nil, fail(fmt.Sprintf("fuzziness of %q is at most %d", word, lim.MaxFuzziness))
				}
				word = word[:k]
				if len([]rune(word)) < 3 {
					return nil, nil, fail(fmt.Sprintf("fuzzy word %q is too short (3 letters at least)", word))
				}
				c.Fuzzy = n
				expensive++
			}
			if strings.ContainsAny(word, "*?") {
				if strings.IndexAny(word, "*?") != len(word)-1 || word[len(word)-1] != '*' {
					return nil, nil, fail(fmt.Sprintf("wildcard in %q: only a trailing * is supported (e.g. milit*)", word))
				}
				word = strings.TrimSuffix(word, "*")
				if len([]rune(word)) < lim.MinPrefixLen {
					return nil, nil, fail(fmt.Sprintf("wildcard %q needs at least %d letters before the *", word+"*", lim.MinPrefixLen))
				}
				c.Prefix = true
				expensive++
			}
			c.Text = word
			if c.Text == "" {
				continue
			}
		}
		if c.Neg {
			if pendingOr {
				return nil, nil, fail("OR cannot join an excluded word")
			}
			neg = append(neg, c)
		} else {
			toks = append(toks, c)
			ors = append(ors, pendingOr)
			pendingOr = false
		}
	}
	if pendingOr {
		return nil, nil, fail("OR must stand between two words or phrases")
	}
	if len(toks)+len(neg) > lim.MaxClauses {
		return nil, nil, fail(fmt.Sprintf("too many words (at most %d)", lim.MaxClauses))
	}
	if expensive > lim.MaxExpensive {
		return nil, nil, fail(fmt.Sprintf("too many wildcard or fuzzy words (at most %d)", lim.MaxExpensive))
	}
	for k, c := range toks {
		if k > 0 && ors[k] {
			groups[len(groups)-1] = append(groups[len(groups)-1], c)
		} else {
			groups = append(groups, Group{c})
		}
	}
	return groups, neg, nil
}
