package dates

import (
	"time"

	"github.com/sitrep/sitrep/index/extract/internal/words"
)

// Dates in Ukrainian, Russian and Arabic: "4 січня 2025 року", "4 января",
// "у березні 2024", "4 يناير 2025", "4 كانون الثاني/يناير", and the relative
// words вчора, вчера, أمس... The tokens are those of package words, whose keys
// are already folded and stemmed (see words.ScriptKey), so one entry holds
// every case of a month name.
//
// Measured against github.com/markusmobius/go-dateparser v1.2.3 (Search with
// the language given and the publication date as CurrentTime) on the date
// sentences of the multilingual suite and on ../shared's corpora: it read 17
// of the 26 suite sentences (5/8 Ukrainian, 5/8 Russian, 7/10 Arabic; it
// misses "у березні 2024 року", "в прошлом месяце", "4 كانون الثاني 2025",
// and takes "лютий мороз" and "Мая улица" for months), and took 508 ms per
// Ukrainian address and 24 ms per Arabic item, against 2.8 ms and 0.46 ms for
// the whole extraction here (places, actors and dates). So the hand-written
// scanner is extended rather than replaced.

// scriptMonthWords are month names in the nominative and the cases news uses
// (genitive after a day, locative after "in").
var scriptMonthWords = [12]string{
	"січень січня січні січнем лютий лютого лютому лютім январь января январе январем февраль февраля феврале " +
		"يناير كانون_الثاني",
	"лютий лютого лютому лютім февраль февраля феврале فبراير شباط",
	"березень березня березні март марта марте مارس آذار",
	"квітень квітня квітні апрель апреля апреле أبريل ابريل نيسان",
	"травень травня травні май мая мае مايو أيار",
	"червень червня червні июнь июня июне يونيو يونيه حزيران",
	"липень липня липні июль июля июле يوليو يوليه تموز",
	"серпень серпня серпні август августа августе أغسطس اغسطس آب",
	"вересень вересня вересні сентябрь сентября сентябре سبتمبر أيلول",
	"жовтень жовтня жовтні октябрь октября октябре أكتوبر اكتوبر تشرين_الأول",
	"листопад листопада листопаді ноябрь ноября ноябре نوفمبر تشرين_الثاني",
	"грудень грудня грудні декабрь декабря декабре ديسمبر كانون_الأول",
}

// scriptMonths maps month keys to months; two-word Levantine names ("كانون
// الثاني") are keyed "first second".
var scriptMonths = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, names := range scriptMonthWords {
		for _, w := range splitSpaces(names) {
			if i == 0 && (w == "лютий" || w == "лютого" || w == "лютому" || w == "лютім" || w == "февраль" || w == "февраля" || w == "феврале") {
				continue // listed under February
			}
			k := ""
			for j, part := range splitUnderscore(w) {
				if j > 0 {
					k += " "
				}
				k += words.Key(part)
			}
			m[k] = time.Month(i + 1)
		}
	}
	return m
}()

// scriptYearWords follow a year ("2025 року", "2025 года", "2025 г.", "عام" comes before).
var scriptYearWords = keySet("року рік году год г р")

// scriptMonthCues before a month alone make it a date ("у березні", "в марте", "في مارس").
var scriptMonthCues = keySet("у в в/у з до від после після في منذ خلال حتى")

// scriptRelative are the relative day words: offset in days from the publication date.
var scriptRelative = func() map[string]int {
	m := map[string]int{}
	for w, off := range map[string]int{
		"вчора": -1, "учора": -1, "вчера": -1, "позавчора": -2, "позавчера": -2,
		"сьогодні": 0, "сегодня": 0, "завтра": 1, "أمس": -1, "الأمس": -1, "البارحة": -1, "اليوم": 0, "غدا": 1,
	} {
		m[words.Key(w)] = off
	}
	return m
}()

// scriptLastWeek and the like: two words naming the week or month before
// the publication date (unit 'w' or 'm').
var scriptLastUnits = func() map[string]byte {
	m := map[string]byte{}
	for phrase, unit := range map[string]byte{
		"минулого тижня": 'w', "минулому тижні": 'w', "прошлой неделе": 'w', "прошлой недели": 'w', "الأسبوع الماضي": 'w',
		"минулого місяця": 'm', "минулому місяці": 'm', "прошлом месяце": 'm', "прошлого месяца": 'm', "الشهر الماضي": 'm',
	} {
		m[words.Key(phrase)] = unit
	}
	return m
}()

func splitSpaces(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if i > 0 {
			out = append(out, s[:i])
		}
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

func splitUnderscore(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			return []string{s[:i], s[i+1:]}
		}
	}
	return []string{s}
}

func keySet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range splitSpaces(list) {
		m[words.Key(w)] = true
	}
	return m
}

// scriptMonth returns the month named at token i and the number of tokens
// it takes (two for "كانون الثاني"), with a following "/يناير" skipped.
func (s *scan) scriptMonth(i int) (time.Month, int) {
	k := s.key(i)
	if k == "" || k[0] < 0xD0 {
		return 0, 0
	}
	m, n := time.Month(0), 0
	if i+1 < len(s.toks) && !s.toks[i+1].Break {
		if mm, ok := scriptMonths[k+" "+s.key(i+1)]; ok {
			m, n = mm, 2
		}
	}
	if n == 0 {
		mm, ok := scriptMonths[k]
		if !ok {
			return 0, 0
		}
		m, n = mm, 1
	}
	// "كانون الثاني/يناير": the same month twice
	if j := i + n; s.gap(j) == "/" || s.gap(j) == " / " {
		if mm, ok := scriptMonths[s.key(j)]; ok && mm == m {
			n++
		}
	}
	return m, n
}

// scriptDate reads a date in Cyrillic or Arabic script that starts at token
// i; it returns the tokens used, or 0.
func (s *scan) scriptDate(i int) int {
	k := s.key(i)
	if k == "" {
		return 0
	}
	if k[0] >= '0' && k[0] <= '9' {
		d := s.day(i)
		if d < 0 {
			return 0
		}
		m, n := s.scriptMonth(i + 1)
		if m == 0 {
			return 0
		}
		last := i + n
		if s.isYear(last + 1) {
			y, _ := s.number(last + 1)
			end := last + 1
			if scriptYearWords[s.key(end+1)] {
				end++
			}
			if !validDay(y, m, d) {
				return 0
			}
			s.add(ymd(y, m, d), s.mention(i, end))
			return end - i + 1
		}
		if y, ok := s.yearFor(m, d); ok && validDay(y, m, d) {
			s.add(ymd(y, m, d), s.mention(i, last))
		}
		return last - i + 1
	}
	if k[0] < 0xD0 {
		return 0
	}
	if m, n := s.scriptMonth(i); m > 0 {
		last := i + n - 1
		if s.isYear(last + 1) {
			y, _ := s.number(last + 1)
			end := last + 1
			if scriptYearWords[s.key(end+1)] {
				end++
			}
			s.add(ym(y, m), s.mention(i, end))
			return end - i + 1
		}
		if s.pub.IsZero() || !scriptMonthCues[s.key(i-1)] {
			return n
		}
		y := s.pub.Year()
		if int(m)-int(s.pub.Month()) > 6 {
			y--
		} else if int(s.pub.Month())-int(m) > 6 {
			y++
		}
		s.add(ym(y, m), s.mention(i, last))
		return n
	}
	if s.pub.IsZero() {
		return 0
	}
	p := s.pub
	if i+1 < len(s.toks) && !s.toks[i+1].Break {
		if unit, ok := scriptLastUnits[k+" "+s.key(i+1)]; ok {
			if unit == 'w' {
				back := (int(p.Weekday()) + 6) % 7
				s.add(p.AddDate(0, 0, -back-7).Format("2006-01-02"), s.mention(i, i+1))
			} else {
				s.add(p.AddDate(0, 0, 1-p.Day()).AddDate(0, -1, 0).Format("2006-01"), s.mention(i, i+1))
			}
			return 2
		}
	}
	if off, ok := scriptRelative[k]; ok {
		// "أمس الأول": the day before yesterday
		if off == -1 && s.key(i+1) == words.Key("الأول") && !s.toks[i+1].Break {
			s.add(p.AddDate(0, 0, -2).Format("2006-01-02"), s.mention(i, i+1))
			return 2
		}
		s.add(p.AddDate(0, 0, off).Format("2006-01-02"), s.mention(i, i))
		return 1
	}
	return 0
}
