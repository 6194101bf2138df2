package extract

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestScriptWordKey(t *testing.T) {
	tests := []struct {
		name string
		a, b string // two forms that must share a key
	}{
		{"uk genitive", "Бахмут", "Бахмута"},
		{"uk locative", "Харкові", "Харкова"},
		{"uk instrumental", "Харковом", "Харкову"},
		{"uk adjective", "Курської", "Курська"},
		{"uk adjective locative", "Харківській", "Харківська"},
		{"ru prepositional", "Москве", "Москва"},
		{"ru instrumental", "Киевом", "Киев"},
		{"ru adjective", "Белгородской", "Белгородская"},
		{"yo folded", "Королёв", "Королев"},
		{"ghe folded", "Ґорґани", "Горгани"},
		{"ar alef forms", "أوكرانيا", "اوكرانيا"},
		{"ar taa marbuta", "غزة", "غزه"},
		{"ar diacritics", "غَزَّة", "غزة"},
		{"ar tatweel", "غــزة", "غزة"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, _ := scriptWordKey(nil, tt.a)
			kb, _ := scriptWordKey(nil, tt.b)
			if string(ka) != string(kb) {
				t.Errorf("key(%s) = %q, key(%s) = %q", tt.a, ka, tt.b, kb)
			}
		})
	}
	// stems never shrink below three letters
	if k, _ := scriptWordKey(nil, "Крим"); string(k) != "крим" {
		t.Errorf("key(Крим) = %q, want крим", k)
	}
}

func TestCyrVariants(t *testing.T) {
	tests := []struct {
		name, stem string
		want       string
	}{
		{"i to o", "харків", "харков"},
		{"yi to ye", "київ", "києв"},
		{"rih", "ріг", "рог"},
		{"mykolaiv", "миколаїв", "миколаєв"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cyrVariants(tt.stem); !slices.Contains(got, tt.want) {
				t.Errorf("cyrVariants(%q) = %q, want it to hold %q", tt.stem, got, tt.want)
			}
		})
	}
}

func TestArCandidates(t *testing.T) {
	tests := []struct {
		name, word, want string
	}{
		{"wa", "وغزه", "غزه"},
		{"bi", "بغزه", "غزه"},
		{"li", "لغزه", "غزه"},
		{"wa bi", "وبغزه", "غزه"},
		{"wa al keeps the article", "والقدس", "القدس"},
		{"bi al", "بالقدس", "القدس"},
		{"lil", "للقدس", "القدس"},
		{"fa", "فغزه", "غزه"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := arCandidates(tt.word, nil); !slices.Contains(got, tt.want) {
				t.Errorf("arCandidates(%q) = %q, want it to hold %q", tt.word, got, tt.want)
			}
		})
	}
	// the article is never cut: "الأمن" (security) is not the town أمن
	if got := arCandidates("الامن", nil); slices.Contains(got, "امن") {
		t.Errorf("arCandidates(الامن) = %q cuts the article", got)
	}
	// what is left keeps three letters
	if got := arCandidates("بان", nil); len(got) != 1 {
		t.Errorf("arCandidates(بان) = %q, want the word alone", got)
	}
}

// TestScriptIndexBudget reports the time and memory of the Cyrillic and
// Arabic name index, which is built on the first text in those scripts.
func TestScriptIndexBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gazetteer")
	}
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	x, err := buildScriptIndex(g)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	t.Logf("script index: %d keys, built in %v, %.1f MB heap", len(x.keys), took.Round(time.Millisecond), mb)
	if mb > 50 {
		t.Errorf("script index uses %.0f MB, budget 50 MB", mb)
	}
	if len(x.keys) < 10000 {
		t.Errorf("script index has %d keys, want at least 10000", len(x.keys))
	}
	runtime.KeepAlive(x)
	runtime.KeepAlive(g)
}
