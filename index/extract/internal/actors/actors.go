// Package actors finds the actors of a text: the people, armies, armed groups,
// governments and organisations of an actor dictionary (a phrase trie over
// word keys, longest alias first, with case rules so that "UN" is not "un"),
// and those that only patterns reveal: titles before names ("spokesman Ali
// Hassan"), nationalities before group nouns ("Ethiopian troops"), "<noun>
// of <country>" and clan militias.
package actors

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// Kinds are the kinds an actor may have.
var Kinds = []string{"person", "military", "armed_group", "government", "organization", "group"}

// Actor is one actor found in a text: its canonical name and kind, every
// alias the dictionary knows, and the exact strings of the text that name it.
type Actor struct {
	Name     string
	Kind     string
	Aliases  []string
	Mentions []string
}

// Dict is one actor dictionary in the TSV format (name<TAB>kind<TAB>aliases):
// Name labels its errors, Data is its text.
type Dict struct {
	Name string
	Data []byte
}

// def is one actor of the dictionary.
type def struct {
	name    string
	kind    string
	aliases []string // every alias, the name included
}

// Case rules of one alias token, so that "UN" is not "un" and "Hamas" needs a capital.
const (
	caseAny   uint8 = iota // lower-case alias word: any case in the text
	caseCap                // capitalised alias word: capital first letter in the text
	caseExact              // acronym ("UN", "MoD", "M23"): exactly as written
)

type aliasRef struct {
	actor int32
	cases []uint8  // per token
	exact []string // per token: the alias word as written, for caseExact
}

type trieNode struct {
	next map[string]*trieNode
	refs []aliasRef
}

// Finder finds dictionary actors (longest alias wins) and actors that
// only patterns reveal (titles before names, nationality before troops, clan
// militias). It is read-only after construction, so safe for concurrent use.
type Finder struct {
	actors    []def
	byName    map[string]int32 // words.Key(name) -> actor
	byAlias   map[string]int32 // words.Key(alias) -> actor, for Canonical
	root      *trieNode
	countries *trieNode // demonyms and country names -> countries index (refs[0].actor)
	nations   []nation
	// vocab holds what the rules ask of single words (see word), so that a
	// text's words are looked up once each, not once per rule
	vocab map[string]*word
	wsBuf sync.Pool // *[]*word, lookupWords' slices
}

// New builds a Finder from the curated dictionary, then the generated one,
// which only fills in what the curated one lacks (see load), then the files,
// which override both. The nation patterns resolve against the curated
// dictionary only.
func New(curated, generated Dict, files []string) (*Finder, error) {
	a := &Finder{
		byName:  map[string]int32{},
		byAlias: map[string]int32{},
		root:    &trieNode{},
	}
	for i, d := range []Dict{curated, generated} {
		if err := a.load(bytes.NewReader(d.Data), d.Name, i > 0); err != nil {
			return nil, err
		}
		if i == 0 {
			// nations resolve against the curated file only, so that an old
			// generated entry cannot capture "Chadian troops"
			a.initPatterns()
		}
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("actor file: %w", err)
		}
		err = a.load(f, name, false)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	a.buildVocab()
	return a, nil
}

// ParseFile reads an actor dictionary in the sitrep TSV format (see
// index/extract/data/actors_README.md) and reports the first malformed line.
func ParseFile(r io.Reader, name string) ([]Entry, error) {
	defs, err := parseDefs(r, name)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(defs))
	for i, d := range defs {
		out[i] = Entry{Name: d.name, Kind: d.kind, Aliases: d.aliases}
	}
	return out, nil
}

// Entry is one line of an actor dictionary.
type Entry struct {
	Name    string
	Kind    string
	Aliases []string
}

func parseDefs(r io.Reader, name string) ([]def, error) {
	var defs []def
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want name<TAB>kind<TAB>aliases", name, line)
		}
		d := def{name: strings.TrimSpace(f[0]), kind: strings.TrimSpace(f[1])}
		if d.name == "" || words.Key(d.name) == "" {
			return nil, fmt.Errorf("%s:%d: empty name", name, line)
		}
		if !validKind(d.kind) {
			return nil, fmt.Errorf("%s:%d: unknown kind %q (want one of %s)", name, line, d.kind, strings.Join(Kinds, ", "))
		}
		d.aliases = append(d.aliases, d.name)
		if len(f) > 2 {
			for _, al := range strings.Split(f[2], "|") {
				if al = strings.TrimSpace(al); al != "" {
					d.aliases = append(d.aliases, al)
				}
			}
		}
		defs = append(defs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return defs, nil
}

func validKind(k string) bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// load adds the actors of one file. An actor whose name is already known
// gets the new aliases and kind; an alias already taken moves to the actor
// loaded last, so user files override the embedded ones. With fill (the
// generated file) nothing known is overridden: an entry that shares its name,
// or an alias of more than one word, with a known actor only adds its unknown
// aliases to it; any other entry is an actor of its own (see join.go).
func (a *Finder) load(r io.Reader, name string, fill bool) error {
	defs, err := parseDefs(r, name)
	if err != nil {
		return err
	}
	for _, d := range defs {
		if fill {
			a.fill(d)
		} else {
			a.add(d)
		}
	}
	return nil
}

func (a *Finder) fill(d def) {
	keys := make([]string, len(d.aliases))
	idx, ok := a.byName[words.Key(d.name)]
	for i, al := range d.aliases {
		keys[i] = words.Key(al)
		if !ok && !ambiguous(al) { // see join.go
			idx, ok = a.byAlias[keys[i]]
		}
	}
	if !ok {
		name, free := a.ownName(d, keys)
		if !free {
			return
		}
		idx = int32(len(a.actors))
		a.actors = append(a.actors, def{name: name, kind: d.kind})
		a.byName[words.Key(name)] = idx
	}
	for i, al := range d.aliases {
		if _, known := a.byAlias[keys[i]]; !known && keys[i] != "" {
			a.actors[idx].aliases = append(a.actors[idx].aliases, al)
			a.addAlias(a.root, al, idx)
		}
	}
}

func (a *Finder) add(d def) int32 {
	key := words.Key(d.name)
	idx, ok := a.byName[key]
	if ok {
		a.actors[idx].kind = d.kind
		a.actors[idx].aliases = append(a.actors[idx].aliases, d.aliases...)
	} else {
		idx = int32(len(a.actors))
		a.actors = append(a.actors, def{name: d.name, kind: d.kind, aliases: d.aliases})
		a.byName[key] = idx
	}
	for _, al := range d.aliases {
		a.addAlias(a.root, al, idx)
	}
	return idx
}

func (a *Finder) addAlias(root *trieNode, alias string, idx int32) {
	for _, f := range words.ArabicParticleForms(alias) {
		a.addAliasForm(root, f, idx)
	}
	a.addAliasForm(root, alias, idx)
}

func (a *Finder) addAliasForm(root *trieNode, alias string, idx int32) {
	toks := words.Tokenize(alias)
	if len(toks) == 0 {
		return
	}
	ref := aliasRef{actor: idx, cases: make([]uint8, len(toks)), exact: make([]string, len(toks))}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.Key
		switch {
		case t.Upper >= 2 || t.Upper == 1 && t.Digits:
			ref.cases[i] = caseExact
			ref.exact[i] = alias[t.Start:t.End]
		case t.Cap:
			ref.cases[i] = caseCap
		}
	}
	n := root
	for _, k := range keys {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode{}
			n.next[k] = c
		}
		n = c
	}
	for i := range n.refs {
		if sameCases(n.refs[i], ref) {
			n.refs[i].actor = idx
			goto indexed
		}
	}
	// the alias loaded last comes first, so it wins where both fit
	n.refs = append([]aliasRef{ref}, n.refs...)
indexed:
	if root == a.root {
		a.byAlias[strings.Join(keys, " ")] = idx
	}
}

func sameCases(x, y aliasRef) bool {
	for i := range x.cases {
		if x.cases[i] != y.cases[i] || x.exact[i] != y.exact[i] {
			return false
		}
	}
	return true
}

// fits reports whether the text tokens toks[i:i+len(ref.cases)] satisfy the
// case rules of ref.
func (ref *aliasRef) fits(text string, toks []words.Token, i int) bool {
	for k, c := range ref.cases {
		t := &toks[i+k]
		switch c {
		case caseCap:
			if !t.Cap {
				return false
			}
		case caseExact:
			if text[t.Start:t.End] != ref.exact[k] {
				return false
			}
		}
	}
	return true
}

// longestAlias returns the longest alias of a trie that starts at token i and
// fits the text's case, as (ref, number of tokens); n is 0 when none does.
// node is the trie root's child for toks[i] (see word), nil when none.
func longestAlias(node *trieNode, text string, toks []words.Token, i int) (ref *aliasRef, n int) {
	for j := i; node != nil; {
		for k := range node.refs {
			if node.refs[k].fits(text, toks, i) {
				ref, n = &node.refs[k], j-i+1
				break
			}
		}
		if j++; j >= len(toks) || toks[j].Break {
			break
		}
		node = node.next[toks[j].Key]
	}
	return ref, n
}

// word is what the rules ask of one word key, looked up once per token.
type word struct {
	alias  *trieNode // child of the dictionary trie's root
	nation *trieNode // child of the nations trie's root
	// first has the bit of each phrase set (see phraseSet) with a phrase
	// that starts with the word
	first   uint8
	notName bool // notNames or calendarWords holds it
}

// buildVocab fills vocab from the tries and the per-word tables.
func (a *Finder) buildVocab() {
	a.vocab = map[string]*word{}
	get := func(k string) *word {
		w := a.vocab[k]
		if w == nil {
			w = &word{}
			a.vocab[k] = w
		}
		return w
	}
	for k, n := range a.root.next {
		get(k).alias = n
	}
	for k, n := range a.countries.next {
		get(k).nation = n
	}
	for _, ps := range []phraseSet{ofPhrases, groupPhrases, titlePhrases} {
		for k := range ps.m {
			first, _, _ := strings.Cut(k, " ")
			get(first).first |= ps.bit
		}
	}
	for _, set := range []map[string]bool{notNames, calendarWords} {
		for k, v := range set {
			if v {
				get(k).notName = true
			}
		}
	}
}

// lookupWords returns the vocab entry of each token's key (nil when none),
// in a slice to hand back with putWords.
func (a *Finder) lookupWords(toks []words.Token) *[]*word {
	p, _ := a.wsBuf.Get().(*[]*word)
	if p == nil {
		p = new([]*word)
	}
	ws := (*p)[:0]
	for i := range toks {
		ws = append(ws, a.vocab[toks[i].Key])
	}
	*p = ws
	return p
}

func (a *Finder) putWords(p *[]*word) { a.wsBuf.Put(p) }

// aliasAt and nationAt are the children of the two tries' roots for token i.
func aliasAt(ws []*word, i int) *trieNode {
	if i < len(ws) && ws[i] != nil {
		return ws[i].alias
	}
	return nil
}

func nationAt(ws []*word, i int) *trieNode {
	if i < len(ws) && ws[i] != nil {
		return ws[i].nation
	}
	return nil
}

// found collects actors in order of first mention.
type found struct {
	out   []Actor
	index map[string]int // canonical name -> position in out
}

func (f *found) add(name, kind string, aliases []string, mention string) {
	if f.index == nil {
		f.index = map[string]int{}
	}
	if i, ok := f.index[name]; ok {
		for _, m := range f.out[i].Mentions {
			if m == mention {
				return
			}
		}
		f.out[i].Mentions = append(f.out[i].Mentions, mention)
		return
	}
	f.index[name] = len(f.out)
	f.out = append(f.out, Actor{Name: name, Kind: kind, Aliases: aliases, Mentions: []string{mention}})
}

// Find returns the actors of text in order of first mention.
func (a *Finder) Find(text string) []Actor { return a.FindTokens(text, words.Tokenize(text)) }

// FindTokens is Find on the tokens of text (words.Tokenize(text)), for a
// caller that reads them for more than actors. It does not change toks.
func (a *Finder) FindTokens(text string, toks []words.Token) []Actor {
	if len(toks) == 0 {
		return nil
	}
	wp := a.lookupWords(toks)
	defer a.putWords(wp)
	ws := *wp
	used := make([]bool, len(toks))
	var f found
	for i := 0; i < len(toks); {
		ref, n := longestAlias(aliasAt(ws, i), text, toks, i)
		if n == 0 {
			i++
			continue
		}
		d := &a.actors[ref.actor]
		if d.kind == "group" {
			// "Pokot ethnic militia", "Garre clan militia": a people's
			// militia is an armed group of its own
			if end := a.militia(text, toks, ws, used, i, &f); end > i {
				i = end
				continue
			}
			// "Turkana county", "the Amhara region": the land, not the people
			if j := i + n; j < len(toks) && !toks[j].Break && landWords[toks[j].Key] {
				i = j
				continue
			}
		}
		f.add(d.name, d.kind, d.aliases, text[toks[i].Start:toks[i+n-1].End])
		for k := i; k < i+n; k++ {
			used[k] = true
		}
		i += n
	}
	a.findPatterns(text, toks, ws, used, &f)
	return f.out
}

// Canonical maps any alias, in any case, to the canonical actor name. Names
// that only patterns know ("Ethiopian troops", "Dir clan militia") are run
// through the finder and accepted when one actor covers the whole name.
func (a *Finder) Canonical(name string) (string, bool) {
	key := words.Key(name)
	if key == "" {
		return "", false
	}
	if idx, ok := a.byAlias[key]; ok {
		return a.actors[idx].name, true
	}
	name = strings.TrimSpace(name)
	got := a.Find(name)
	if len(got) == 1 {
		for _, m := range got[0].Mentions {
			if words.Key(m) == key {
				return got[0].Name, true
			}
		}
	}
	return "", false
}

// Peoples returns the names of the peoples in the dictionary: the
// capitalised one-word names and aliases of its actors of kind group
// ("Maasai", "Fulani"), which the place finder reads as peoples, not places.
func (a *Finder) Peoples() []string {
	var out []string
	for i := range a.actors {
		d := &a.actors[i]
		if d.kind != "group" {
			continue
		}
		for _, al := range append([]string{d.name}, d.aliases...) {
			if r, _ := utf8.DecodeRuneInString(al); unicode.IsUpper(r) && !strings.ContainsRune(al, ' ') {
				out = append(out, al)
			}
		}
	}
	return out
}

// landWords after a people's name make it the name of its land.
var landWords = map[string]bool{
	"county": true, "region": true, "state": true, "district": true, "province": true, "zone": true,
	"division": true, "constituency": true, "town": true, "village": true, "land": true, "area": true,
}
