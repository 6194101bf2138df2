package words

import (
	"testing"
	"unicode"
)

// TestRuneTables checks the table-driven predicates against the unicode
// package on every rune of the tables and on a few beyond them.
func TestRuneTables(t *testing.T) {
	tests := []struct {
		name     string
		from, to rune
	}{
		{"ASCII", 0, 0x7F},
		{"Latin-1 and Latin Extended", 0x80, 0x24F},
		{"Greek and Cyrillic", 0x370, 0x52F},
		{"Hebrew and Arabic", 0x590, 0x7FF},
		{"beyond the tables", 0x800, 0x2FFF},
		{"Arabic presentation forms", 0xFB50, 0xFEFF},
		{"invalid", -3, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for r := tt.from; r <= tt.to; r++ {
				if got, want := IsLetter(r), unicode.IsLetter(r); got != want {
					t.Fatalf("IsLetter(%U) = %v, want %v", r, got, want)
				}
				if got, want := IsLetterOrDigit(r), unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
					t.Fatalf("IsLetterOrDigit(%U) = %v, want %v", r, got, want)
				}
				if got, want := IsMark(r), unicode.Is(unicode.Mn, r); got != want {
					t.Fatalf("IsMark(%U) = %v, want %v", r, got, want)
				}
				if got, want := IsUpper(r), unicode.IsUpper(r); got != want {
					t.Fatalf("IsUpper(%U) = %v, want %v", r, got, want)
				}
				if got, want := ToLower(r), unicode.ToLower(r); got != want {
					t.Fatalf("ToLower(%U) = %U, want %U", r, got, want)
				}
			}
		})
	}
	// the tables must hold some of each kind, or the test above proves little
	if !IsLetter('Ж') || !IsUpper('Ж') || ToLower('Ж') != 'ж' || !IsMark(0x301) || !IsLetterOrDigit('٣') || IsLetter('-') {
		t.Error("table answers for Ж, U+0301, ٣ or - are wrong")
	}
}
