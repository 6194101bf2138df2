// Package dates finds the dates a text speaks of: absolute ("4 January
// 2025", "2025-01-04", "4 січня 2025 року"), partial ("in August", "early
// 2023") and relative to the publication date ("yesterday", "last month",
// "three days ago"), in English, Ukrainian, Russian and Arabic.
package dates

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// The finder works on the word tokens of package words, which the actor
// finder reads too, and resolves the relative dates against the publication
// date.
//
// It is hand-written rather than built on github.com/markusmobius/go-dateparser:
// measured on the seed article (3 KB), that library's Search took 12 ms and
// one Parse call 180 µs, while the whole extraction budget is well under 1 ms;
// it also missed "last month". News dates come in a few dozen shapes that a
// token scanner handles in microseconds.

// Date is a date the text speaks of: YYYY-MM-DD, or YYYY-MM / YYYY when the
// text gives only that; Mention is the text that names it.
type Date struct {
	Date    string
	Mention string
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
	"sun": 0, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6,
}

// yearCues make a bare four-digit number a year ("in 2023", "since 2014").
var yearCues = map[string]bool{"in": true, "since": true, "during": true, "until": true, "till": true,
	"by": true, "from": true, "early": true, "late": true, "mid": true, "throughout": true, "before": true,
	"after": true, "summer": true, "winter": true, "spring": true, "autumn": true, "fall": true, "of": true,
	"year": true, "end": true, "beginning": true, "start": true, "through": true, "to": true, "and": true}

// monthCues make a month name without day or year a date ("in August").
var monthCues = map[string]bool{"in": true, "since": true, "during": true, "until": true, "till": true,
	"early": true, "late": true, "mid": true, "last": true, "this": true, "next": true, "of": true,
	"from": true, "through": true, "throughout": true, "by": true, "end": true, "beginning": true, "start": true}

var modifiers = map[string]bool{"early": true, "mid": true, "late": true}

var numberWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0, "few": 0}

// scan is the state of one find.
type scan struct {
	text string
	toks []words.Token
	pub  time.Time // zero: relative dates are skipped
	out  []Date
	seen map[string]bool
}

// Find returns the dates of text, each once, in order of first mention.
// published anchors relative dates ("yesterday", "January 4"); with the zero
// time they are skipped.
func Find(text string, published time.Time) []Date {
	return FindTokens(text, words.Tokenize(text), published)
}

// FindTokens is Find on the tokens of text (words.Tokenize(text)), for a
// caller that reads them for more than dates. It does not change toks.
func FindTokens(text string, toks []words.Token, published time.Time) []Date {
	if !published.IsZero() {
		published = published.UTC()
	}
	s := scan{text: text, toks: toks, pub: published}
	for i := 0; i < len(s.toks); {
		if n := s.at(i); n > 0 {
			i += n
		} else {
			i++
		}
	}
	return s.out
}

func (s *scan) add(date, mention string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[date] {
		return
	}
	s.seen[date] = true
	s.out = append(s.out, Date{Date: date, Mention: mention})
}

func (s *scan) key(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].Key
}

// gap is the text between token i-1 and token i.
func (s *scan) gap(i int) string {
	if i <= 0 || i >= len(s.toks) {
		return ""
	}
	return s.text[s.toks[i-1].End:s.toks[i].Start]
}

func (s *scan) mention(from, to int) string { return s.text[s.toks[from].Start:s.toks[to].End] }

// number returns the value of an all-digit token and its length in digits.
func (s *scan) number(i int) (int, int) {
	if i < 0 || i >= len(s.toks) {
		return -1, 0
	}
	k := s.toks[i].Key
	if len(k) == 0 || len(k) > 4 {
		return -1, 0
	}
	v := 0
	for j := 0; j < len(k); j++ {
		if k[j] < '0' || k[j] > '9' {
			return -1, 0
		}
		v = v*10 + int(k[j]-'0')
	}
	return v, len(k)
}

// day returns a day of month from "4", "04" or "4th".
func (s *scan) day(i int) int {
	if i < 0 || i >= len(s.toks) {
		return -1
	}
	k := s.toks[i].Key
	if len(k) > 2 && k[0] >= '0' && k[0] <= '9' {
		switch k[len(k)-2:] {
		case "st", "nd", "rd", "th":
			k = k[:len(k)-2]
		}
	}
	if len(k) == 0 || len(k) > 2 || k[0] < '0' || k[0] > '9' {
		return -1
	}
	v := int(k[0] - '0')
	if len(k) == 2 {
		if k[1] < '0' || k[1] > '9' {
			return -1
		}
		v = v*10 + int(k[1]-'0')
	}
	if v < 1 || v > 31 {
		return -1
	}
	return v
}

// month returns the month named by token i: full names need a capital
// ("may" is a verb), abbreviations a capital and a dot or a number after.
func (s *scan) month(i int) time.Month {
	if i < 0 || i >= len(s.toks) {
		return 0
	}
	t := &s.toks[i]
	if !t.Cap { // most words: no lookup
		return 0
	}
	m, ok := months[t.Key]
	if !ok {
		return 0
	}
	if len(t.Key) <= 4 && t.Key != "june" && t.Key != "july" && t.Key != "may" {
		if t.End < len(s.text) && s.text[t.End] == '.' {
			return m
		}
		if s.day(i+1) < 0 && !s.isYear(i+1) {
			return 0
		}
	}
	return m
}

func (s *scan) isYear(i int) bool {
	v, n := s.number(i)
	return n == 4 && v >= 1900 && v <= 2100
}

func validDay(y int, m time.Month, d int) bool {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t.Month() == m && t.Day() == d
}

func ymd(y int, m time.Month, d int) string {
	return strconv.Itoa(y) + "-" + pad2(int(m)) + "-" + pad2(d)
}

func ym(y int, m time.Month) string { return strconv.Itoa(y) + "-" + pad2(int(m)) }

func pad2(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// yearFor picks the year that puts month/day closest to the publication date.
func (s *scan) yearFor(m time.Month, d int) (int, bool) {
	if s.pub.IsZero() {
		return 0, false
	}
	best, bestDist := 0, time.Duration(1<<62)
	for y := s.pub.Year() - 1; y <= s.pub.Year()+1; y++ {
		if !validDay(y, m, d) {
			continue
		}
		dist := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(s.pub)
		if dist < 0 {
			dist = -dist
		} else {
			dist += 24 * time.Hour // on a tie, the past
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best, best != 0
}

// modStart extends a mention back over "early"/"mid-"/"late" before token i.
func (s *scan) modStart(i int) int {
	if i > 0 && modifiers[s.key(i-1)] && !s.toks[i].Break {
		return i - 1
	}
	return i
}

func (s *scan) at(i int) int {
	t := &s.toks[i]
	if k := t.Key; k != "" && (k[0] >= 0xD0 || k[0] <= '9' && i+1 < len(s.toks) && s.toks[i+1].Key != "" && s.toks[i+1].Key[0] >= 0xD0) {
		if n := s.scriptDate(i); n > 0 {
			return n
		}
	}
	if n := s.numeric(i); n > 0 {
		return n
	}
	if m := s.month(i); m > 0 {
		return s.monthFirst(i, m)
	}
	if t.Cap {
		if wd, ok := weekdays[t.Key]; ok && (len(t.Key) > 3 || s.gap(i+1) == ". ") {
			return s.weekday(i, wd)
		}
	}
	if s.pub.IsZero() {
		return 0
	}
	return s.relative(i)
}

// numeric handles dates that start with a number: 2025-01-04, 04/01/2025,
// 4 January [2025], 4th of January, 1-3 April 2025, and years after a cue.
func (s *scan) numeric(i int) int {
	v, n := s.number(i)
	if n == 4 && v >= 1900 && v <= 2100 {
		// ISO 2025-01-04
		if mo, n2 := s.number(i + 1); n2 >= 1 && n2 <= 2 && s.gap(i+1) == "-" {
			if dd, n3 := s.number(i + 2); n3 >= 1 && n3 <= 2 && s.gap(i+2) == "-" && mo >= 1 && mo <= 12 && validDay(v, time.Month(mo), dd) {
				s.add(ymd(v, time.Month(mo), dd), s.mention(i, i+2))
				return 3
			}
		}
		// a year after a cue: "in 2023", "since 2014", "early 2023"
		prev := s.key(i - 1)
		if i > 0 && yearCues[prev] && !s.toks[i].Break || i > 0 && modifiers[prev] {
			if g := s.gap(i + 1); len(g) > 0 && (g[0] == '-' || g[0] == '/') {
				if _, n2 := s.number(i + 1); n2 > 0 { // 2023-24, 2023/24: a season, keep the first year
					start := s.modStart(i)
					s.add(strconv.Itoa(v), s.mention(start, i))
					return 2
				}
			}
			start := s.modStart(i)
			s.add(strconv.Itoa(v), s.mention(start, i))
			return 1
		}
		return 0
	}
	// D/M/YYYY, D.M.YYYY, D-M-YYYY
	if n >= 1 && n <= 2 {
		sep := s.gap(i + 1)
		if (sep == "/" || sep == "." || sep == "-") && s.gap(i+2) == sep {
			b, nb := s.number(i + 1)
			y, ny := s.number(i + 2)
			if nb >= 1 && nb <= 2 && ny == 4 {
				d, m := v, b // day first, as most of the world writes it
				if m > 12 && d <= 12 {
					d, m = b, v // 12/25/2024
				}
				if m >= 1 && m <= 12 && validDay(y, time.Month(m), d) {
					s.add(ymd(y, time.Month(m), d), s.mention(i, i+2))
					return 3
				}
			}
		}
	}
	d := s.day(i)
	if d < 0 {
		return 0
	}
	// 1-3 April 2025, 1 and 3 April: the first day takes the month of the second
	if g := s.gap(i + 1); g == "-" || g == "–" || s.key(i+1) == "and" || s.key(i+1) == "to" {
		j := i + 1
		if s.key(j) == "and" || s.key(j) == "to" {
			j++
		}
		if d2 := s.day(j); d2 > 0 && s.month(j+1) > 0 {
			m := s.month(j + 1)
			before := len(s.out)
			n := s.dayMonth(j+1, d2, m)
			if n > 0 && len(s.out) > before {
				last := s.out[len(s.out)-1].Date
				if y, err := strconv.Atoi(last[:4]); err == nil && validDay(y, m, d) {
					s.add(ymd(y, m, d), s.mention(i, j+n))
				}
			}
			if n > 0 {
				return j + 1 - i + n
			}
		}
	}
	// 4 January [2025], 4th of January
	j := i + 1
	if s.key(j) == "of" {
		j++
	}
	if m := s.month(j); m > 0 && !s.toks[j].Break || m > 0 && s.gap(j) == " " {
		if n := s.dayMonth(j, d, m); n > 0 {
			return j - i + n
		}
	}
	return 0
}

// dayMonth finishes "D Month [YYYY]" whose month is token j; it returns the
// tokens used from j on, or 0. The mention starts at the day before j.
func (s *scan) dayMonth(j, d int, m time.Month) int {
	start := j - 1
	if s.key(start) == "of" {
		start--
	}
	if s.isYear(j+1) && (s.gap(j+1) == " " || s.gap(j+1) == ", " || s.gap(j+1) == ",") {
		y, _ := s.number(j + 1)
		if validDay(y, m, d) {
			s.add(ymd(y, m, d), s.mention(start, j+1))
			return 2
		}
		return 0
	}
	y, ok := s.yearFor(m, d)
	if !ok {
		return 1 // a day and month without anchor: consumed, not emitted
	}
	s.add(ymd(y, m, d), s.mention(start, j))
	return 1
}

// monthFirst handles "January 4[, 2025]", "January 2025", "early August
// 2024", "in August", "Jan. 4".
func (s *scan) monthFirst(i int, m time.Month) int {
	start := s.modStart(i)
	if g := s.gap(i + 1); g != " " && g != ". " && g != "." && g != "\u00a0" {
		return s.monthAlone(i, m, start)
	}
	if d := s.day(i + 1); d > 0 && !s.isYear(i+1) {
		if s.isYear(i+2) && (s.gap(i+2) == ", " || s.gap(i+2) == " " || s.gap(i+2) == ",") {
			y, _ := s.number(i + 2)
			if validDay(y, m, d) {
				s.add(ymd(y, m, d), s.mention(start, i+2))
				return 3
			}
		}
		// "January 4" but not "January 4,000" or "June 30 2025-style" slips
		if g := s.gap(i + 2); i+2 < len(s.toks) && (g == "," || g == ".") {
			if _, n := s.number(i + 2); n == 3 {
				return 0
			}
		}
		if y, ok := s.yearFor(m, d); ok && validDay(y, m, d) {
			s.add(ymd(y, m, d), s.mention(start, i+1))
		}
		return 2
	}
	if s.isYear(i+1) && (s.gap(i+1) == " " || s.gap(i+1) == ", ") {
		y, _ := s.number(i + 1)
		s.add(ym(y, m), s.mention(start, i+1))
		return 2
	}
	return s.monthAlone(i, m, start)
}

// monthAlone handles a month without day or year, which needs a cue ("in
// August", "last March") and the publication date.
func (s *scan) monthAlone(i int, m time.Month, start int) int {
	cue := s.key(i - 1)
	if !monthCues[cue] || s.pub.IsZero() {
		return 1
	}
	y := s.pub.Year()
	switch cue {
	case "last":
		if m >= s.pub.Month() {
			y--
		}
		start = i - 1
	case "next":
		if m <= s.pub.Month() {
			y++
		}
		start = i - 1
	case "this":
		start = i - 1
	default:
		// the nearest such month, the past on a tie
		if int(m)-int(s.pub.Month()) > 6 {
			y--
		} else if int(s.pub.Month())-int(m) > 6 {
			y++
		}
	}
	s.add(ym(y, m), s.mention(start, i))
	return 1
}

// weekday handles "on Saturday", "last Friday", "Wednesday, 5 January 2025".
func (s *scan) weekday(i int, wd time.Weekday) int {
	// a weekday before a full date only names it
	j := i + 1
	if s.month(j) > 0 || s.day(j) > 0 && (s.month(j+1) > 0 || s.key(j+1) == "of" && s.month(j+2) > 0) {
		return 1
	}
	if s.pub.IsZero() {
		return 1
	}
	start := i
	back := (int(s.pub.Weekday()) - int(wd) + 7) % 7
	days := -back
	switch s.key(i - 1) {
	case "last", "past":
		if back == 0 {
			days = -7
		}
		start = i - 1
	case "next", "coming":
		days = (int(wd) - int(s.pub.Weekday()) + 7) % 7
		if days == 0 {
			days = 7
		}
		start = i - 1
	case "this":
		start = i - 1
	}
	s.add(s.pub.AddDate(0, 0, days).Format("2006-01-02"), s.mention(start, i))
	return 1
}

// relative handles yesterday, last week, last month, three days ago...
func (s *scan) relative(i int) int {
	k := s.key(i)
	p := s.pub
	day := func(off int) string { return p.AddDate(0, 0, off).Format("2006-01-02") }
	monday := func(weeks int) string {
		back := (int(p.Weekday()) + 6) % 7
		return p.AddDate(0, 0, -back+7*weeks).Format("2006-01-02")
	}
	month := func(off int) string { return p.AddDate(0, 0, 1-p.Day()).AddDate(0, off, 0).Format("2006-01") }
	switch k {
	case "yesterday":
		if s.key(i-1) == "before" && s.key(i-2) == "day" && s.key(i-3) == "the" {
			s.add(day(-2), s.mention(i-3, i))
			return 1
		}
		s.add(day(-1), s.mention(i, i))
		return 1
	case "today", "tonight":
		s.add(day(0), s.mention(i, i))
		return 1
	case "tomorrow":
		s.add(day(1), s.mention(i, i))
		return 1
	case "last", "this", "next", "past":
		off := map[string]int{"last": -1, "past": -1, "this": 0, "next": 1}[k]
		switch s.key(i + 1) {
		case "night":
			if k == "last" {
				s.add(day(-1), s.mention(i, i+1))
				return 2
			}
		case "week", "weekend":
			if k == "past" {
				return 0
			}
			if s.key(i+1) == "weekend" {
				// the Saturday of that weekend
				sat := (int(time.Saturday) - int(p.Weekday()) + 7) % 7
				if off < 0 {
					sat -= 7
				} else if off > 0 && sat == 0 {
					sat = 7
				}
				s.add(day(sat), s.mention(i, i+1))
				return 2
			}
			s.add(monday(off), s.mention(i, i+1))
			return 2
		case "month":
			if k == "past" {
				return 0
			}
			s.add(month(off), s.mention(i, i+1))
			return 2
		case "year":
			if k == "past" {
				return 0
			}
			s.add(strconv.Itoa(p.Year()+off), s.mention(i, i+1))
			return 2
		case "morning", "afternoon", "evening":
			if k == "this" {
				s.add(day(0), s.mention(i, i+1))
				return 2
			}
		}
	case "ago":
		// "three days ago", "2 weeks ago", "a month ago"
		if i < 2 {
			return 0
		}
		unit := strings.TrimSuffix(s.key(i-1), "s")
		nv, ok := numberWords[s.key(i-2)]
		if !ok {
			v, n := s.number(i - 2)
			if n == 0 || n > 3 {
				return 0
			}
			nv = v
		}
		if nv == 0 {
			return 0
		}
		m := s.mention(i-2, i)
		switch unit {
		case "day":
			s.add(day(-nv), m)
		case "week":
			s.add(day(-7*nv), m)
		case "month":
			s.add(month(-nv), m)
		case "year":
			s.add(strconv.Itoa(p.Year()-nv), m)
		}
		return 1
	}
	return 0
}
