package eval

import (
	"fmt"
	"regexp"
	"strings"
)

// The ACLED notes of the dev set end their location with "(District,
// Region)", a habit of that set's writers that other writers do not share.
// Rephrase rewrites those notes so that a figure measured on them says how
// extraction does on text phrased otherwise:
//
//   - "bare" drops the note: "in Gumarey village (Balcad, Middle Shabelle)"
//     becomes "in Gumarey village", leaving a place with nothing to anchor it.
//   - "comma" writes the region after a comma, in turn as ", Middle
//     Shabelle", ", Middle Shabelle region", " in Middle Shabelle region" and
//     ", Balcad district, Middle Shabelle".
//
// Parentheses that are no location note ("(SNA)", "(coded separately)") stay.
var locNote = regexp.MustCompile(`\s*\(([^()]*)\)`)

// notNote marks parentheses that hold something other than a location.
var notNote = regexp.MustCompile(`(?i)coded|described|\bSNA\b|non-|AUSSOM|ATMIS|AMISOM|\d`)

// Rephrase rewrites the location notes of text as mode says ("bare" or
// "comma"); row picks the comma form, so that a set gets all of them.
func Rephrase(text, mode string, row int) (string, error) {
	switch mode {
	case "bare", "comma":
	default:
		return "", fmt.Errorf("eval: rephrase %q: want bare or comma", mode)
	}
	return locNote.ReplaceAllStringFunc(text, func(m string) string {
		inner := locNote.FindStringSubmatch(m)[1]
		parts := strings.Split(inner, ",")
		if len(parts) > 2 || notNote.MatchString(inner) {
			return m
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if mode == "bare" {
			return ""
		}
		region := parts[len(parts)-1]
		switch row % 4 {
		case 0:
			return ", " + region
		case 1:
			return ", " + region + " region"
		case 2:
			return " in " + region + " region"
		default:
			if len(parts) == 2 {
				return ", " + parts[0] + " district, " + region
			}
			return ", " + region
		}
	}), nil
}
