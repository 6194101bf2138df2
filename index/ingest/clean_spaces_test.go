package ingest

import (
	"regexp"
	"testing"
)

var reHorizontalSpace = regexp.MustCompile(`[ \t\f\v\p{Zs}]+`)

// collapseSpaces must agree with the regular expression it stands for.
func TestCollapseSpacesMatchesRegexp(t *testing.T) {
	for _, s := range []string{
		"", "plain line", "two  spaces", "tab\there", " lead and trail ", "nbsp\u00a0\u00a0x",
		"thin\u2009space", "mixed \t\u00a0 run", "curly “quotes” only", "ideographic\u3000space", "\v\f",
		"Київ — столиця", "a\u200bb", "bad \xff  byte",
	} {
		if got, want := collapseSpaces(s), reHorizontalSpace.ReplaceAllString(s, " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpaces(f *testing.F) {
	f.Add("a  b\t\u00a0c")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpaces(s), reHorizontalSpace.ReplaceAllString(s, " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}
