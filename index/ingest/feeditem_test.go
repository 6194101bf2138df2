package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestFeedItemsKept reads a feed with the items real feeds lose: stories
// sharing a link or a guid, items with only a link, Media RSS only, an
// image only, and summaries whose pages are supplied beside the feed.
func TestFeedItemsKept(t *testing.T) {
	name := filepath.Join("testdata", "feeds", "quirks.xml")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := newFeedReader(name, f, DefaultLimits)
	var recs []*Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	tests := []struct {
		name        string
		title, text string // title and a part of the text
	}{
		{name: "summary with its page beside the feed (by canonical URL)", title: "Power restored in Kharkiv after overnight strike", text: "Two substations in the north of the city were damaged"},
		{name: "live page entry", title: "Live: shelling reported near Zaporizhzhia plant", text: "one power line was cut"},
		{name: "second entry under the same link", title: "Live: evacuation buses leave Orikhiv", text: "Twelve buses left Orikhiv"},
		{name: "briefing under a reused guid", title: "Briefing: grain corridor talks resume in Istanbul", text: "grain shipments from Odesa"},
		{name: "next briefing under the same guid", title: "Briefing: drone attack on Belgorod refinery", text: "refinery in Belgorod"},
		{name: "only a link, its page beside the feed (by file name)", title: "Kherson ferry service resumes", text: "carried its first passengers in two years"},
		{name: "only a link, no page", title: "mine clearing in izium"},
		{name: "Media RSS title and description", title: "Mayor of Mykolaiv on water supply repairs", text: "restore drinking water by summer"},
		{name: "an image and its alt text", text: "Cranes at the port of Odesa loading grain"},
	}
	if len(recs) != len(tests) {
		t.Fatalf("%d records, want %d", len(recs), len(tests))
	}
	ids := map[string]string{}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := recs[i]
			if rec.Err != nil {
				t.Fatalf("rejected: %v", rec.Err)
			}
			if got := strings.TrimSpace(rec.Fields[FieldTitle]); got != tt.title {
				t.Errorf("title %q, want %q", got, tt.title)
			}
			if !strings.Contains(rec.Fields[FieldText], tt.text) {
				t.Errorf("text %q does not hold %q", rec.Fields[FieldText], tt.text)
			}
			if strings.Contains(rec.Fields[FieldText], "cookies") || strings.Contains(rec.Fields[FieldText], "newsletter") {
				t.Errorf("text holds the page's boilerplate: %q", rec.Fields[FieldText])
			}
			id := recordID(rec)
			if other, dup := ids[id]; dup {
				t.Errorf("id %s already taken by %q", id, other)
			}
			ids[id] = tt.name
		})
	}

	ix := openIndex(t)
	s := run(t, ix, Options{}, name)
	if s.Indexed != len(tests) || s.Rejected != 0 || s.Superseded != 0 {
		t.Errorf("indexed %d, rejected %d, superseded %d; want %d, 0, 0", s.Indexed, s.Rejected, s.Superseded, len(tests))
	}
	if a := get(t, ix, urlID("https://news.example.org/2024/03/12/kharkiv-power")); a.Published.IsZero() || a.Published.Format("2006-01-02") != "2024-03-12" {
		t.Errorf("the item's own date is lost: %v", a.Published)
	}
	again := run(t, ix, Options{}, name)
	if again.Indexed != 0 || again.Unchanged != len(tests) {
		t.Errorf("re-ingest: indexed %d, unchanged %d; want 0, %d", again.Indexed, again.Unchanged, len(tests))
	}
}

// TestFeedSlipsRepaired: an item with windows-1252 bytes in a feed that
// says UTF-8, or with a bare "<" in its text, is read, not rejected.
func TestFeedSlipsRepaired(t *testing.T) {
	ix := openIndex(t)
	s := run(t, ix, Options{}, filepath.Join("testdata", "feeds", "slips.xml"))
	if s.Indexed != 3 || s.Rejected != 0 {
		t.Fatalf("indexed %d, rejected %d %v; want 3, 0", s.Indexed, s.Rejected, s.Rejects)
	}
	tests := []struct{ name, link, title, text string }{
		{name: "windows-1252 bytes", link: "https://slips.example.org/cafe", title: "Café reopens in Mariupol’s centre", text: "The café served its first guests."},
		{name: "bare less-than", link: "https://slips.example.org/turnout", title: "Turnout 3 < 5 per cent in early voting", text: "a < b"},
		{name: "well-formed", link: "https://slips.example.org/ok", title: "A well-formed item", text: "Nothing wrong here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := get(t, ix, urlID(tt.link))
			if a.Title != tt.title || !strings.Contains(a.Text, tt.text) {
				t.Errorf("got %q / %q, want %q / ...%q...", a.Title, a.Text, tt.title, tt.text)
			}
		})
	}
}

func TestGuidID(t *testing.T) {
	tests := []struct {
		name, feedLink, feedTitle, guid, want string
	}{
		{name: "URL guid", feedLink: "https://a.example/", guid: "https://a.example/?p=12", want: "https://a.example/?p=12"},
		{name: "tag URI", feedLink: "https://a.example/", guid: "tag:a.example,2024:12", want: "tag:a.example,2024:12"},
		{name: "long random id", feedLink: "https://a.example/", guid: "5f0c7b2e9a1d4c3b8e7f6a5d", want: "5f0c7b2e9a1d4c3b8e7f6a5d"},
		{name: "short number, scoped by the feed's site", feedLink: "https://www.a.example/news", guid: "1042", want: "a.example:1042"},
		{name: "short number, scoped by the feed's title", feedTitle: "Daily Brief", guid: "7", want: "Daily Brief:7"},
		{name: "no scope", guid: "7", want: "7"},
		{name: "no guid", feedLink: "https://a.example/", guid: " ", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guidID(&gofeed.Feed{Link: tt.feedLink, Title: tt.feedTitle}, tt.guid); got != tt.want {
				t.Errorf("guidID(%q) = %q, want %q", tt.guid, got, tt.want)
			}
		})
	}
}

// TestShortGuidsOfTwoFeeds: two feeds that number their link-less items
// alike keep both items.
func TestShortGuidsOfTwoFeeds(t *testing.T) {
	dir := t.TempDir()
	for _, site := range []string{"a", "b"} {
		feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>` + site + `</title><link>https://` + site + `.example/</link>` +
			`<item><title>Bulletin of site ` + site + `</title><guid isPermaLink="false">1</guid><description>Text of ` + site + `.</description></item></channel></rss>`
		if err := os.WriteFile(filepath.Join(dir, site+".xml"), []byte(feed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix := openIndex(t)
	s := run(t, ix, Options{}, dir)
	if s.Indexed != 2 || s.Superseded != 0 {
		t.Fatalf("indexed %d, superseded %d; want 2, 0", s.Indexed, s.Superseded)
	}
	for _, site := range []string{"a", "b"} {
		if a := get(t, ix, site+".example:1"); a.Title != "Bulletin of site "+site {
			t.Errorf("%s.example:1 is %q", site, a.Title)
		}
	}
}
