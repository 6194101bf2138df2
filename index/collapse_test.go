package index

import (
	"hash/fnv"
	"strings"
	"testing"
)

// referenceFingerprint is the SimHash written with hash/fnv: fingerprints
// already stored in indexes must stay comparable with new ones.
func referenceFingerprint(a *Article) fingerprint {
	words := normWords(a.Text)
	if len(words) < minWords {
		words = append(normWords(a.Title), words...)
		h := fnv.New64a()
		for _, w := range words {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		return fingerprint{exact: true, hash: h.Sum64()}
	}
	var v [64]int
	for i := 0; i+shingleWords <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+shingleWords] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		x := h.Sum64()
		x ^= x >> 30
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 27
		x *= 0x94d049bb133111eb
		x ^= x >> 31
		for b := 0; b < 64; b++ {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var sim uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			sim |= 1 << b
		}
	}
	return fingerprint{hash: sim}
}

func TestFingerprintStable(t *testing.T) {
	long := strings.Repeat("Russian forces shelled Kharkiv overnight, the regional governor said on Telegram. ", 6)
	for _, a := range []*Article{
		{Title: "Short", Text: "only a few words here"},
		{Title: "Kharkiv", Text: long},
		{Title: "Київ", Text: "Російські війська обстріляли Харків уночі, повідомив голова обласної адміністрації. " + long},
		{Title: "", Text: ""},
	} {
		got, want := fingerprintOf(a), referenceFingerprint(a)
		if got != want {
			t.Errorf("fingerprint of %q = %+v, want %+v", a.Title, got, want)
		}
		// Memoised, and recomputed when the text changes.
		if again := fingerprintOf(a); again != got {
			t.Errorf("second fingerprint of %q = %+v, want %+v", a.Title, again, got)
		}
		a.Text += " and one more sentence with several further words"
		if got, want := fingerprintOf(a), referenceFingerprint(a); got != want {
			t.Errorf("fingerprint after an edit of %q = %+v, want %+v", a.Title, got, want)
		}
	}
}
