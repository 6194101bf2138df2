package extract

import (
	"math/bits"
	"slices"
	"sort"
)

// Fuzzy lookup of misspelled place names ("Severdonetsk", "Popsana",
// "Bahkmut") by edit distance over matching keys.
//
// The index is a symmetric-delete (SymSpell) index over key prefixes: every
// indexed key contributes the strings obtained by deleting up to d bytes from
// its first fuzzyPrefix bytes, and a query probes the same deletions of its
// own prefix. If two strings are within d edits (insertions, deletions,
// substitutions, adjacent transpositions) then their equal-length prefix
// windows share a string reachable by at most d deletions on each side, so
// the probe finds every key within reach; the candidates are then verified
// with a bounded Damerau (optimal string alignment) distance.
//
// Memory is kept down in three ways: keys are stored sorted in one byte
// slice; keys sharing the same prefix form one group, so a deletion string
// points at a group rather than at each key; and the deletion strings
// themselves are not stored, only a bucket (the high bits of their hash) and
// a fingerprint of the remaining bits packed with the group number.

// fuzzyPrefix is the prefix window that is indexed. Seven bytes keep the
// deletion strings selective (5 bytes after two deletions) while bounding a
// key's deletions at 1+7+21.
const fuzzyPrefix = 7

// fuzzyMinKey and fuzzyMaxKey bound the key lengths that take part.
const (
	fuzzyMinKey = 5
	fuzzyMaxKey = 64
)

// fuzzyHit is one result of a fuzzy lookup: a gazetteer entry and the edit
// distance between the query key and the nearest of its names.
type fuzzyHit struct {
	id   int32
	dist int
}

// fuzzyDist is the number of edits allowed for a key of n bytes: none below
// five bytes, one up to seven, two from eight.
func fuzzyDist(n int) int {
	switch {
	case n < fuzzyMinKey:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// fuzzyWorth reports whether an entry is worth guessing a misspelling at:
// countries, regions, districts, and places with at least 1000 people or
// an administrative seat.
func fuzzyWorth(e *gazEntry) bool {
	switch e.kind {
	case kindCountry, kindAdmin1, kindAdmin2:
		return true
	}
	return e.pop >= 1000 || e.fclass == fcCapital || e.fclass == fcAdmin1Seat || e.fclass == fcAdminSeat
}

// fuzzyIndex finds the gazetteer entries whose names are a few edits away
// from a key. It is read-only after newFuzzyIndex and safe for concurrent use.
type fuzzyIndex struct {
	g      *gazetteer
	keys   []byte   // the indexed keys, sorted and concatenated
	koff   []uint32 // key i is keys[koff[i]:koff[i+1]]
	masks  []uint32 // letters present in key i (letterMask)
	groups []uint32 // group j is keys groups[j] .. groups[j+1]-1 (one prefix)
	heads  []uint32 // bucket b holds ents[heads[b]:heads[b+1]]
	ents   []uint32 // group<<fpBits | fingerprint
	bshift uint     // bucket = hash >> bshift
	fpBits uint
	fpMask uint32
}

// newFuzzyIndex builds the index over g's names and aliases.
func newFuzzyIndex(g *gazetteer) *fuzzyIndex {
	x := &fuzzyIndex{g: g}
	// The keys worth guessing at.
	worth := make([]bool, len(g.entries)) // in entry order: fewer cache misses
	for i := range g.entries {
		worth[i] = fuzzyWorth(&g.entries[i])
	}
	names := make([]string, 0, len(g.keys))
	for k := range g.keys {
		if len(k) < fuzzyMinKey || len(k) > fuzzyMaxKey {
			continue
		}
		for _, id := range g.cands(k) {
			if worth[id] {
				names = append(names, k)
				break
			}
		}
	}
	sort.Strings(names)
	size := 0
	for _, k := range names {
		size += len(k)
	}
	x.keys = make([]byte, 0, size)
	x.koff = make([]uint32, 0, len(names)+1)
	x.masks = make([]uint32, len(names))
	x.groups = make([]uint32, 0, len(names)/2+1)
	prev := ""
	for i, k := range names {
		x.koff = append(x.koff, uint32(len(x.keys)))
		x.keys = append(x.keys, k...)
		x.masks[i] = letterMask(k)
		p := k[:min(len(k), fuzzyPrefix)]
		if i == 0 || p != prev {
			x.groups = append(x.groups, uint32(i))
			prev = p
		}
	}
	x.koff = append(x.koff, uint32(len(x.keys)))
	x.groups = append(x.groups, uint32(len(names)))
	ngroups := len(x.groups) - 1

	// Each group's deletion hashes are computed twice, once to size the
	// buckets and once to fill them, which is cheaper than holding the ~5M
	// (hash, group) pairs.
	var hs [32]uint64
	total := 0
	for j := 0; j < ngroups; j++ {
		total += len(x.groupHashes(j, hs[:0]))
	}
	nb := 1 << max(10, bits.Len(uint(total/8)))
	x.bshift = uint(64 - bits.TrailingZeros(uint(nb)))
	gbits := uint(bits.Len(uint(ngroups)))
	x.fpBits = 32 - gbits
	x.fpMask = 1<<x.fpBits - 1
	x.heads = make([]uint32, nb+1)
	for j := 0; j < ngroups; j++ {
		for _, h := range x.groupHashes(j, hs[:0]) {
			x.heads[h>>x.bshift+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		x.heads[b] += x.heads[b-1]
	}
	x.ents = make([]uint32, total)
	fill := slices.Clone(x.heads[:nb])
	for j := 0; j < ngroups; j++ {
		for _, h := range x.groupHashes(j, hs[:0]) {
			b := h >> x.bshift
			x.ents[fill[b]] = uint32(j)<<x.fpBits | x.fp(h)
			fill[b]++
		}
	}
	return x
}

func (x *fuzzyIndex) key(i uint32) []byte {
	return x.keys[x.koff[i]:x.koff[i+1]]
}

func (x *fuzzyIndex) fp(h uint64) uint32 {
	return uint32(h) & x.fpMask
}

// groupHashes appends the hashes of the deletion strings of group
// j's prefix: up to two deletions when a key of the group allows two edits.
func (x *fuzzyIndex) groupHashes(j int, dst []uint64) []uint64 {
	first, last := x.groups[j], x.groups[j+1]
	k := x.key(first)
	p := k[:min(len(k), fuzzyPrefix)]
	depth := 1
	for i := first; i < last; i++ {
		if fuzzyDist(len(x.key(i))) == 2 {
			depth = 2
			break
		}
	}
	// Deletion strings repeat for under 1% of the keys ("ana" minus "an"
	// or "na"); the duplicates cost less than sorting them out.
	return deleteHashes(p, depth, dst)
}

// deleteHashes appends the hashes of p with up to depth (1 or 2) bytes
// deleted, p itself included. len(p) <= fuzzyPrefix.
func deleteHashes(p []byte, depth int, dst []uint64) []uint64 {
	n := len(p)
	dst = append(dst, hashSkip(p, -1, -1))
	for i := 0; i < n; i++ {
		if i > 0 && p[i] == p[i-1] {
			continue // same string as deleting p[i-1]
		}
		dst = append(dst, hashSkip(p, i, -1))
		if depth < 2 {
			continue
		}
		for k := i + 1; k < n; k++ {
			dst = append(dst, hashSkip(p, i, k))
		}
	}
	return dst
}

// hashSkip hashes p without the bytes at positions i and k (-1: none).
func hashSkip(p []byte, i, k int) uint64 {
	h := uint64(14695981039346656037)
	for n, c := range p {
		if n == i || n == k {
			continue
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	// FNV leaves the high bits poorly mixed; the buckets use them.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// lookup returns the entries worth guessing at (fuzzyWorth) that have a
// name or alias whose key is within fuzzyDist(min(len(key), len(name key)))
// edits of key, a NameKey: one edit when the shorter is 5-7 bytes, two from
// 8, none below 5; an adjacent transposition is one edit (optimal string
// alignment). The shorter length decides so that a long misspelling does not
// reach a short name by dropping letters. Entries that have key itself as a
// name or alias are exact matches, not guesses, and are left out. Hits are
// ordered by distance, then population (descending), then entry index; at
// most limit are returned.
func (x *fuzzyIndex) lookup(key string, limit int) []fuzzyHit {
	n := len(key)
	d := fuzzyDist(n)
	if d == 0 || n > fuzzyMaxKey || limit <= 0 || x == nil {
		return nil
	}
	var gbuf [256]uint32
	groups := x.candidates(key, d, gbuf[:0])
	if len(groups) == 0 {
		return nil
	}
	exact := x.g.cands(key) // entries named key itself are not guesses
	var hits []fuzzyHit
	var pat osaPattern
	pat.init(key)
	qmask := letterMask(key)
	for _, j := range groups {
		for i := x.groups[j]; i < x.groups[j+1]; i++ {
			k := x.key(i)
			kd := fuzzyDist(min(n, len(k)))
			if diff := len(k) - n; diff > kd || -diff > kd {
				continue
			}
			// An edit adds or removes at most two letters of the set.
			if bits.OnesCount32(qmask^x.masks[i]) > 2*kd {
				continue
			}
			dist := pat.dist(k, kd)
			if dist <= 0 {
				continue
			}
			for _, id := range x.g.cands(string(k)) {
				if !fuzzyWorth(&x.g.entries[id]) || slices.Contains(exact, id) {
					continue
				}
				hits = addFuzzyHit(hits, id, dist)
			}
		}
	}
	if len(hits) == 0 {
		return nil
	}
	es := x.g.entries
	slices.SortFunc(hits, func(a, b fuzzyHit) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if pa, pb := es[a.id].pop, es[b.id].pop; pa != pb {
			if pa > pb {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	})
	if len(hits) > limit {
		hits = hits[:limit:limit]
	}
	return hits
}

// candidates appends to dst the groups whose prefix shares a deletion string
// with key's prefix, each once.
func (x *fuzzyIndex) candidates(key string, d int, dst []uint32) []uint32 {
	var pbuf [fuzzyPrefix]byte
	p := pbuf[:copy(pbuf[:], key)]
	var hbuf [32]uint64
	// A group is found once per deletion string it shares, up to 29 times
	// for the group of key's own prefix; a small open-addressing set drops
	// the repeats (slot value group+1, 0 empty).
	var set [1024]uint32
	const setMask = len(set) - 1
	n, start := 0, len(dst)
	for _, h := range deleteHashes(p, d, hbuf[:0]) {
		b := h >> x.bshift
		fp := x.fp(h)
		for _, e := range x.ents[x.heads[b]:x.heads[b+1]] {
			if e&x.fpMask != fp {
				continue
			}
			j := e >> x.fpBits
			if n >= len(set)/2 { // too many to hash: sort instead
				dst = append(dst, j)
				continue
			}
			for s := int(j*0x9E3779B1>>22) & setMask; ; s = (s + 1) & setMask {
				if set[s] == 0 {
					set[s] = j + 1
					dst = append(dst, j)
					n++
					break
				}
				if set[s] == j+1 {
					break
				}
			}
		}
	}
	if n >= len(set)/2 {
		slices.Sort(dst[start:])
		dst = append(dst[:start], slices.Compact(dst[start:])...)
	}
	return dst
}

// letterMask returns the set of letters in k, digits sharing one bit.
func letterMask(k string) uint32 {
	var m uint32
	for i := 0; i < len(k); i++ {
		if c := k[i]; c >= 'a' {
			m |= 1 << (c - 'a')
		} else {
			m |= 1 << 26
		}
	}
	return m
}

// addFuzzyHit adds entry id at distance dist, keeping the smaller distance
// when the entry is already there under another name.
func addFuzzyHit(hits []fuzzyHit, id int32, dist int) []fuzzyHit {
	for i := range hits {
		if hits[i].id == id {
			if dist < hits[i].dist {
				hits[i].dist = dist
			}
			return hits
		}
	}
	return append(hits, fuzzyHit{id, dist})
}

// osaPattern computes optimal string alignment distances (Levenshtein plus
// adjacent transpositions) from one pattern of at most 64 bytes, with the
// bit-parallel algorithm of Myers as extended to transpositions by Hyyrö
// ("A bit-vector algorithm for computing Levenshtein and Damerau edit
// distances", 2003): one column of the matrix is a few word operations.
type osaPattern struct {
	peq  [256]uint64 // peq[c]: the positions of byte c in the pattern
	n    int
	last uint64 // the bit of the pattern's last byte
}

func (p *osaPattern) init(a string) {
	clear(p.peq[:])
	p.n = len(a)
	for i := 0; i < len(a); i++ {
		p.peq[a[i]] |= 1 << i
	}
	if p.n > 0 {
		p.last = 1 << (p.n - 1)
	}
}

// dist returns the distance between the pattern and b when it is at most
// bound, and -1 otherwise.
func (p *osaPattern) dist(b []byte, bound int) int {
	n, nb := p.n, len(b)
	if n-nb > bound || nb-n > bound {
		return -1
	}
	if n == 0 {
		return nb
	}
	vp, vn, d0, pmOld := ^uint64(0), uint64(0), uint64(0), uint64(0)
	score := n
	for j, c := range b {
		pm := p.peq[c]
		tr := ((^d0 & pm) << 1) & pmOld
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
		hp := vn | ^(d0 | vp)
		hn := d0 & vp
		if hp&p.last != 0 {
			score++
		} else if hn&p.last != 0 {
			score--
		}
		// Each remaining byte lowers the score by one at most.
		if score-(nb-j-1) > bound {
			return -1
		}
		hp = hp<<1 | 1
		hn <<= 1
		vp = hn | ^(d0 | hp)
		vn = hp & d0
		pmOld = pm
	}
	if score <= bound {
		return score
	}
	return -1
}
