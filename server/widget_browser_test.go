package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/server"
)

// The browser tests run Debian's Chromium against the real server on a real
// index, with host pages served from other origins (other ports), the way a
// news site embeds the widget.

// payloadTitle would run script if the widget put titles in as HTML.
const payloadTitle = `Payload <script>window.__pwned="script"</script><img src=x onerror="window.__pwned='img'"> report`

func loc(path ...string) index.Location {
	return index.Location{Name: path[0], Path: path, Mentions: []string{path[0]}}
}

func actor(name, kind string) index.Actor {
	return index.Actor{Name: name, Kind: kind, Mentions: []string{name}}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixtureArticles: three in Kursk Oblast, two in Kharkiv Oblast, one in
// Donetsk Oblast, and one whose title, text and source carry markup.
func fixtureArticles() []*index.Article {
	return []*index.Article{
		{ID: "k1", Title: "Heavy fighting near Makhnovka", Source: "Kyiv Independent", URL: "https://example.org/k1",
			Published: day("2025-01-05"), Text: "Ukrainian troops repelled an assault near the village of Makhnovka; drones struck armour.",
			Locations: []index.Location{loc("Makhnovka", "Kursk Oblast", "Russia")},
			Actors:    []index.Actor{actor("Volodymyr Zelensky", "person"), actor("Russian armed forces", "military")}},
		{ID: "k2", Title: "Sudzha gas station shelled", Source: "Reuters", URL: "https://example.org/k2",
			Published: day("2025-01-10"), Text: "Shelling hit the gas metering station in Sudzha, officials said.",
			Locations: []index.Location{loc("Sudzha", "Kursk Oblast", "Russia")},
			Actors:    []index.Actor{actor("Russian armed forces", "military")}},
		{ID: "k3", Title: "North Korean troops in Kursk", Source: "BBC", URL: "https://example.org/k3",
			Published: day("2025-01-12"), Text: "North Korean infantry fought in Kursk Oblast, with heavy losses from drones.",
			Locations: []index.Location{loc("Kursk Oblast", "Russia")},
			Actors:    []index.Actor{actor("North Korean military", "military"), actor("Russian armed forces", "military")}},
		{ID: "h1", Title: "Missile strike on Kharkiv", Source: "Reuters", URL: "https://example.org/h1",
			Published: day("2025-01-08"), Text: "A missile strike damaged apartment blocks in Kharkiv.",
			Locations: []index.Location{loc("Kharkiv", "Kharkiv Oblast", "Ukraine")},
			Actors:    []index.Actor{actor("Russian armed forces", "military")}},
		{ID: "h2", Title: "Kupiansk front holds", Source: "Kyiv Independent", URL: "https://example.org/h2",
			Published: day("2025-01-09"), Text: "Ukrainian armed forces held positions around Kupiansk.",
			Locations: []index.Location{loc("Kupiansk", "Kharkiv Oblast", "Ukraine")},
			Actors:    []index.Actor{actor("Ukrainian armed forces", "military")}},
		{ID: "d1", Title: "Wagner veterans near Bakhmut", Source: "BBC", URL: "https://example.org/d1",
			Published: day("2025-01-03"), Text: "Former Wagner Group fighters were seen near Bakhmut.",
			Locations: []index.Location{loc("Bakhmut", "Donetsk Oblast", "Ukraine")},
			Actors:    []index.Actor{actor("Wagner Group", "armed_group")}},
		{ID: "x1", Title: payloadTitle, Source: `<b onmouseover="window.__pwned='source'">Evil</b> Wire`,
			URL: "javascript:window.__pwned='url'", Published: day("2025-01-11"),
			Text:      `The payload article quotes <img src=x onerror="window.__pwned='text'"> and <b>bold</b> markup about drones.`,
			Locations: []index.Location{loc("Ukraine")}},
	}
}

// syncBuffer collects the server's log from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// chromium finds the browser. Without it the browser tests skip, except
// in CI (CI set), where a missing browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SITREP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "browser tests need Chromium (apt-get install chromium, or set SITREP_CHROMIUM)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so this is a failure")
	}
	t.Skip(msg + "; skipping")
	return ""
}

// listen opens a loopback port, so an origin is known before its server runs.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func serveOn(t *testing.T, ln net.Listener, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(h)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// hostPages are the embedding site's pages. Their CSS is hostile on purpose.
func hostPages(api string) http.Handler {
	hostile := `<style>* { all: unset } div { display: none } body { font-size: 40px; color: red }
sitrep-search { color: lime; font-family: cursive; line-height: 5 } ol, li, a, input, button { display: none }</style>`
	mux := http.NewServeMux()
	mux.HandleFunc("/two", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>host</title>%s
<script src="%s/widget.js" defer></script></head><body>
<div><p>The host's own content, hidden by its own CSS.</p></div>
<sitrep-search id="w1" data-api="%s" data-size="5"></sitrep-search>
<sitrep-search id="w2" data-api="%s" data-location="Kursk Oblast" data-lock="location" data-size="2" data-theme="dark"></sitrep-search>
</body></html>`, hostile, api, api, api)
	})
	mux.HandleFunc("/payload", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<script src="%s/widget.js" defer></script></head><body>
<sitrep-search id="w1" data-api="%s" data-q="payload"></sitrep-search>
<sitrep-search id="w2" data-api="%s" data-location="Ukraine"></sitrep-search>
</body></html>`, api, api, api)
	})
	mux.HandleFunc("/iframe", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>
<iframe id="f" src="%s/embed?location=Kursk+Oblast&lock=location&size=3" style="width:600px;height:100px;border:0"></iframe>
<script>addEventListener("message",function(e){if(e.origin!==%q||!e.data||e.data.sitrep!=="resize")return;
document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+"px"})})</script>
</body></html>`, api, api)
	})
	return mux
}

// sr is JS for an element inside the shadow root of the widget with id.
func sr(id, sel string) string {
	return fmt.Sprintf(`document.getElementById(%q).shadowRoot.querySelector(%q)`, id, sel)
}

func srAll(id, sel string) string {
	return fmt.Sprintf(`[...document.getElementById(%q).shadowRoot.querySelectorAll(%q)]`, id, sel)
}

type page struct {
	t   *testing.T
	ctx context.Context
}

func (p page) eval(expr string, out any) {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("evaluate %s: %s: %v", expr, raw, err)
		}
	}
}

func (p page) str(expr string) string {
	p.t.Helper()
	var s string
	p.eval(expr, &s)
	return s
}

func (p page) num(expr string) int {
	p.t.Helper()
	var n int
	p.eval(expr, &n)
	return n
}

// wait polls a JS condition until it holds. It polls from Go rather than
// with chromedp.Poll, so that a page still settling after navigation (its
// execution context replaced) is just another "not yet".
func (p page) wait(what, cond string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting for %s (%s): %v", what, cond, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// click clicks the middle of an element with the mouse, as a reader would:
// it fails if the element is hidden or covered.
func (p page) click(expr string) {
	p.t.Helper()
	var box struct{ X, Y, W, H float64 }
	p.eval(`(() => { const r = (`+expr+`).getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`, &box)
	if box.W == 0 || box.H == 0 {
		p.t.Fatalf("cannot click %s: it has no size", expr)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.MouseClickXY(box.X+box.W/2, box.Y+box.H/2)); err != nil {
		p.t.Fatal(err)
	}
}

func (p page) keys(s string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.KeyEvent(s)); err != nil {
		p.t.Fatal(err)
	}
}

func TestWidgetBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped in -short mode")
	}
	exe := chromium(t)

	ix, err := index.Open(filepath.Join(t.TempDir(), "ix"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), fixtureArticles(), nil); err != nil {
		t.Fatal(err)
	}

	hostLn, foreignLn := listen(t), listen(t)
	hostOrigin := "http://" + hostLn.Addr().String()
	var logs syncBuffer
	srv, err := server.New(ix, server.Options{
		CORSOrigins: []string{hostOrigin},
		Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(srv) // port A
	t.Cleanup(api.Close)
	host := serveOn(t, hostLn, hostPages(api.URL))       // port B, allowed
	foreign := serveOn(t, foreignLn, hostPages(api.URL)) // port C, not allowed

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1000, 1400))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if _, err := chromedp.Run(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}

	// open loads url in a new tab and collects its console messages.
	open := func(t *testing.T, url string) (page, func() []string) {
		tab, cancelTab := chromedp.NewContext(browser)
		t.Cleanup(cancelTab)
		if _, err := chromedp.Run(tab, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var console []string
		msgs := chromedp.Console(tab)
		go func() {
			for m, err := range msgs {
				if err != nil {
					return
				}
				mu.Lock()
				console = append(console, m.String())
				mu.Unlock()
			}
		}()
		ctx, cancel := context.WithTimeout(tab, 30*time.Second)
		t.Cleanup(cancel)
		if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		return page{t, ctx}, func() []string {
			mu.Lock()
			defer mu.Unlock()
			return append([]string(nil), console...)
		}
	}

	t.Run("results, suggestions and chips despite hostile CSS", func(t *testing.T) {
		p, _ := open(t, host.URL+"/two")
		p.wait("results in both widgets", `document.getElementById("w1").dataset.state === "done" && document.getElementById("w2").dataset.state === "done"`)

		if got := p.str(sr("w1", ".status") + `.textContent`); got != "7 articles" {
			t.Errorf("w1 status = %q, want 7 articles", got)
		}
		if n := p.num(srAll("w1", ".results li") + `.length`); n != 5 {
			t.Errorf("w1 shows %d results, want 5 (data-size)", n)
		}
		// Hostile CSS: * { all: unset }, div { display: none }, ol/li/a/input/button hidden.
		for _, sel := range []string{".w", "input", ".results li", ".results a", "button.go", ".more"} {
			var h float64
			p.eval(sr("w1", sel)+`.getBoundingClientRect().height`, &h)
			if h < 5 {
				t.Errorf("%s is %.0f px high under the host's CSS", sel, h)
			}
		}
		if fs := p.str(`getComputedStyle(` + sr("w1", ".results a") + `).fontFamily`); strings.Contains(fs, "cursive") {
			t.Errorf("host font leaked into the widget: %s", fs)
		}
		// more results: the full page with the same state
		if href := p.str(sr("w1", ".more") + `.href`); href != api.URL+"/" {
			t.Errorf("more link = %q", href)
		}

		// The second widget: locked Kursk preset, 2 results, dark.
		if got := p.str(sr("w2", ".status") + `.textContent`); got != "3 articles" {
			t.Errorf("w2 status = %q, want 3 articles (Kursk Oblast)", got)
		}
		if n := p.num(srAll("w2", ".chip.locked") + `.length`); n != 1 {
			t.Errorf("w2 has %d locked chips, want 1", n)
		}
		if n := p.num(srAll("w2", ".chip button") + `.length`); n != 0 {
			t.Errorf("w2's locked chip can be removed (%d buttons)", n)
		}
		bg1 := p.str(`getComputedStyle(` + sr("w1", ".w") + `).backgroundColor`)
		bg2 := p.str(`getComputedStyle(` + sr("w2", ".w") + `).backgroundColor`)
		if bg1 == bg2 {
			t.Errorf("light and dark widgets have the same background %s", bg1)
		}

		// Type, move through the suggestions with the keyboard, choose one.
		p.click(sr("w1", "input"))
		p.keys("Kur")
		p.wait("suggestions", sr("w1", "[role=listbox]")+`.hidden === false && `+srAll("w1", "[role=option]")+`.some(o => o.textContent.startsWith("Kursk Oblast"))`)
		if ex := p.str(sr("w1", "input") + `.getAttribute("aria-expanded")`); ex != "true" {
			t.Errorf("aria-expanded = %q while suggestions show", ex)
		}
		idx := p.num(srAll("w1", "[role=option]") + `.findIndex(o => o.textContent.startsWith("Kursk Oblast"))`)
		for range idx + 1 {
			p.keys(kb.ArrowDown)
		}
		if ad := p.str(sr("w1", "input") + `.getAttribute("aria-activedescendant")`); ad == "" {
			t.Error("no aria-activedescendant after ArrowDown")
		}
		p.keys("\r")
		p.wait("Kursk filter", srAll("w1", ".chip")+`.some(c => c.dataset.value === "Kursk Oblast") && document.getElementById("w1").dataset.state === "done"`)
		if got := p.str(sr("w1", ".status") + `.textContent`); got != "3 articles" {
			t.Errorf("after choosing Kursk Oblast: %q, want 3 articles", got)
		}
		if href := p.str(sr("w1", ".more") + `.href`); href != api.URL+"/?location=Kursk+Oblast" {
			t.Errorf("more link = %q", href)
		}

		// Narrow with a facet chip, with the mouse.
		p.click(srAll("w1", ".facets button") + `.find(b => b.dataset.value === "North Korean military")`)
		p.wait("actor filter", srAll("w1", ".chip")+`.some(c => c.dataset.value === "North Korean military") && document.getElementById("w1").dataset.state === "done"`)
		if got := p.str(sr("w1", ".status") + `.textContent`); got != "1 article" {
			t.Errorf("after the facet chip: %q, want 1 article", got)
		}
		// Remove the location chip again.
		p.click(srAll("w1", ".chip") + `.find(c => c.dataset.value === "Kursk Oblast").querySelector("button")`)
		p.wait("location removed", `!`+srAll("w1", ".chip")+`.some(c => c.dataset.value === "Kursk Oblast") && document.getElementById("w1").dataset.state === "done"`)
		if got := p.str(sr("w1", ".status") + `.textContent`); got != "1 article" {
			t.Errorf("after removing Kursk Oblast: %q, want 1 article", got)
		}

		// Keyboard from the search box into the results.
		p.eval(sr("w1", "input")+`.focus()`, nil)
		p.keys(kb.ArrowDown)
		if tag := p.str(`document.getElementById("w1").shadowRoot.activeElement?.dataset.r ?? "none"`); tag != "" {
			t.Errorf("ArrowDown from the box did not focus the first result (got %q)", tag)
		}

		// The other widget did not notice any of it.
		if got := p.str(sr("w2", ".status") + `.textContent`); got != "3 articles" {
			t.Errorf("w2 changed with w1: %q", got)
		}
		if n := p.num(srAll("w2", ".chip") + `.length`); n != 1 {
			t.Errorf("w2 has %d chips, want its 1 preset", n)
		}
	})

	t.Run("markup in articles renders as text", func(t *testing.T) {
		p, _ := open(t, host.URL+"/payload")
		p.wait("results", `["w1","w2"].every(id => document.getElementById(id).dataset.state === "done")`)
		for _, id := range []string{"w1", "w2"} {
			titles := p.str(srAll(id, ".results li > :first-child") + `.map(e => e.textContent).join("\n")`)
			if !strings.Contains(titles, payloadTitle) {
				t.Errorf("%s: the payload title is not shown as text; titles:\n%s", id, titles)
			}
			if n := p.num(srAll(id, "script, img, .results b, [onerror], [onmouseover]") + `.length`); n != 0 {
				t.Errorf("%s: %d elements came from article data", id, n)
			}
			if n := p.num(srAll(id, `a[href^="javascript"]`) + `.length`); n != 0 {
				t.Errorf("%s: a javascript: URL became a link", id)
			}
		}
		if n := p.num(srAll("w1", ".frag mark") + `.length`); n == 0 {
			t.Error("no highlighted fragment for q=payload")
		}
		if frag := p.str(sr("w1", ".frag") + `.textContent`); !strings.Contains(frag, `<img src=x onerror=`) {
			t.Errorf("the fragment's markup is not shown as text: %q", frag)
		}
		time.Sleep(100 * time.Millisecond) // an onerror would have fired by now
		var pwned any
		p.eval(`window.__pwned ?? null`, &pwned)
		if pwned != nil {
			t.Fatalf("article data ran script: window.__pwned = %v", pwned)
		}
	})

	t.Run("an origin that is not allowed gets nothing and a clear message", func(t *testing.T) {
		p, console := open(t, foreign.URL+"/two")
		p.wait("the error", `document.getElementById("w1").dataset.state === "error"`)
		if n := p.num(srAll("w1", ".results li") + `.length`); n != 0 {
			t.Errorf("%d results on a refused origin", n)
		}
		if s := p.str(sr("w1", ".status") + `.textContent`); s != "Search is unavailable." {
			t.Errorf("status = %q", s)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			msgs := strings.Join(console(), "\n")
			if strings.Contains(msgs, "add "+foreign.URL+" to server.cors_origins") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no console message naming the origin and server.cors_origins; console:\n%s", msgs)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if l := logs.String(); !strings.Contains(l, "cross-origin request refused") || !strings.Contains(l, foreign.URL) {
			t.Errorf("the server did not log the refusal; log:\n%s", l)
		}
	})

	t.Run("the help page builds the snippet and previews it", func(t *testing.T) {
		p, _ := open(t, api.URL+"/embed/help")
		p.wait("the preview", `document.querySelector("#preview sitrep-search")?.dataset.state === "done"`)
		// The help page's CSP is strict (style-src 'self'): the constructed stylesheet still applies.
		if r := p.str(`getComputedStyle(document.querySelector("#preview sitrep-search").shadowRoot.querySelector(".w")).borderTopLeftRadius`); r != "8px" {
			t.Errorf("widget styles not applied under a strict CSP: radius %q", r)
		}
		p.click(`document.getElementById("location")`)
		p.keys("Kursk Oblast")
		p.click(`document.querySelector("input[name=lock][value=location]")`)
		p.wait("the snippet", `document.getElementById("script").value.includes('data-location="Kursk Oblast"')`)
		snippet := p.str(`document.getElementById("script").value`)
		for _, want := range []string{`<script src="` + api.URL + `/widget.js" defer></script>`, `data-api="` + api.URL + `"`, `data-lock="location"`} {
			if !strings.Contains(snippet, want) {
				t.Errorf("snippet lacks %s:\n%s", want, snippet)
			}
		}
		if iframe := p.str(`document.getElementById("iframe").value`); !strings.Contains(iframe, `/embed?location=Kursk+Oblast&amp;lock=location`) {
			t.Errorf("iframe snippet: %s", iframe)
		}
		p.wait("the preview with the preset", `(() => { const w = document.querySelector("#preview sitrep-search");
			return w.dataset.state === "done" && w.shadowRoot.querySelector(".chip.locked")?.dataset.value === "Kursk Oblast"; })()`)
	})

	t.Run("iframe embed resizes itself", func(t *testing.T) {
		p, _ := open(t, host.URL+"/iframe")
		p.wait("the iframe to grow", `parseInt(document.getElementById("f").style.height) > 150`)
		// The frame's content is cross-origin: its height is all the host learns.
		var h int
		p.eval(`parseInt(document.getElementById("f").style.height)`, &h)
		t.Logf("iframe resized to %d px", h)
	})
}
