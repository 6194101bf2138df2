package words

import "hash/maphash"

// Filter is a Bloom filter over the keys of a set: a key that it does not
// hold is surely not in the set, so a lookup in a large map that would miss
// (most words of a text are no alias, most runs of capitalised words no
// place name) costs two bit tests in a table that stays in the cache. A key
// it holds may still be missing from the set. It is read-only once built.
type Filter struct {
	bits []uint64
	mask uint64 // number of bits - 1
}

// filterSeed is the hash seed of every Filter of the process.
var filterSeed = maphash.MakeSeed()

// NewFilter returns an empty Filter sized for n keys: about 16 bits a key,
// so that some 1.5% of the keys it lacks pass.
func NewFilter(n int) *Filter {
	size := uint64(1 << 12)
	for size < 16*uint64(n) {
		size <<= 1
	}
	return &Filter{bits: make([]uint64, size/64), mask: size - 1}
}

// Add adds key to f.
func (f *Filter) Add(key string) { f.set(maphash.String(filterSeed, key)) }

func (f *Filter) set(h uint64) {
	a, b := h&f.mask, (h>>32)&f.mask
	f.bits[a/64] |= 1 << (a % 64)
	f.bits[b/64] |= 1 << (b % 64)
}

func (f *Filter) test(h uint64) bool {
	a, b := h&f.mask, (h>>32)&f.mask
	return f.bits[a/64]&(1<<(a%64)) != 0 && f.bits[b/64]&(1<<(b%64)) != 0
}

// Has reports whether key may be in the set: false means surely not.
func (f *Filter) Has(key string) bool { return f.test(maphash.String(filterSeed, key)) }

// HasBytes is Has for a key held in a byte slice.
func (f *Filter) HasBytes(key []byte) bool { return f.test(maphash.Bytes(filterSeed, key)) }
