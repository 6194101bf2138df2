package server_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// inlineCode finds what a strict CSP would block: inline scripts, event
// handler and style attributes, javascript: URLs.
var inlineCode = regexp.MustCompile(`<script>|<style|<[a-zA-Z][^>]*\s(on[a-z]+|style)=|javascript:`)

// The search page without JavaScript: everything is in the server's HTML.

func getPage(t *testing.T, base, path string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(b)
}

func TestSearchPageNoJS(t *testing.T) {
	base := startSearchPage(t)
	tests := []struct {
		name     string
		path     string
		status   int
		contains []string
		absent   []string
	}{
		{
			name: "query renders highlighted results with facet links", path: "/?q=shelling", status: 200,
			contains: []string{
				`<mark>Shelling</mark> hits Kharkiv overnight`,
				`href="/?location=Ukraine&amp;q=shelling"`, // a facet link keeps the query
				`href="/?actor=Russian&#43;armed&#43;forces&amp;q=shelling"`,
				`<strong>6</strong> articles`,
				`<svg id="tl"`, `class="worldmap"`,
				`<h3 class="group">People</h3>`,
			},
		},
		{
			name: "a hit found through an alias says which entity it names", path: "/?q=Zelenskiy", status: 200,
			contains: []string{
				`<span class="matched" title="The article names this place or actor, which a word of the search stands for">names Volodymyr Zelensky</span>`,
				`<strong>1</strong> article`,
			},
		},
		{
			name: "filters show as pills with removal links and OR within a facet", path: "/?q=shelling&location=Russia&location=Syria", status: 200,
			contains: []string{
				`<span class="pill-kind">Place</span> Russia<a class="pill-x" href="/?location=Syria&amp;q=shelling"`,
				`<strong>2</strong> articles`,
				`aria-current="true"`,
			},
		},
		{
			name: "article text is escaped everywhere", path: "/?q=payload", status: 200,
			contains: []string{
				`<mark>Payload</mark> &lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &lt;img src=x onerror=alert(&#34;ti&#34;)&gt; in a title`,
				`&lt;img src=x onerror=alert(`,
				`Evil &lt;b&gt;Source&lt;/b&gt;`,
			},
			absent: []string{`<script>alert`, `<img src=x`, `<b>Source`},
		},
		{
			name: "bad query is a 400 page", path: "/?q=%22unbalanced", status: 400,
			contains: []string{`role="alert"`, `unbalanced quote`, `<form class="search"`},
		},
		{
			name: "bad date is a 400 page", path: "/?from=yesterday", status: 400,
			contains: []string{`from must be a date`},
		},
		{
			name: "no results suggests removing a filter", path: "/?q=drones&location=Syria", status: 200,
			contains: []string{`No articles match`, `Try removing a filter`, `href="/?q=drones"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := getPage(t, base, tc.path)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type %q", ct)
			}
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP %q", csp)
			}
			for _, s := range tc.contains {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(body, s) {
					t.Errorf("page has %q", s)
				}
			}
			// No inline script or style anywhere: the CSP would block it.
			if m := inlineCode.FindString(body); m != "" {
				t.Errorf("page has inline code or style: %q", m)
			}
		})
	}
}

func TestSearchPageAssets(t *testing.T) {
	base := startSearchPage(t)
	_, _, body := getPage(t, base, "/")
	i := strings.Index(body, `/static/app.js?v=`)
	if i < 0 {
		t.Fatal("no versioned script on the page")
	}
	src := body[i : i+strings.IndexByte(body[i:], '"')]
	req, _ := http.NewRequest("GET", base+src, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("app.js: %d, encoding %q, cache %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Cache-Control"))
	}
	for _, p := range []string{"/static/app.css", "/static/map/world.svg"} {
		if status, _, b := getPage(t, base, p); status != 200 || len(b) < 1000 {
			t.Errorf("%s: %d, %d bytes", p, status, len(b))
		}
	}
	if status, _, _ := getPage(t, base, "/static/map/worldgen.mjs"); status != 404 {
		t.Errorf("the generator script is served (%d)", status)
	}
}

func TestSearchPageFacetAndExport(t *testing.T) {
	base := startSearchPage(t)
	status, _, body := getPage(t, base, "/api/facet?facet=location&contains=kur&q=shelling&location=Ukraine")
	if status != 200 {
		t.Fatalf("facet: %d %s", status, body)
	}
	var fr struct {
		Values []struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(body), &fr); err != nil {
		t.Fatal(err)
	}
	// The place filter itself is ignored: places OR together.
	if len(fr.Values) != 1 || fr.Values[0].Value != "Kursk Oblast" || fr.Values[0].Count != 1 {
		t.Errorf("facet values %+v, want Kursk Oblast 1", fr.Values)
	}
	if status, _, _ := getPage(t, base, "/api/facet?facet=nope"); status != 400 {
		t.Errorf("unknown facet: %d, want 400", status)
	}

	status, h, body := getPage(t, base, "/export.csv?q=payload")
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", status, h)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][3] != "title" || rows[1][3] != `Payload <script>alert("t")</script> <img src=x onerror=alert("ti")> in a title` {
		t.Errorf("csv rows %q", rows)
	}
	status, _, body = getPage(t, base, "/export.json?"+url.Values{"location": {"Ukraine"}}.Encode())
	var ex struct {
		Total    int
		Exported int
		Hits     []json.RawMessage
	}
	if err := json.Unmarshal([]byte(body), &ex); err != nil || status != 200 {
		t.Fatalf("json export: %d %v", status, err)
	}
	if ex.Total != 5 || ex.Exported != 5 || len(ex.Hits) != 5 {
		t.Errorf("json export: total %d exported %d hits %d, want 5", ex.Total, ex.Exported, len(ex.Hits))
	}
}
