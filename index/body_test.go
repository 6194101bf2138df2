package index

import (
	"strings"
	"testing"
)

func TestBodyRoundTrip(t *testing.T) {
	tests := []struct{ name, title, text string }{
		{name: "article", title: "Missile strike on Kyiv", text: strings.Repeat("A Russian missile strike hit Kyiv overnight. ", 50)},
		{name: "no title", title: "", text: "Only text."},
		{name: "no text", title: "Only a title", text: ""},
		{name: "both empty", title: "", text: ""},
		{name: "other scripts", title: "Обстріл Харкова", text: "قصف مدينة حلب\nو Харків"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ents := `{"locations":[{"name":"Kyiv"}]}`
			b, err := encodeBody(tt.title, tt.text, ents)
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.text) > 1000 && len(b) > len(tt.text)/2 {
				t.Errorf("%d bytes of text stored in %d", len(tt.text), len(b))
			}
			title, text, e, err := decodeBody(b)
			if err != nil || title != tt.title || text != tt.text || e != ents {
				t.Errorf("decoded %q, %q, %q, %v", title, text, e, err)
			}
		})
	}
	for _, bad := range []string{"", "not zstd", "\x28\xb5\x2f\xfd\x00"} {
		if _, _, _, err := decodeBody(bad); err == nil {
			t.Errorf("decodeBody(%q) gave no error", bad)
		}
	}
}
