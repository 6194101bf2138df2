package server

import (
	"html/template"
	"strings"
)

// markOnly makes a highlight fragment safe to insert as HTML. The index
// escapes fragments and adds only <mark> and </mark>; whatever else might
// slip through is escaped again here, so only those two tags survive.
func markOnly(s string) template.HTML {
	var b strings.Builder
	open := 0 // marks opened and not yet closed
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(escapeRest(s))
			break
		}
		b.WriteString(escapeRest(s[:i]))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>"):
			b.WriteString("<mark>")
			open++
			s = s[len("<mark>"):]
		case strings.HasPrefix(s, "</mark>"):
			// A close without an open would end nothing in the browser and
			// leave a later open mark running to the end of the page.
			if open > 0 {
				b.WriteString("</mark>")
				open--
			}
			s = s[len("</mark>"):]
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	// Unclosed marks would swallow the rest of the page's text styling.
	b.WriteString(strings.Repeat("</mark>", open))
	return template.HTML(b.String())
}

// escapeRest escapes what an escaped fragment cannot contain; entities the
// index wrote (&lt; &amp; ...) stay as they are.
func escapeRest(s string) string {
	return strings.NewReplacer(">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
