package index

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/internal/neardup"
)

// TestFingerprintMemo checks that the fingerprint memoised on an article
// is its text's, and is recomputed when the text changes.
func TestFingerprintMemo(t *testing.T) {
	long := strings.Repeat("Russian forces shelled Kharkiv overnight, the regional governor said on Telegram. ", 6)
	for _, a := range []*Article{
		{Title: "Short", Text: "only a few words here"},
		{Title: "Kharkiv", Text: long},
		{Title: "Київ", Text: "Російські війська обстріляли Харків уночі, повідомив голова обласної адміністрації. " + long},
		{Title: "", Text: ""},
	} {
		got, want := fingerprintOf(a), neardup.Of(a.Title, a.Text)
		if got != want {
			t.Errorf("fingerprint of %q = %+v, want %+v", a.Title, got, want)
		}
		// Memoised, and recomputed when the text changes.
		if again := fingerprintOf(a); again != got {
			t.Errorf("second fingerprint of %q = %+v, want %+v", a.Title, again, got)
		}
		a.Text += " and one more sentence with several further words"
		if got, want := fingerprintOf(a), neardup.Of(a.Title, a.Text); got != want {
			t.Errorf("fingerprint after an edit of %q = %+v, want %+v", a.Title, got, want)
		}
	}
}
