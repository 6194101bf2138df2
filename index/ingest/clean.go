package ingest

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	// Handlebars/Mustache tags left in scraped text: {{^adFree}}, {{/adFree}}, {{{x}}}.
	reTemplate = regexp.MustCompile(`\{\{\{?[#^/!>&]?\s*[\w.\-]*[^{}]{0,80}\}\}\}?`)
	reTags     = regexp.MustCompile(`(?s)<(script|style|noscript)[^>]*>.*?</(script|style|noscript)>|<!--.*?-->|</?[a-zA-Z][^<>]{0,1000}>`)
	reNewlines = regexp.MustCompile(`\n{3,}`)
	reMdEmph   = regexp.MustCompile(`(\*\*|__)(\S[^*_\n]{0,200}?\S|\S)(\*\*|__)`)
	reMdEmph1  = regexp.MustCompile(`(^|[\s(])[*_](\S[^*_\n]{0,200}?\S|\S)[*_]([\s).,;:!?]|$)`)
	reMdLink   = regexp.MustCompile(`!?\[([^\]\n]{1,300})\]\((?:https?://|/)[^)\s]{0,500}\)`)
	reMdHead   = regexp.MustCompile(`(?m)^#{1,6}\s+`)
	// "Advertisement" left inline between sentences by scrapers.
	reInlineAd = regexp.MustCompile(`(^|[.!?"”’)]\s+)(?:ADVERTISEMENT|Advertisement)(?:\s+|$)`)
	// Whole lines of share, cookie, newsletter and navigation boilerplate.
	reBoiler = regexp.MustCompile(`(?i)^(?:advertisement|sponsored( content)?|story continues below( advertisement)?|continue reading( below)?|read more|related( articles| stories| content)?:?|share( this( article| story)?)?( on (facebook|twitter|x|whatsapp|linkedin|email))?|tweet|email|print|copy link|follow us( on [a-z ]+)?|sign up( for [^.]{0,60}newsletter[^.]{0,40})?|subscribe( now| to [^.]{0,60})?|skip to (main )?content|(we|this (web)?site) uses? cookies[^\n]{0,300}|accept( all)?( cookies)?|cookie (settings|policy|preferences)|manage (cookies|preferences)|all rights reserved\.?|image (source|caption)[^\n]{0,120}|getty images|(© |copyright )[^\n]{0,80}|click here[^\n]{0,80}|watch:?|listen:?|loading\.{0,3}|(facebook|twitter|whatsapp|linkedin|telegram)( \| (facebook|twitter|whatsapp|linkedin|telegram|email))*)\.?$`)
)

// CleanText removes markup and template junk, decodes entities and
// normalises Unicode (NFC) and whitespace; paragraphs stay separated by
// one blank line. The result is valid UTF-8 without control characters
// other than newlines, and cleaning it again changes nothing: a step that
// uncovers more junk (an entity that decodes to a tag, a control character
// that becomes the space before markdown) is run again until nothing
// changes, at most cleanPasses times.
func CleanText(s string) string {
	if s == "" {
		return ""
	}
	s = cleanLines(cleanChars(cleanMarkup(strings.ToValidUTF8(s, "\uFFFD"))))
	for range cleanPasses - 1 {
		// Text that the markup steps leave as it is is clean: the character
		// steps have nothing left to change (the line steps only trim and
		// drop white space and lines), and the line steps have seen its
		// lines in their final form.
		m := cleanMarkup(s)
		if m == s {
			break
		}
		s = cleanLines(cleanChars(m))
	}
	return s
}

// cleanPasses bounds the passes of CleanText, so that junk nested without
// end (entities escaped again and again) costs a few passes, not one per
// level. Real articles take one; the second only confirms it.
const cleanPasses = 6

// cleanMarkup removes templates, tags and markdown and decodes entities.
func cleanMarkup(s string) string {
	if strings.Contains(s, "{{") {
		s = reTemplate.ReplaceAllString(s, " ")
	}
	if strings.ContainsRune(s, '<') {
		s = reTags.ReplaceAllStringFunc(s, func(t string) string {
			lt := strings.ToLower(t)
			if strings.HasPrefix(lt, "<p") || strings.HasPrefix(lt, "</p") || strings.HasPrefix(lt, "<br") ||
				strings.HasPrefix(lt, "<div") || strings.HasPrefix(lt, "</div") || strings.HasPrefix(lt, "<h") || strings.HasPrefix(lt, "</h") || strings.HasPrefix(lt, "<li") {
				return "\n\n"
			}
			return " "
		})
	}
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "**") || strings.Contains(s, "__") {
		s = reMdEmph.ReplaceAllString(s, "$2")
	}
	if mayOpenEmphasis(s) {
		s = reMdEmph1.ReplaceAllString(s, "$1$2$3")
	}
	if strings.Contains(s, "](") {
		s = reMdLink.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "#") {
		s = reMdHead.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "dvertisement") || strings.Contains(s, "DVERTISEMENT") {
		s = reInlineAd.ReplaceAllString(s, "$1")
	}
	return s
}

// mayOpenEmphasis reports whether s has a place where reMdEmph1 can start
// a match: * or _ at the start or after white space or "(", before a
// character that is not white space. Most underscores and stars are inside
// words and URLs, and scanning for this is far cheaper than the
// expression.
func mayOpenEmphasis(s string) bool {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	for i := 0; i+1 < len(s); i++ {
		if c := s[i]; (c == '*' || c == '_') && (i == 0 || space(s[i-1]) || s[i-1] == '(') && !space(s[i+1]) {
			return true
		}
	}
	return false
}

// cleanChars removes invisible characters, replaces control characters
// and normalises to NFC.
func cleanChars(s string) string {
	// Invisible characters go before NFC, so that removing one cannot
	// leave a mark that NFC would have composed.
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			return -1
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// cleanLines collapses horizontal space, trims every line, empties lines
// of boilerplate and leaves at most one blank line between paragraphs.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(collapseSpaces(l))
		if len(l) < 400 && reBoiler.MatchString(l) {
			l = ""
		}
		lines[i] = l
	}
	s = strings.Join(lines, "\n")
	s = reNewlines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// collapseSpaces replaces every run of horizontal white space (tabs, form
// feeds, Unicode space separators) with one space; it returns s itself when
// there is nothing to change, which is most lines.
func collapseSpaces(s string) string {
	clean, prevSpace := true, false
	for _, r := range s {
		space := r == ' ' || r == '\t' || r == '\f' || r == '\v' || (r >= utf8.RuneSelf && unicode.Is(unicode.Zs, r))
		if space && (r != ' ' || prevSpace) {
			clean = false
			break
		}
		prevSpace = space
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inSpace := false
	for i, r := range s {
		if r == ' ' || r == '\t' || r == '\f' || r == '\v' || (r >= utf8.RuneSelf && unicode.Is(unicode.Zs, r)) {
			if !inSpace {
				b.WriteByte(' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n]) // the bytes as they were, valid or not
	}
	return b.String()
}

// CleanLine is CleanText for one-line values such as titles. Joining the
// lines can bring markup together again ("*a" and "b*"), so it too is run
// until nothing changes, at most cleanPasses times.
func CleanLine(s string) string {
	s = strings.Join(strings.Fields(CleanText(s)), " ")
	for range cleanPasses - 1 {
		t := strings.Join(strings.Fields(CleanText(s)), " ")
		if t == s {
			break
		}
		s = t
	}
	return s
}
