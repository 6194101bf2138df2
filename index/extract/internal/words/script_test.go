package words

import (
	"slices"
	"testing"
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
			ka, _ := ScriptKey(nil, tt.a)
			kb, _ := ScriptKey(nil, tt.b)
			if string(ka) != string(kb) {
				t.Errorf("key(%s) = %q, key(%s) = %q", tt.a, ka, tt.b, kb)
			}
		})
	}
	// stems never shrink below three letters
	if k, _ := ScriptKey(nil, "Крим"); string(k) != "крим" {
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
			if got := CyrillicVariants(tt.stem); !slices.Contains(got, tt.want) {
				t.Errorf("CyrillicVariants(%q) = %q, want it to hold %q", tt.stem, got, tt.want)
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
			if got := ArabicCandidates(tt.word, nil); !slices.Contains(got, tt.want) {
				t.Errorf("ArabicCandidates(%q) = %q, want it to hold %q", tt.word, got, tt.want)
			}
		})
	}
	// the article is never cut: "الأمن" (security) is not the town أمن
	if got := ArabicCandidates("الامن", nil); slices.Contains(got, "امن") {
		t.Errorf("ArabicCandidates(الامن) = %q cuts the article", got)
	}
	// what is left keeps three letters
	if got := ArabicCandidates("بان", nil); len(got) != 1 {
		t.Errorf("ArabicCandidates(بان) = %q, want the word alone", got)
	}
}
