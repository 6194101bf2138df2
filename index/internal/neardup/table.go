package neardup

// Table holds many fingerprints for lookups by band: what the band terms
// (Bands) find in an inverted index, kept in memory instead. Near finds the
// fingerprints that share a band with a given one and are near it, as a
// lookup of its band terms followed by Near would.
//
// For each band, the entries are sorted into buckets by the band's top
// bits (about four entries per bucket): 4 bytes per entry and band, plus
// the fingerprints and the caller's numbers, about 90 bytes an entry.
type Table struct {
	docs   []uint32 // the caller's number of each entry
	hashes []uint64 // the SimHash of each entry
	exact  map[uint64][]uint32
	shift  uint // band value >> shift is its bucket
	offs   [len(bandBits)][]uint32
	ents   [len(bandBits)][]uint32
}

// NewTable builds a Table of fps, numbered by docs (same length).
func NewTable(docs []uint32, fps []Fingerprint) *Table {
	t := &Table{exact: map[uint64][]uint32{}}
	for i, f := range fps {
		if f.Exact {
			t.exact[f.Hash] = append(t.exact[f.Hash], docs[i])
			continue
		}
		t.docs = append(t.docs, docs[i])
		t.hashes = append(t.hashes, f.Hash)
	}
	n := len(t.hashes)
	bits := uint(0)
	for bits < 16 && 1<<(bits+2) < n {
		bits++
	}
	t.shift = 16 - bits
	buckets := 1 << bits
	vals := make([]uint16, n)
	for b := range bandBits {
		offs := make([]uint32, buckets+1)
		for e, h := range t.hashes {
			vals[e] = bandValue(h, b)
			offs[int(vals[e]>>t.shift)+1]++
		}
		for k := 1; k <= buckets; k++ {
			offs[k] += offs[k-1]
		}
		ents := make([]uint32, n)
		next := append([]uint32(nil), offs[:buckets]...)
		for e := range t.hashes {
			k := vals[e] >> t.shift
			ents[next[k]] = uint32(e)
			next[k]++
		}
		t.offs[b], t.ents[b] = offs, ents
	}
	return t
}

// Len is the number of fingerprints in t.
func (t *Table) Len() int {
	n := len(t.hashes)
	for _, d := range t.exact {
		n += len(d)
	}
	return n
}

// Near calls fn once for each fingerprint of t that shares a band with f
// (or, for an exact fingerprint, is equal to it) and is near f.
func (t *Table) Near(f Fingerprint, fn func(doc uint32, g Fingerprint)) {
	if f.Exact {
		for _, d := range t.exact[f.Hash] {
			fn(d, f)
		}
		return
	}
	if len(t.hashes) == 0 {
		return
	}
	var seen map[uint32]bool
	for b := range bandBits {
		v := bandValue(f.Hash, b)
		k := v >> t.shift
		for _, e := range t.ents[b][t.offs[b][k]:t.offs[b][k+1]] {
			h := t.hashes[e]
			if bandValue(h, b) != v {
				continue
			}
			g := Fingerprint{Hash: h}
			if !f.Near(g) {
				continue
			}
			if seen == nil {
				seen = map[uint32]bool{}
			}
			if !seen[e] {
				seen[e] = true
				fn(t.docs[e], g)
			}
		}
	}
}
