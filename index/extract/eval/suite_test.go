package eval

import (
	"testing"

	"github.com/sitrep/sitrep/index/extract"
)

// TestMultilingualSuite runs every sentence of the shipped suite: each must
// give the places, actors and dates it lists and none it rules out.
func TestMultilingualSuite(t *testing.T) {
	cases, err := SuiteCases()
	if err != nil {
		t.Fatal(err)
	}
	perLang := map[string]int{}
	for _, c := range cases {
		perLang[c.Lang]++
	}
	for _, lang := range []string{"uk", "ru", "ar"} {
		if perLang[lang] < 40 {
			t.Errorf("%s: %d sentences, want at least 40", lang, perLang[lang])
		}
	}
	ex, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			for _, bad := range CheckCase(ex, c) {
				t.Errorf("%s: %s", c.Text, bad)
			}
		})
	}
}
