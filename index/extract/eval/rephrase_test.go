package eval

import "testing"

func TestRephrase(t *testing.T) {
	const note = "Al Shabaab attacked Gumarey village (Balcad, Middle Shabelle). Government forces (SNA) responded (coded separately)."
	tests := []struct {
		name, mode string
		row        int
		want       string
	}{
		{"bare drops the note", "bare", 0, "Al Shabaab attacked Gumarey village. Government forces (SNA) responded (coded separately)."},
		{"comma region", "comma", 0, "Al Shabaab attacked Gumarey village, Middle Shabelle. Government forces (SNA) responded (coded separately)."},
		{"comma region word", "comma", 1, "Al Shabaab attacked Gumarey village, Middle Shabelle region. Government forces (SNA) responded (coded separately)."},
		{"in region", "comma", 2, "Al Shabaab attacked Gumarey village in Middle Shabelle region. Government forces (SNA) responded (coded separately)."},
		{"district and region", "comma", 3, "Al Shabaab attacked Gumarey village, Balcad district, Middle Shabelle. Government forces (SNA) responded (coded separately)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Rephrase(note, tt.mode, tt.row)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Rephrase(%s, %d) =\n %q\nwant\n %q", tt.mode, tt.row, got, tt.want)
			}
		})
	}
	if _, err := Rephrase(note, "sideways", 0); err == nil {
		t.Error("an unknown mode is accepted")
	}
}
