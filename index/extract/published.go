package extract

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrBadDate is returned by ParsePublished for a date in no known form.
var ErrBadDate = errors.New("unrecognised date")

var publishedLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05-07",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"20060102T150405Z0700",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700 MST",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006 15:04",
	"Mon, 2 Jan 2006",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.UnixDate,
	time.ANSIC,
	time.RubyDate,
	"Monday, 2 January 2006 15:04:05 MST",
	"Monday, 2 January 2006 15:04 MST",
	"Monday, 2 January 2006 15:04",
	"Monday, 2 January 2006",
	"Monday 2 January 2006",
	"Monday, January 2, 2006 3:04 PM MST",
	"Monday, January 2, 2006 3:04 PM",
	"Monday, January 2, 2006 15:04",
	"Monday, January 2, 2006",
	"Monday January 2, 2006",
	"Mon, January 2, 2006",
	"Mon, Jan 2, 2006",
	"2 January 2006 15:04:05 MST",
	"2 January 2006 15:04 MST",
	"2 January 2006 15:04",
	"2 January 2006",
	"January 2, 2006 3:04 PM MST",
	"January 2, 2006 3:04 PM",
	"January 2, 2006 15:04:05",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006 3:04 PM MST",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006 15:04",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 Jan 2006",
	"02-Jan-2006",
	"02-Jan-2006 15:04:05",
	"2 Jan, 2006",
	"January 2006",
}

// slashLayouts are tried on D/M/YYYY and M/D/YYYY forms; see ParsePublished.
var slashLayouts = []string{"1/2/2006", "1/2/2006 15:04", "1/2/2006 15:04:05", "1/2/2006 3:04 PM", "1/2/2006 3:04:05 PM"}

// zoneOffsets are the abbreviations feeds write instead of offsets. Go's
// parser keeps an unknown abbreviation with a zero offset, which would put
// "Sat, 04 Jan 2025 21:00:00 EST" five hours early.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 1, "CET": 1, "WAT": 1, "CEST": 2, "EET": 2,
	"SAST": 2, "CAT": 2, "EEST": 3, "MSK": 3, "EAT": 3, "AST": 3, "IDT": 3, "GST": 4, "PKT": 5, "JST": 9, "KST": 9,
	"AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}

// ParsePublished parses a publication date in the forms feeds, pages and
// exports use (RFC 3339 and ISO variants, RFC 1123/822/850 with offsets or
// zone names, "Wednesday, 5 January 2025", "January 5, 2025 10:30 AM", Unix
// seconds or milliseconds, D/M/YYYY) and returns it in UTC. A date without a
// zone is taken as UTC.
//
// Slashed dates are read day first, as most of the world and the CIR export
// write them ("04/01/2025" is 4 January), except where only month first makes
// sense ("12/25/2024").
func ParsePublished(s string) (time.Time, error) {
	s = normalizePublished(s)
	if s == "" {
		return time.Time{}, ErrBadDate
	}
	if t, ok := parseUnix(s); ok {
		return t, nil
	}
	for _, l := range publishedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return fixZone(t).UTC(), nil
		}
	}
	if t, ok := parseSlashed(s); ok {
		return t, nil
	}
	// Some feeds write midnight as hour 24 of the day before ("T24:04:30Z").
	if i := strings.Index(s, "T24:"); i > 0 {
		if t, err := ParsePublished(s[:i] + "T00:" + s[i+4:]); err == nil {
			return t.AddDate(0, 0, 1), nil
		}
	}
	return time.Time{}, ErrBadDate
}

// normalizePublished removes what the layouts cannot express: prefixes such
// as "Published:", "at" between date and time, ordinal suffixes, "Sept",
// a trailing "(UTC)" and repeated spaces.
func normalizePublished(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"Published:", "Published", "Updated:", "Updated", "Posted:", "Posted", "Last updated:", "Date:"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
		}
	}
	if i := strings.LastIndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[:i])
	}
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		if w == "at" || w == "-" || w == "|" {
			continue
		}
		// 5th -> 5, 1st, -> 1,
		core := strings.TrimRight(w, ",")
		if len(core) > 2 && core[0] >= '0' && core[0] <= '9' {
			suf := strings.ToLower(core[len(core)-2:])
			if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && core[len(core)-3] >= '0' && core[len(core)-3] <= '9' {
				w = core[:len(core)-2] + w[len(core):]
			}
		}
		switch strings.TrimRight(w, ",.") {
		case "Sept":
			w = "Sep" + strings.TrimPrefix(w, "Sept")
		case "am", "a.m.":
			w = "AM"
		case "pm", "p.m.":
			w = "PM"
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func parseUnix(s string) (time.Time, bool) {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) < 9 || len(intPart) > 13 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if hasFrac {
		if _, err := strconv.ParseUint(frac, 10, 64); err != nil {
			return time.Time{}, false
		}
	}
	if len(intPart) >= 12 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}

// fixZone gives a known zone abbreviation its offset.
func fixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 || name == "" || name == "UTC" {
		return t
	}
	h, ok := zoneOffsets[strings.ToUpper(name)]
	if !ok || h == 0 {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
		time.FixedZone(name, h*3600))
}

// parseSlashed reads D/M/YYYY, or M/D/YYYY when the second number cannot be
// a month, with slashes, dots or dashes.
func parseSlashed(s string) (time.Time, bool) {
	date, rest, _ := strings.Cut(s, " ")
	sep := ""
	for _, c := range []string{"/", ".", "-"} {
		if strings.Count(date, c) == 2 {
			sep = c
			break
		}
	}
	if sep == "" {
		return time.Time{}, false
	}
	p := strings.Split(date, sep)
	a, err1 := strconv.Atoi(p[0])
	b, err2 := strconv.Atoi(p[1])
	if err1 != nil || err2 != nil || len(p[2]) != 4 {
		return time.Time{}, false
	}
	day, month := a, b
	if month > 12 && day <= 12 {
		day, month = b, a
	}
	norm := strconv.Itoa(month) + "/" + strconv.Itoa(day) + "/" + p[2]
	if rest != "" {
		norm += " " + rest
	}
	for _, l := range slashLayouts {
		if t, err := time.Parse(l, norm); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
