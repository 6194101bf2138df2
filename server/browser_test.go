package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/server"
)

// The search page in a real browser (Debian's Chromium through chromedp)
// against the real server on a real on-disk index.

const xssTitle = `Payload <script>alert("t")</script> <img src=x onerror=alert("ti")> in a title`

func searchPageArticles() []*index.Article {
	f := func(v float64) *float64 { return &v }
	place := func(lat, lon float64, path ...string) index.Location {
		return index.Location{Name: path[0], Path: path, Lat: f(lat), Lon: f(lon), Mentions: []string{path[0]}}
	}
	kharkiv := place(49.99, 36.23, "Kharkiv", "Kharkiv Oblast", "Ukraine")
	bakhmut := place(48.59, 38.00, "Bakhmut", "Donetsk Oblast", "Ukraine")
	sudzha := place(51.19, 35.27, "Sudzha", "Kursk Oblast", "Russia")
	aleppo := place(36.20, 37.16, "Aleppo", "Aleppo Governorate", "Syria")
	zel := index.Actor{Name: "Volodymyr Zelensky", Kind: "person"}
	afu := index.Actor{Name: "Ukrainian armed forces", Kind: "military"}
	raf := index.Actor{Name: "Russian armed forces", Kind: "military"}
	un := index.Actor{Name: "United Nations", Kind: "organization"}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	mk := func(id, date, src, title, text string, locs []index.Location, acts []index.Actor) *index.Article {
		return &index.Article{ID: id, URL: "https://news.example.org/" + id, Source: src, Title: title, Text: text,
			Published: day(date), Locations: locs, Actors: acts}
	}
	return []*index.Article{
		mk("a1", "2025-01-03", "Kyiv Daily", "Shelling hits Kharkiv overnight", "Heavy shelling hit residential areas of Kharkiv, officials said. Ukrainian armed forces answered the fire.", []index.Location{kharkiv}, []index.Actor{afu, raf}),
		mk("a2", "2025-01-10", "Kyiv Daily", "Zelensky visits Kharkiv after shelling", "President Volodymyr Zelensky visited Kharkiv, where shelling damaged a school.", []index.Location{kharkiv}, []index.Actor{zel}),
		mk("a3", "2025-01-24", "Frontline Wire", "Fighting near Bakhmut", "Ukrainian armed forces reported shelling and assaults near Bakhmut.", []index.Location{bakhmut}, []index.Actor{afu, raf}),
		mk("a4", "2025-02-07", "Frontline Wire", "Shelling and drones over Bakhmut", "Drones and shelling were reported over Bakhmut by the Russian armed forces.", []index.Location{bakhmut}, []index.Actor{raf}),
		mk("a5", "2025-02-20", "Border Report", "Incursion near Sudzha in Kursk region", "Ukrainian armed forces pushed towards Sudzha; shelling continued across the border.", []index.Location{sudzha}, []index.Actor{afu, raf}),
		mk("a6", "2025-03-05", "Border Report", "Sudzha evacuated", "Residents left Sudzha as Russian armed forces counter-attacked.", []index.Location{sudzha}, []index.Actor{raf}),
		mk("a7", "2025-03-14", "Levant Monitor", "Aid convoy reaches Aleppo", "A United Nations convoy reached Aleppo after shelling stopped.", []index.Location{aleppo}, []index.Actor{un}),
		mk("a8", "2025-03-28", "Levant Monitor", "Aleppo talks", "United Nations envoys met in Aleppo.", []index.Location{aleppo}, []index.Actor{un}),
		mk("x1", "2025-02-01", "Evil <b>Source</b>", xssTitle,
			`Body payload <script>alert("b")</script> and <img src=x onerror=alert("bi")> and "quotes" & ampersands near Kharkiv.`,
			[]index.Location{kharkiv}, []index.Actor{{Name: `<img src=x onerror=alert("actor")>`, Kind: "group"}}),
	}
}

// startSearchPage builds an index on disk and serves the real server on a
// free port of 127.0.0.1.
func startSearchPage(t testing.TB) string {
	t.Helper()
	// The extractor's reading of a query word, for one alias.
	ents := func(text string) ([]index.Location, []index.Actor) {
		if strings.EqualFold(text, "Zelenskiy") {
			return nil, []index.Actor{{Name: "Volodymyr Zelensky", Kind: "person", Mentions: []string{text}}}
		}
		return nil, nil
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "sitrep.index"), index.Options{Entities: ents})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), searchPageArticles(), nil); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ix, server.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// chromiumPath finds Debian's Chromium; without it the browser tests skip,
// except in CI, where they must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI must run the browser tests (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (/usr/bin/chromium): skipping the browser tests; apt-get install chromium to run them")
	return ""
}

type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// eval runs a JavaScript expression and decodes its JSON value into out.
func (b tab) eval(expr string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("eval %s: %v", expr, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("eval %s: %s: %v", expr, raw, err)
	}
}

func (b tab) str(expr string) string {
	b.t.Helper()
	var s string
	b.eval(expr, &s)
	return s
}

// wait polls until a JavaScript condition holds.
func (b tab) wait(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		b.t.Fatalf("waiting for %s (%s): %v; url %s", what, cond, err, b.str("location.href"))
	}
}

// rendered runs act and waits until the page has swapped in the new state.
func (b tab) rendered(what string, act func()) {
	b.t.Helper()
	b.eval(`window.__renders = 0; document.addEventListener("sitrep:render", () => window.__renders++); true`, new(bool))
	act()
	b.wait(what, `window.__renders > 0`)
}

func (b tab) shot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	dir := filepath.Join("..", "artifacts", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b tab) query() url.Values {
	b.t.Helper()
	u, err := url.Parse(b.str("location.href"))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.Query()
}

func TestSearchPageBrowser(t *testing.T) {
	exe := chromiumPath(t)
	base := startSearchPage(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// A dialog would mean that article text ran as script.
	var dialogs atomic.Int32
	events := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			dialogs.Add(1)
			t.Logf("dialog opened: %q", ev.Message)
			chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	b := tab{t: t, ctx: ctx, base: base}
	b.do(chromedp.Navigate(base + "/"))
	b.wait("the page", `document.querySelectorAll(".hit").length === 9`)
	b.shot("01-home")

	t.Run("type a query, see highlighted results", func(t *testing.T) {
		b.t = t
		b.rendered("the results of shelling", func() {
			b.do(chromedp.SendKeys("#q", "shelling\r"))
		})
		if q := b.query().Get("q"); q != "shelling" {
			t.Errorf("URL q = %q, want shelling", q)
		}
		var marks []string
		b.eval(`Array.from(document.querySelectorAll(".hit mark")).map(m => m.textContent.toLowerCase())`, &marks)
		if len(marks) == 0 {
			t.Fatal("no highlighted words in the results")
		}
		for _, m := range marks {
			if m != "shelling" {
				t.Errorf("highlighted %q, want only shelling", m)
			}
		}
		var n int
		b.eval(`document.querySelectorAll(".hit").length`, &n)
		if n != 6 {
			t.Errorf("%d hits for shelling, want 6", n)
		}
		var overflow int
		b.eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &overflow)
		if overflow > 0 {
			t.Errorf("the page is %d px wider than the window: something in it does not shrink", overflow)
		}
		b.shot("02-query")
	})

	t.Run("autocomplete adds a filter", func(t *testing.T) {
		b.t = t
		b.eval(`(q => { q.focus(); q.setSelectionRange(q.value.length, q.value.length); return true })(document.getElementById("q"))`, new(bool))
		b.do(chromedp.SendKeys("#q", " sudz"))
		b.wait("suggestions", `!document.getElementById("suggest").hidden && document.querySelectorAll("#suggest li").length > 0`)
		if s := b.str(`document.querySelector("#suggest li span").textContent`); s != "Sudzha" {
			t.Errorf("first suggestion %q, want Sudzha", s)
		}
		b.shot("03-suggest")
		b.rendered("the suggestion as a filter", func() {
			b.do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
		})
		if q := b.query(); q.Get("location") != "Sudzha" || q.Get("q") != "shelling" {
			t.Errorf("after picking Sudzha the URL has %v", q)
		}
		// Back to the plain query for what follows.
		b.rendered("the query again", func() { b.do(chromedp.NavigateBack()) })
		if q := b.query(); q.Get("location") != "" {
			t.Fatalf("back did not drop the filter: %v", q)
		}
	})

	count := func(facet, name string) int {
		var n int
		b.eval(`(() => { const a = Array.from(document.querySelectorAll('[data-facet="`+facet+`"] a.value')).find(a => a.querySelector(".name").textContent === "`+name+`");
			return a && a.querySelector(".count") ? Number(a.querySelector(".count").textContent) : -1; })()`, &n)
		return n
	}

	t.Run("click a place facet, results and counts change", func(t *testing.T) {
		b.t = t
		if n := count("location", "Russia"); n != 1 {
			t.Errorf("Russia counts %d before the filter, want 1", n)
		}
		before := count("actor", "Ukrainian armed forces")
		b.rendered("the Russia filter", func() {
			b.do(chromedp.Click(`[data-facet="location"] a.value[href*="location=Russia"]`))
		})
		if got := b.query()["location"]; len(got) != 1 || got[0] != "Russia" {
			t.Errorf("URL location = %v, want [Russia]", got)
		}
		var titles []string
		b.eval(`Array.from(document.querySelectorAll(".hit-title")).map(h => h.textContent.trim())`, &titles)
		if len(titles) != 1 || !strings.Contains(titles[0], "Sudzha") {
			t.Errorf("results with Russia: %q, want the Sudzha article", titles)
		}
		after := count("actor", "Ukrainian armed forces")
		if before != 3 || after != 1 {
			t.Errorf("Ukrainian armed forces counted %d then %d, want 3 then 1", before, after)
		}
		// Places OR together: other countries keep their counts.
		if n := count("location", "Ukraine"); n != 4 {
			t.Errorf("Ukraine counts %d beside the Russia filter, want 4", n)
		}
		if p := b.str(`document.querySelector(".pill").textContent`); !strings.Contains(p, "Russia") {
			t.Errorf("pill %q, want Russia", p)
		}
		b.shot("04-place-filter")
		b.rendered("Russia or Syria", func() {
			b.do(chromedp.Click(`[data-facet="location"] a.value[href*="location=Syria"]`))
		})
		var n int
		b.eval(`document.querySelectorAll(".hit").length`, &n)
		if n != 2 {
			t.Errorf("%d hits for Russia or Syria, want 2", n)
		}
	})

	t.Run("drag across the timeline to choose dates", func(t *testing.T) {
		b.t = t
		b.rendered("all articles", func() { b.do(chromedp.Click(`.clear`)) })
		var bars []struct {
			X, Y        float64
			Start, Last string
		}
		b.eval(`Array.from(document.querySelectorAll("#tl .tl-bar")).map(a => { const r = a.querySelector(".tl-hit").getBoundingClientRect();
			return {X: r.x + r.width / 2, Y: r.y + r.height / 2, Start: a.dataset.start, Last: a.dataset.last}; })`, &bars)
		if len(bars) < 6 {
			t.Fatalf("%d timeline bars, want at least 6", len(bars))
		}
		from, to := bars[1], bars[4]
		b.rendered("the dragged range", func() {
			b.do(
				chromedp.MouseEvent("mousePressed", from.X, from.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
				chromedp.MouseEvent("mouseMoved", (from.X+to.X)/2, from.Y, chromedp.ButtonLeft),
				chromedp.MouseEvent("mouseMoved", to.X, to.Y, chromedp.ButtonLeft),
				chromedp.MouseEvent("mouseReleased", to.X, to.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
			)
		})
		q := b.query()
		if q.Get("from") != from.Start || q.Get("to") != to.Last {
			t.Errorf("range from=%s to=%s, want %s..%s", q.Get("from"), q.Get("to"), from.Start, to.Last)
		}
		var dates []string
		b.eval(`Array.from(document.querySelectorAll(".hit time")).map(t => t.getAttribute("datetime"))`, &dates)
		if len(dates) == 0 {
			t.Fatal("no results in the chosen range")
		}
		for _, d := range dates {
			if d < from.Start || d > to.Last {
				t.Errorf("result of %s outside %s..%s", d, from.Start, to.Last)
			}
		}
		if p := b.str(`Array.from(document.querySelectorAll(".pill")).map(p => p.textContent).join("|")`); !strings.Contains(p, "Dates") {
			t.Errorf("no date pill: %q", p)
		}
		b.shot("05-timeline-range")
	})

	t.Run("remove a pill, then go back", func(t *testing.T) {
		b.t = t
		b.rendered("a place filter", func() {
			b.do(chromedp.Click(`.hit a.chip.place`))
		})
		withPlace := b.query()
		if withPlace.Get("location") == "" || withPlace.Get("from") == "" {
			t.Fatalf("chip click gave %v", withPlace)
		}
		b.rendered("the pill removed", func() {
			b.do(chromedp.Click(`.pill a.pill-x[aria-label^="Remove filter Place"]`))
		})
		if q := b.query(); q.Get("location") != "" || q.Get("from") != withPlace.Get("from") {
			t.Errorf("after removing the place pill the URL has %v", q)
		}
		b.rendered("back", func() { b.do(chromedp.NavigateBack()) })
		if q := b.query(); q.Get("location") != withPlace.Get("location") {
			t.Errorf("back gave %v, want location=%s", q, withPlace.Get("location"))
		}
		if p := b.str(`Array.from(document.querySelectorAll(".pill")).map(p => p.textContent).join("|")`); !strings.Contains(p, withPlace.Get("location")) {
			t.Errorf("back did not restore the pill: %q", p)
		}
	})

	t.Run("article text with markup is shown as text and runs nothing", func(t *testing.T) {
		b.t = t
		b.rendered("the payload article", func() {
			b.do(chromedp.Click(`.clear`))
		})
		b.rendered("the payload search", func() {
			b.eval(`document.getElementById("q").value = "payload"; document.getElementById("search").requestSubmit(); true`, new(bool))
		})
		title := b.str(`document.querySelector(".hit-title").textContent.trim()`)
		if title != xssTitle {
			t.Errorf("title shows %q, want the raw text %q", title, xssTitle)
		}
		frag := b.str(`document.querySelector(".frag").textContent`)
		if !strings.Contains(frag, `<script>alert("b")</script>`) || !strings.Contains(frag, `<img src=x onerror=alert("bi")>`) {
			t.Errorf("fragment shows %q", frag)
		}
		var injected int
		b.eval(`document.querySelectorAll('img, #app script, [onerror], b').length`, &injected)
		if injected != 0 {
			t.Errorf("%d injected elements in the page", injected)
		}
		// The actor facet and chip carry markup too.
		b.rendered("the payload actor as a filter", func() {
			b.do(chromedp.Click(`.hit a.chip.actor`))
		})
		if a := b.query().Get("actor"); a != `<img src=x onerror=alert("actor")>` {
			t.Errorf("actor filter %q", a)
		}
		b.eval(`document.querySelectorAll('img, #app script, [onerror]').length`, &injected)
		if injected != 0 {
			t.Errorf("%d injected elements after filtering by the payload actor", injected)
		}
		b.shot("06-escaped")
		time.Sleep(100 * time.Millisecond)
		if n := dialogs.Load(); n != 0 {
			t.Errorf("%d dialogs opened: article text ran as script", n)
		}
	})

	t.Run("no results suggests removing a filter", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/?q=drones&location=Syria"))
		b.wait("the empty state", `document.querySelector(".state.empty") !== null`)
		if s := b.str(`document.querySelector(".state.empty").textContent`); !strings.Contains(s, "removing a filter") || !strings.Contains(s, "Syria") {
			t.Errorf("empty state says %q", s)
		}
		b.shot("07-empty")
	})

	t.Run("phone", func(t *testing.T) {
		b.t = t
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/?q=shelling"))
		b.wait("the page", `document.querySelectorAll(".hit").length > 0`)
		var overflow bool
		b.eval(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
		if overflow {
			t.Error("the page is wider than a phone screen")
		}
		b.shot("08-phone")
		b.do(chromedp.EmulateViewport(1366, 900))
	})

	t.Run("time of a search end to end", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/"))
		b.wait("the page", `document.querySelectorAll(".hit").length > 0`)
		var ms []float64
		for i, q := range []string{"shelling", "Kharkiv", "Bakhmut drones", "convoy", "Sudzha", "armed forces", "Aleppo"} {
			var took float64
			b.eval(`new Promise(done => {
				const t0 = performance.now();
				document.addEventListener("sitrep:render", () => done(performance.now() - t0), {once: true});
				document.getElementById("q").value = `+jsString(q)+`;
				document.getElementById("search").requestSubmit();
			})`, &took)
			if i > 0 { // the first warms up
				ms = append(ms, took)
			}
		}
		sort.Float64s(ms)
		t.Logf("search end to end in the browser (submit to rendered page), median of %d: %.1f ms (min %.1f, max %.1f)", len(ms), ms[len(ms)/2], ms[0], ms[len(ms)-1])
	})
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
