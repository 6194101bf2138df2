package neardup

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The table finds exactly what a lookup of the band terms followed by
// Near finds, over fingerprints with many near pairs and equal headlines.
func TestTableAgreesWithBandTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var fps []Fingerprint
	for i := 0; i < 3000; i++ {
		switch {
		case i%10 == 9:
			fps = append(fps, Fingerprint{Exact: true, Hash: uint64(r.IntN(50))})
		case i > 0 && i%3 == 0:
			h := fps[r.IntN(len(fps))].Hash
			for k := r.IntN(12); k > 0; k-- {
				h ^= 1 << r.IntN(64)
			}
			fps = append(fps, Fingerprint{Hash: h})
		default:
			fps = append(fps, Fingerprint{Hash: r.Uint64()})
		}
	}
	docs := make([]uint32, len(fps))
	for i := range docs {
		docs[i] = uint32(1000 + i)
	}
	tab := NewTable(docs, fps)
	if tab.Len() != len(fps) {
		t.Fatalf("Len %d, want %d", tab.Len(), len(fps))
	}
	found := 0
	for qi := 0; qi < 400; qi++ {
		q := fps[r.IntN(len(fps))]
		if qi%4 == 0 {
			q.Hash ^= 1 << r.IntN(64)
		}
		qt := map[string]bool{}
		for _, b := range q.Bands() {
			qt[b] = true
		}
		var want []uint32
		for i, f := range fps {
			shares := false
			for _, b := range f.Bands() {
				shares = shares || qt[b]
			}
			if shares && q.Near(f) {
				want = append(want, docs[i])
			}
		}
		var got []uint32
		tab.Near(q, func(d uint32, g Fingerprint) {
			if g != fps[d-1000] {
				t.Errorf("doc %d reported as %+v, is %+v", d, g, fps[d-1000])
			}
			got = append(got, d)
		})
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("query %+v: got %v, want %v", q, got, want)
		}
		found += len(got)
	}
	if found < 400 {
		t.Errorf("only %d matches over 400 queries: the test data has too few near pairs", found)
	}
}

func TestTableEmpty(t *testing.T) {
	tab := NewTable(nil, nil)
	tab.Near(Fingerprint{Hash: 42}, func(uint32, Fingerprint) { t.Error("match in an empty table") })
	tab.Near(Fingerprint{Exact: true, Hash: 42}, func(uint32, Fingerprint) { t.Error("match in an empty table") })
}
