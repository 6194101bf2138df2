package extract

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The embedded dictionary: actors_generated.tsv is rebuilt by internal/actorgen from
// the Phoenix/PETRARCH (MIT) and UCDP (CC BY 4.0) lists; actors_curated.tsv is
// written by hand and brings them up to date for 2022-2026. The curated file is
// loaded after the generated one so that its kinds and aliases win.
//
//go:embed data/actors_generated.tsv data/actors_curated.tsv
var actorData embed.FS

// embeddedActorFiles in load order: the curated file first; the generated
// one then only fills in (see load).
var embeddedActorFiles = []string{"data/actors_curated.tsv", "data/actors_generated.tsv"}

// ActorKinds are the kinds an actor may have.
var ActorKinds = []string{"person", "military", "armed_group", "government", "organization", "group"}

// actorDef is one actor of the dictionary.
type actorDef struct {
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

type acNode struct {
	next map[string]*acNode
	refs []aliasRef
}

// actorFinder finds dictionary actors (longest alias wins) and actors that
// only patterns reveal (titles before names, nationality before troops, clan
// militias). It is read-only after construction, so safe for concurrent use.
type actorFinder struct {
	actors    []actorDef
	byName    map[string]int32 // actorKey(name) -> actor
	byAlias   map[string]int32 // actorKey(alias) -> actor, for canonical()
	root      *acNode
	countries *acNode // demonyms and country names -> countries index (refs[0].actor)
	nations   []acNation
}

func newActorFinder(files []string) (*actorFinder, error) {
	a := &actorFinder{
		byName:  map[string]int32{},
		byAlias: map[string]int32{},
		root:    &acNode{},
	}
	for i, name := range embeddedActorFiles {
		data, err := actorData.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := a.load(bytes.NewReader(data), name, i > 0); err != nil {
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
	return a, nil
}

// ParseActorFile reads an actor dictionary in the sitrep TSV format (see
// data/actors_README.md) and reports the first malformed line; it is what
// `--actors FILE` and Options.ActorFiles go through.
func ParseActorFile(r io.Reader, name string) ([]ActorEntry, error) {
	defs, err := parseActorDefs(r, name)
	if err != nil {
		return nil, err
	}
	out := make([]ActorEntry, len(defs))
	for i, d := range defs {
		out[i] = ActorEntry{Name: d.name, Kind: d.kind, Aliases: d.aliases}
	}
	return out, nil
}

// ActorEntry is one line of an actor dictionary.
type ActorEntry struct {
	Name    string
	Kind    string
	Aliases []string
}

func parseActorDefs(r io.Reader, name string) ([]actorDef, error) {
	var defs []actorDef
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
		d := actorDef{name: strings.TrimSpace(f[0]), kind: strings.TrimSpace(f[1])}
		if d.name == "" || actorKey(d.name) == "" {
			return nil, fmt.Errorf("%s:%d: empty name", name, line)
		}
		if !validKind(d.kind) {
			return nil, fmt.Errorf("%s:%d: unknown kind %q (want one of %s)", name, line, d.kind, strings.Join(ActorKinds, ", "))
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
	for _, v := range ActorKinds {
		if v == k {
			return true
		}
	}
	return false
}

// load adds the actors of one file. An actor whose name is already known
// gets the new aliases and kind; an alias already taken moves to the actor
// loaded last, so user files override the embedded ones. With fill (the
// generated file) nothing known is overridden: an entry that shares its name
// or an alias with a known actor only adds its unknown aliases to it.
func (a *actorFinder) load(r io.Reader, name string, fill bool) error {
	defs, err := parseActorDefs(r, name)
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

func (a *actorFinder) fill(d actorDef) {
	keys := make([]string, len(d.aliases))
	idx, ok := a.byName[actorKey(d.name)]
	for i, al := range d.aliases {
		keys[i] = actorKey(al)
		if !ok {
			idx, ok = a.byAlias[keys[i]]
		}
	}
	if !ok {
		idx = int32(len(a.actors))
		a.actors = append(a.actors, actorDef{name: d.name, kind: d.kind})
		a.byName[actorKey(d.name)] = idx
	}
	for i, al := range d.aliases {
		if _, known := a.byAlias[keys[i]]; !known && keys[i] != "" {
			a.actors[idx].aliases = append(a.actors[idx].aliases, al)
			a.addAlias(a.root, al, idx)
		}
	}
}

func (a *actorFinder) add(d actorDef) int32 {
	key := actorKey(d.name)
	idx, ok := a.byName[key]
	if ok {
		a.actors[idx].kind = d.kind
		a.actors[idx].aliases = append(a.actors[idx].aliases, d.aliases...)
	} else {
		idx = int32(len(a.actors))
		a.actors = append(a.actors, actorDef{name: d.name, kind: d.kind, aliases: d.aliases})
		a.byName[key] = idx
	}
	for _, al := range d.aliases {
		a.addAlias(a.root, al, idx)
	}
	return idx
}

func (a *actorFinder) addAlias(root *acNode, alias string, idx int32) {
	for _, f := range arParticleForms(alias) {
		a.addAliasForm(root, f, idx)
	}
	a.addAliasForm(root, alias, idx)
}

func (a *actorFinder) addAliasForm(root *acNode, alias string, idx int32) {
	toks := acTokenize(alias)
	if len(toks) == 0 {
		return
	}
	ref := aliasRef{actor: idx, cases: make([]uint8, len(toks)), exact: make([]string, len(toks))}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.key
		switch {
		case t.upper >= 2 || t.upper == 1 && t.digits:
			ref.cases[i] = caseExact
			ref.exact[i] = alias[t.start:t.end]
		case t.cap:
			ref.cases[i] = caseCap
		}
	}
	n := root
	for _, k := range keys {
		if n.next == nil {
			n.next = map[string]*acNode{}
		}
		c := n.next[k]
		if c == nil {
			c = &acNode{}
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
func (ref *aliasRef) fits(text string, toks []acToken, i int) bool {
	for k, c := range ref.cases {
		t := &toks[i+k]
		switch c {
		case caseCap:
			if !t.cap {
				return false
			}
		case caseExact:
			if text[t.start:t.end] != ref.exact[k] {
				return false
			}
		}
	}
	return true
}

// acLongest returns the longest alias of trie root that starts at token i and
// fits the text's case, as (ref, number of tokens); n is 0 when none does.
func acLongest(root *acNode, text string, toks []acToken, i int) (ref *aliasRef, n int) {
	node := root
	for j := i; j < len(toks); j++ {
		if j > i && toks[j].brk {
			break
		}
		node = node.next[toks[j].key]
		if node == nil {
			break
		}
		for k := range node.refs {
			if node.refs[k].fits(text, toks, i) {
				ref, n = &node.refs[k], j-i+1
				break
			}
		}
	}
	return ref, n
}

// acFound collects actors in order of first mention.
type acFound struct {
	out   []Actor
	index map[string]int // canonical name -> position in out
}

func (f *acFound) add(name, kind string, aliases []string, mention string) {
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

func (a *actorFinder) find(text string) []Actor {
	toks := acTokenize(text)
	if len(toks) == 0 {
		return nil
	}
	used := make([]bool, len(toks))
	var f acFound
	for i := 0; i < len(toks); {
		ref, n := acLongest(a.root, text, toks, i)
		if n == 0 {
			i++
			continue
		}
		d := &a.actors[ref.actor]
		if d.kind == "group" {
			// "Pokot ethnic militia", "Garre clan militia": a people's
			// militia is an armed group of its own
			if end := a.militia(text, toks, used, i, &f); end > i {
				i = end
				continue
			}
			// "Turkana county", "the Amhara region": the land, not the people
			if j := i + n; j < len(toks) && !toks[j].brk && acLandWords[toks[j].key] {
				i = j
				continue
			}
		}
		f.add(d.name, d.kind, d.aliases, text[toks[i].start:toks[i+n-1].end])
		for k := i; k < i+n; k++ {
			used[k] = true
		}
		i += n
	}
	a.findPatterns(text, toks, used, &f)
	return f.out
}

// canonical maps any alias, in any case, to the canonical actor name. Names
// that only patterns know ("Ethiopian troops", "Dir clan militia") are run
// through the finder and accepted when one actor covers the whole name.
func (a *actorFinder) canonical(name string) (string, bool) {
	key := actorKey(name)
	if key == "" {
		return "", false
	}
	if idx, ok := a.byAlias[key]; ok {
		return a.actors[idx].name, true
	}
	name = strings.TrimSpace(name)
	got := a.find(name)
	if len(got) == 1 {
		for _, m := range got[0].Mentions {
			if actorKey(m) == key {
				return got[0].Name, true
			}
		}
	}
	return "", false
}

// peopleKeys returns the name keys of the peoples in the dictionary: the
// capitalised names of its actors of kind group ("Maasai", "Fulani"), which
// the place finder reads as peoples, not places.
func (a *actorFinder) peopleKeys() map[string]bool {
	out := map[string]bool{}
	for i := range a.actors {
		d := &a.actors[i]
		if d.kind != "group" {
			continue
		}
		for _, al := range append([]string{d.name}, d.aliases...) {
			if r, _ := utf8.DecodeRuneInString(al); unicode.IsUpper(r) && !strings.ContainsRune(al, ' ') {
				out[NameKey(al)] = true
			}
		}
	}
	return out
}

// acLandWords after a people's name make it the name of its land.
var acLandWords = map[string]bool{
	"county": true, "region": true, "state": true, "district": true, "province": true, "zone": true,
	"division": true, "constituency": true, "town": true, "village": true, "land": true, "area": true,
}
