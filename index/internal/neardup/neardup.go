// Package neardup finds near-duplicate texts: the same wire story on many
// sites with small edits. A text's fingerprint is a 64-bit SimHash of its
// word 3-shingles; two texts whose SimHashes differ in at most NearBits
// bits are near-duplicates. To find candidates without comparing against
// every text, 16 bands of 16 bits sampled from the SimHash serve as lookup
// keys (Bands). Texts too short for shingles (headlines) use one exact hash
// of their normalised words instead. The package is pure: the index stores
// the fingerprints and bands and looks the candidates up.
package neardup

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
)

const (
	// NearBits is the largest Hamming distance between near-duplicates.
	NearBits     = 8
	shingleWords = 3  // words per shingle
	minWords     = 25 // fewer words than this: exact match only
)

// Fingerprint is a text's near-duplicate signature.
type Fingerprint struct {
	Exact bool   // short text: equal hashes only
	Hash  uint64 // SimHash, or hash of the words when Exact
}

// String is the stored form of f: "s" or "x" and the hash in hex.
func (f Fingerprint) String() string {
	p := "s"
	if f.Exact {
		p = "x"
	}
	return p + strconv.FormatUint(f.Hash, 16)
}

// Parse reads a fingerprint in its stored form.
func Parse(s string) (Fingerprint, bool) {
	if len(s) < 2 || (s[0] != 's' && s[0] != 'x') {
		return Fingerprint{}, false
	}
	h, err := strconv.ParseUint(s[1:], 16, 64)
	return Fingerprint{Exact: s[0] == 'x', Hash: h}, err == nil
}

// Bands are the LSH band terms indexed for candidate lookup: 16 bands,
// each 16 bits sampled from the SimHash at fixed positions. Two hashes
// 6 bits apart share at least one band with probability 0.96, 8 bits apart
// 0.8; unrelated texts (about 32 bits apart) almost never do.
func (f Fingerprint) Bands() []string {
	if f.Exact {
		return []string{f.String()}
	}
	out := make([]string, len(bandBits))
	for i := range bandBits {
		out[i] = fmt.Sprintf("b%x:%04x", i, bandValue(f.Hash, i))
	}
	return out
}

// bandValue is band i of a SimHash: its 16 bits at the band's positions.
func bandValue(h uint64, i int) uint16 {
	var v uint16
	for j, p := range bandBits[i] {
		v |= uint16(h>>p&1) << j
	}
	return v
}

// bandBits are the bit positions of each band, drawn once from a fixed
// seed: changing them requires re-indexing.
var bandBits = func() [16][16]uint {
	var out [16][16]uint
	x := uint64(0x9e3779b97f4a7c15)
	for i := range out {
		perm := make([]uint, 64)
		for k := range perm {
			perm[k] = uint(k)
		}
		for k := 63; k > 0; k-- {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			j := int(x % uint64(k+1))
			perm[k], perm[j] = perm[j], perm[k]
		}
		copy(out[i][:], perm[:16])
	}
	return out
}()

// Near reports whether f and g are near-duplicates.
func (f Fingerprint) Near(g Fingerprint) bool {
	if f.Exact || g.Exact {
		return f.Exact == g.Exact && f.Hash == g.Hash
	}
	return f.Distance(g) <= NearBits
}

// Distance is the number of bits in which f and g differ.
func (f Fingerprint) Distance(g Fingerprint) int { return bits.OnesCount64(f.Hash ^ g.Hash) }

// FNV-1a, 64 bits, written out so that hashing a shingle allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// Of is the fingerprint of a text (its title too when the text is short).
func Of(title, text string) Fingerprint {
	words := normWords(text)
	if len(words) < minWords {
		words = append(normWords(title), words...)
		h := uint64(fnvOffset)
		for _, w := range words {
			h = fnvAdd(h, w)
			h *= fnvPrime // the separator byte 0 (xor with 0 changes nothing)
		}
		return Fingerprint{Exact: true, Hash: h}
	}
	var v [64]int
	for i := 0; i+shingleWords <= len(words); i++ {
		x := uint64(fnvOffset)
		for _, w := range words[i : i+shingleWords] {
			x = fnvAdd(x, w)
			x = (x ^ ' ') * fnvPrime
		}
		// FNV's high bits mix poorly for short inputs: finalise (splitmix64).
		x ^= x >> 30
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 27
		x *= 0x94d049bb133111eb
		x ^= x >> 31
		for b := 0; b < 64; b++ {
			v[b] += int(x>>b&1)*2 - 1
		}
	}
	var sim uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			sim |= 1 << b
		}
	}
	return Fingerprint{Hash: sim}
}

// normWords lower-cases and splits on anything but letters and digits.
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
