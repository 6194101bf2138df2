package neardup

import (
	"hash/fnv"
	"strings"
	"testing"
)

// referenceFingerprint is the SimHash written with hash/fnv: fingerprints
// already stored in indexes must stay comparable with new ones.
func referenceFingerprint(title, text string) Fingerprint {
	words := normWords(text)
	if len(words) < minWords {
		words = append(normWords(title), words...)
		h := fnv.New64a()
		for _, w := range words {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		return Fingerprint{Exact: true, Hash: h.Sum64()}
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
	return Fingerprint{Hash: sim}
}

func TestFingerprintStable(t *testing.T) {
	long := strings.Repeat("Russian forces shelled Kharkiv overnight, the regional governor said on Telegram. ", 6)
	for _, tc := range []struct{ name, title, text string }{
		{"short text", "Short", "only a few words here"},
		{"long text", "Kharkiv", long},
		{"Cyrillic", "Київ", "Російські війська обстріляли Харків уночі, повідомив голова обласної адміністрації. " + long},
		{"empty", "", ""},
	} {
		if got, want := Of(tc.title, tc.text), referenceFingerprint(tc.title, tc.text); got != want {
			t.Errorf("%s: fingerprint %+v, want %+v", tc.name, got, want)
		}
	}
}

func TestNear(t *testing.T) {
	story := strings.Repeat("Russian forces shelled Kharkiv overnight, the regional governor said on Telegram, and two people were hurt. ", 3)
	edited := strings.Replace(story, "two people", "three people", 1)
	other := strings.Repeat("The United Nations said aid convoys reached Goma after weeks of fighting between the army and rebels. ", 3)
	a, b, c := Of("", story), Of("", edited), Of("", other)
	if !a.Near(b) {
		t.Errorf("an edited copy is not near: distance %d", a.Distance(b))
	}
	if a.Near(c) {
		t.Errorf("an unrelated story is near: distance %d", a.Distance(c))
	}
	shared := 0
	bands := map[string]bool{}
	for _, x := range a.Bands() {
		bands[x] = true
	}
	for _, x := range b.Bands() {
		if bands[x] {
			shared++
		}
	}
	if shared == 0 {
		t.Errorf("near-duplicates share no band")
	}
	if h1, h2 := Of("Shelling in Kharkiv", ""), Of("Shelling in Kharkiv", ""); !h1.Exact || !h1.Near(h2) || len(h1.Bands()) != 1 {
		t.Errorf("a headline is one exact term: %+v %v", h1, h1.Bands())
	}
	for _, f := range []Fingerprint{a, Of("x", "short")} {
		if g, ok := Parse(f.String()); !ok || g != f {
			t.Errorf("Parse(%q) = %+v, %v", f.String(), g, ok)
		}
	}
	if _, ok := Parse("q123"); ok {
		t.Errorf("Parse accepted a bad prefix")
	}
}
