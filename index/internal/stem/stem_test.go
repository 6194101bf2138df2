package stem

import "testing"

func TestUkrainian(t *testing.T) {
	tests := []struct {
		name  string
		forms []string // all one stem
		other []string // each a stem of its own, not that of forms
	}{
		{name: "city in -ів", forms: []string{"харків", "харкова", "харкові", "харковом", "харкову"}},
		{name: "noun and its genitive plural", forms: []string{"обстріл", "обстріли", "обстрілів", "обстрілу", "обстрілами", "обстрілом"}},
		{name: "feminine noun", forms: []string{"ракета", "ракети", "ракет", "ракетою", "ракету", "ракетами"}},
		{name: "о of the other cases is і of the nominative", forms: []string{"рік", "року", "роки", "років", "роками"}},
		{name: "east", forms: []string{"схід", "сходу", "сході", "сходом"}},
		{name: "adjective", forms: []string{"російський", "російського", "російському", "російська", "російської", "російські", "російських"}},
		{name: "apostrophe in any of its spellings", forms: []string{"пам'ять", "памʼять", "пам’ять"}},
		{name: "water, leads and from stay apart", forms: []string{"вода", "води", "воду"}, other: []string{"веде"}},
		{name: "sea and mayor stay apart", forms: []string{"море", "моря", "морі"}, other: []string{"мер", "мера"}},
		{name: "short words keep their form", forms: []string{"бій"}, other: []string{"бою"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Ukrainian.Stem(tt.forms[0])
			for _, f := range tt.forms[1:] {
				if got := Ukrainian.Stem(f); got != want {
					t.Errorf("Stem(%q) = %q, want %q (the stem of %q)", f, got, want, tt.forms[0])
				}
			}
			for _, o := range tt.other {
				if got := Ukrainian.Stem(o); got == want {
					t.Errorf("Stem(%q) = %q, the stem of %q too", o, got, tt.forms[0])
				}
			}
		})
	}
}

func TestArabicConjunctions(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "and-in-the", in: "وبالحرب", want: "بالحرب"},
		{name: "so-for-the", in: "فللحرب", want: "للحرب"},
		{name: "and-like-the", in: "وكالحرب", want: "كالحرب"},
		{name: "article alone is the stemmer's", in: "الحرب", want: "الحرب"},
		{name: "a bare preposition stays", in: "بغزه", want: "بغزه"},
		{name: "a word starting with f-l stays", in: "فلسطين", want: "فلسطين"},
		{name: "too short a rest", in: "وبالي", want: "وبالي"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArabicConjunctions.Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
