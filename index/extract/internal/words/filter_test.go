package words

import (
	"strconv"
	"testing"
)

func TestFilter(t *testing.T) {
	tests := []struct {
		name string
		n    int // keys added: "k0", "k1", ...
	}{
		{"empty", 0},
		{"one", 1},
		{"some", 100},
		{"many", 50000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFilter(tt.n)
			for i := 0; i < tt.n; i++ {
				f.Add("k" + strconv.Itoa(i))
			}
			for i := 0; i < tt.n; i++ {
				k := "k" + strconv.Itoa(i)
				if !f.Has(k) || !f.HasBytes([]byte(k)) {
					t.Fatalf("Has(%q) = false for an added key", k)
				}
			}
			// keys never added: a few may pass, most must not
			pass := 0
			const probes = 20000
			for i := 0; i < probes; i++ {
				k := "x" + strconv.Itoa(i)
				if f.Has(k) != f.HasBytes([]byte(k)) {
					t.Fatalf("Has and HasBytes disagree on %q", k)
				}
				if f.Has(k) {
					pass++
				}
			}
			if pass > probes/20 {
				t.Errorf("%d of %d absent keys pass, want at most 5%%", pass, probes)
			}
		})
	}
}
