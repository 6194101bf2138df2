package ingest

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var (
	// Handlebars/Mustache tags left in scraped text: {{^adFree}}, {{/adFree}}, {{{x}}}.
	reTemplate = regexp.MustCompile(`\{\{\{?[#^/!>&]?\s*[\w.\-]*[^{}]{0,80}\}\}\}?`)
	reTags     = regexp.MustCompile(`(?s)<(script|style|noscript)[^>]*>.*?</(script|style|noscript)>|<!--.*?-->|</?[a-zA-Z][^<>]{0,1000}>`)
	reSpaces   = regexp.MustCompile(`[ \t\f\v\p{Zs}]+`)
	reNewlines = regexp.MustCompile(`\n{3,}`)
	reMdEmph   = regexp.MustCompile(`(\*\*|__)(\S[^*_\n]{0,200}?\S|\S)(\*\*|__)`)
)

// CleanText removes markup and template junk, decodes entities and
// normalises Unicode (NFC) and whitespace; paragraphs stay separated by
// one blank line.
func CleanText(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
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
	s = norm.NFC.String(s)
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
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(reSpaces.ReplaceAllString(l, " "))
	}
	s = strings.Join(lines, "\n")
	s = reNewlines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// CleanLine is CleanText for one-line values such as titles.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}
