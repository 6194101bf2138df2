package harness

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// WriteReport writes README.md (tables), chart.svg and results.json into dir.
func WriteReport(dir string, r *Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var md strings.Builder
	Markdown(&md, r)
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(md.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "chart.svg"), []byte(Chart(r)), 0o644); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "results.json"), b, 0o644)
}

func fmtN(x float64) string {
	switch {
	case x == 0:
		return "–"
	case x >= 100:
		return commas(int64(math.Round(x)))
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.2f", x)
	}
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Markdown writes the report's tables.
func Markdown(w io.Writer, r *Results) {
	o := r.Options
	engines := o.Engines
	what := commas(int64(o.Articles)) + " articles"
	if o.Real {
		what = "the " + what + " of the real corpus"
	}
	fmt.Fprintf(w, "# sitrep performance: %s, sitrep against plain Bleve and SQLite FTS5\n\n", what)
	fmt.Fprintf(w, "Measured %s on %s; load average at the start %s (the machine is shared: other builds and tests ran beside this run).\n",
		r.Started.Format("2006-01-02 15:04 MST"), r.Machine, r.Load)
	corpus := fmt.Sprintf("%s synthetic articles recombined (seed %d) from", commas(int64(o.Articles)), o.Seed)
	repro := fmt.Sprintf("make bench ARGS='--articles %d --e2e-articles %d --seed %d --rounds %d'", o.Articles, o.E2EArticles, o.Seed, o.Rounds)
	if o.Real {
		corpus = fmt.Sprintf("the %s real articles themselves, as they are:", commas(int64(o.Articles)))
		repro = fmt.Sprintf("make bench ARGS='--real --seed %d --rounds %d'", o.Seed, o.Rounds)
	}
	fmt.Fprintf(w, "Corpus: %s the %s bytes of real articles in `../shared/data/corpus/articles.en.jsonl`; %d queries in %d classes, each asked as the search page asks it (sitrep: top 10, highlighting, 30 values of the location/actor/source facets, place hierarchy, map points, actor kinds, date histogram fitted to the matches, exact total; the peers: top 10, highlighting, location/actor/source facets, date histogram, exact total), one warm-up pass and %d measured passes.\n\n",
		corpus, commas(r.CorpusRaw), len(r.QuerySet), len(Classes), o.Rounds)
	fmt.Fprintf(w, "Reproduce: `%s`\n\n![latency and ingest chart](chart.svg)\n\n", repro)

	fmt.Fprintf(w, "## Summary\n\n| | %s |\n|---|%s\n", strings.Join(engines, " | "), strings.Repeat("--:|", len(engines)))
	row := func(name string, f func(e string) string) {
		cells := make([]string, len(engines))
		for i, e := range engines {
			cells[i] = f(e)
		}
		fmt.Fprintf(w, "| %s | %s |\n", name, strings.Join(cells, " | "))
	}
	ing := func(e string) *IngestResult {
		if x := r.Ingest[e]; x != nil {
			return x
		}
		return &IngestResult{}
	}
	e2e := func(e string) *IngestResult {
		if x := r.E2E[e]; x != nil {
			return x
		}
		return &IngestResult{}
	}
	qr := func(e string) *QueryResult {
		if x := r.Query[e]; x != nil {
			return x
		}
		return &QueryResult{}
	}
	row("ingest articles/s, index only", func(e string) string { return fmtN(ing(e).PerSecond) })
	row(fmt.Sprintf("ingest articles/s, end to end with extraction (%s articles)", commas(int64(o.E2EArticles))), func(e string) string { return fmtN(e2e(e).PerSecond) })
	row("peak memory (VmHWM) MB, index only", func(e string) string { return fmtN(mb(ing(e).PeakRSS)) })
	row("peak memory (VmHWM) MB, end to end", func(e string) string { return fmtN(mb(e2e(e).PeakRSS)) })
	row("of which corpus + generator (before the engine) MB", func(e string) string { return fmtN(mb(ing(e).BaselineRSS)) })
	row("index size MB", func(e string) string { return fmtN(mb(ing(e).IndexBytes)) })
	row("index bytes per article", func(e string) string {
		if ing(e).Articles == 0 {
			return "–"
		}
		return fmtN(float64(ing(e).IndexBytes) / float64(ing(e).Articles))
	})
	row("index size / raw text", func(e string) string {
		if ing(e).RawBytes == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2fx", float64(ing(e).IndexBytes)/float64(ing(e).RawBytes))
	})
	row("cold open ms (process start, page cache not dropped)", func(e string) string { return fmtN(qr(e).OpenMS) })
	row("first query after open ms", func(e string) string { return fmtN(qr(e).FirstMS) })
	for _, p := range []float64{50, 95, 99} {
		row(fmt.Sprintf("full request p%.0f ms, all queries", p), func(e string) string { return fmtN(percentile(allMS(qr(e), ""), p)) })
	}
	row("failed queries", func(e string) string { return fmt.Sprint(qr(e).Failures) })

	fmt.Fprintf(w, "\n## Full request latency per query class (ms: p50 / p95 / p99)\n\n| class | queries | %s |\n|---|--:|%s\n", strings.Join(engines, " | "), strings.Repeat("--:|", len(engines)))
	for _, cls := range append(append([]string(nil), Classes...), "") {
		n := 0
		for _, q := range r.QuerySet {
			if cls == "" || q.Class == cls {
				n++
			}
		}
		name := cls
		if cls == "" {
			name = "**all**"
		}
		cells := make([]string, len(engines))
		for i, e := range engines {
			xs := allMS(qr(e), cls)
			cells[i] = fmt.Sprintf("%s / %s / %s", fmtN(percentile(xs, 50)), fmtN(percentile(xs, 95)), fmtN(percentile(xs, 99)))
		}
		fmt.Fprintf(w, "| %s | %d | %s |\n", name, n, strings.Join(cells, " | "))
	}
	if contains(engines, EngineSitrep) {
		fmt.Fprintf(w, "\nsitrep's speed-up (peer latency / sitrep latency, all queries): ")
		var parts []string
		s := allMS(qr(EngineSitrep), "")
		for _, e := range engines {
			if e == EngineSitrep {
				continue
			}
			p := allMS(qr(e), "")
			if len(p) == 0 {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %.1fx at p50, %.1fx at p99", e, ratio(percentile(p, 50), percentile(s, 50)), ratio(percentile(p, 99), percentile(s, 99))))
		}
		fmt.Fprintf(w, "%s.\n", strings.Join(parts, "; "))
	}

	if r.HTTP != nil || r.HTTPCold != nil {
		fmt.Fprintf(w, "\n## HTTP: a real `sitrep serve`, %d concurrent clients, `/api/search`\n\n", o.Clients)
		fmt.Fprintf(w, "| load | seconds | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, h := range []*LoadResult{r.HTTPCold, r.HTTP} {
			if h == nil {
				continue
			}
			name := "the query set, repeating (answers from the result cache after the first pass)"
			if h.Distinct {
				name = "distinct queries, each asked once (nothing cached)"
			}
			fmt.Fprintf(w, "| %s | %.0f | %s | %d | %s | %s | %s | %s | %s |\n", name, h.Seconds, commas(int64(h.Requests)), h.Errors, fmtN(h.PerSecond), fmtN(h.P50), fmtN(h.P95), fmtN(h.P99), fmtN(h.Max))
			if h.FirstErr != "" {
				fmt.Fprintf(w, "\nFirst error: `%s`\n", h.FirstErr)
			}
		}
		fmt.Fprintf(w, "\nThe load generator runs on the same 2 cores as the server. The query-latency tables above are measured without the result cache.\n")
	}

	fmt.Fprintf(w, "\n## Hit counts side by side\n\nEach engine reads the query its own way (sitrep: title and text with its English analyzer, and the places and actors a word names, when it is wired to an extractor (the benchmark is not); plain Bleve: `_all`; FTS5: title and text with the porter tokenizer), so totals differ somewhat; they must be of the same order.\n\n")
	fmt.Fprintf(w, "| class | %s |\n|---|%s\n", strings.Join(engines, " total hits | ")+" total hits", strings.Repeat("--:|", len(engines)))
	for _, cls := range Classes {
		cells := make([]string, len(engines))
		for i, e := range engines {
			t := 0
			for _, q := range qr(e).Queries {
				if q.Class == cls {
					t += q.Total
				}
			}
			cells[i] = commas(int64(t))
			if len(qr(e).Queries) == 0 {
				cells[i] = "–"
			}
		}
		fmt.Fprintf(w, "| %s | %s |\n", cls, strings.Join(cells, " | "))
	}
	fmt.Fprintf(w, "\n<details><summary>every query</summary>\n\n| # | class | query | %s |\n|--:|---|---|%s\n", strings.Join(engines, " | "), strings.Repeat("--:|", len(engines)))
	for i, q := range r.QuerySet {
		cells := make([]string, len(engines))
		for k, e := range engines {
			if i < len(qr(e).Queries) {
				t := qr(e).Queries[i]
				cells[k] = commas(int64(t.Total))
				if t.Err != "" {
					cells[k] = "error"
				}
			}
		}
		fmt.Fprintf(w, "| %d | %s | `%s` | %s |\n", i+1, q.Class, strings.ReplaceAll(q.String(), "|", "\\|"), strings.Join(cells, " | "))
	}
	fmt.Fprintf(w, "\n</details>\n")
	Targets(w, r)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Targets writes issue 7's targets with what this run measured.
func Targets(w io.Writer, r *Results) {
	s, ok := r.Query[EngineSitrep]
	if !ok {
		return
	}
	fmt.Fprintf(w, "\n## Targets (issue 7, stated for 1M articles)\n\n| target | measured | met |\n|---|---|---|\n")
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "**no**"
	}
	sp50, sp99 := percentile(allMS(s, ""), 50), percentile(allMS(s, ""), 99)
	for _, e := range []string{EngineBleve, EngineFTS5} {
		p, ok := r.Query[e]
		if !ok {
			continue
		}
		r50, r99 := ratio(percentile(allMS(p, ""), 50), sp50), ratio(percentile(allMS(p, ""), 99), sp99)
		fmt.Fprintf(w, "| full request >= 10x faster than %s at p50 | %.1fx | %s |\n", e, r50, yes(r50 >= 10))
		fmt.Fprintf(w, "| full request >= 5x faster than %s at p99 | %.1fx | %s |\n", e, r99, yes(r99 >= 5))
	}
	for _, h := range []*LoadResult{r.HTTPCold, r.HTTP} {
		if h == nil {
			continue
		}
		how := "repeating query set, cached"
		if h.Distinct {
			how = "distinct queries, uncached"
		}
		fmt.Fprintf(w, "| HTTP >= 400 req/s (%s) | %.0f req/s | %s |\n", how, h.PerSecond, yes(h.PerSecond >= 400))
		fmt.Fprintf(w, "| HTTP p99 <= 100 ms (%s) | %.1f ms | %s |\n", how, h.P99, yes(h.P99 <= 100))
		fmt.Fprintf(w, "| HTTP zero errors (%s) | %d errors | %s |\n", how, h.Errors, yes(h.Errors == 0))
	}
	if a, b := r.E2E[EngineSitrep], r.E2E[EngineBleve]; a != nil && b != nil {
		x := ratio(a.PerSecond, b.PerSecond)
		fmt.Fprintf(w, "| ingest with extraction >= 3x plain Bleve | %.2fx (%.0f vs %.0f articles/s) | %s |\n", x, a.PerSecond, b.PerSecond, yes(x >= 3))
	}
	if a := r.Ingest[EngineSitrep]; a != nil {
		peak := a.PeakRSS
		if e := r.E2E[EngineSitrep]; e != nil && e.PeakRSS > peak {
			peak = e.PeakRSS
		}
		fmt.Fprintf(w, "| peak memory < 2 GB | %.0f MB | %s |\n", mb(peak), yes(peak < 2<<30))
		x := ratio(float64(a.IndexBytes), float64(a.RawBytes))
		fmt.Fprintf(w, "| index <= 1.5x raw text | %.2fx | %s |\n", x, yes(x <= 1.5))
	}
	if r.Options.Articles < 1000000 {
		fmt.Fprintf(w, "\nThis run has %s articles, not the 1M the targets are stated for.\n", commas(int64(r.Options.Articles)))
	}
}

// Chart draws the full-request latency per class (p50 bars, p99 ticks; log
// scale) and the ingest rates, as a self-contained SVG.
func Chart(r *Results) string {
	engines := r.Options.Engines
	colors := map[string]string{EngineSitrep: "#d9480f", EngineBleve: "#1971c2", EngineFTS5: "#2f9e44"}
	const W, H = 960, 420
	const left, top, plotH = 60, 50, 280
	plotW := 640
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15" font-weight="bold">Full request latency, %s articles (bar p50, tick p99, ms, log scale)</text>`+"\n", left, commas(int64(r.Options.Articles)))
	// log scale from 0.1 to the max p99
	maxV := 1.0
	for _, e := range engines {
		if q := r.Query[e]; q != nil {
			maxV = math.Max(maxV, percentile(allMS(q, ""), 99))
			for _, c := range Classes {
				maxV = math.Max(maxV, percentile(allMS(q, c), 99))
			}
		}
	}
	lo, hi := math.Log10(0.1), math.Ceil(math.Log10(maxV))
	y := func(v float64) float64 {
		if v < 0.1 {
			v = 0.1
		}
		return top + plotH - (math.Log10(v)-lo)/(hi-lo)*plotH
	}
	for p := lo; p <= hi; p++ {
		yy := y(math.Pow(10, p))
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left, left+plotW, yy, yy, left-6, yy+4, fmtN(math.Pow(10, p)))
	}
	groups := append(append([]string(nil), Classes...), "all")
	gw := float64(plotW) / float64(len(groups))
	bw := (gw - 10) / float64(len(engines))
	for gi, cls := range groups {
		c := cls
		if cls == "all" {
			c = ""
		}
		x0 := float64(left) + float64(gi)*gw + 5
		for ei, e := range engines {
			q := r.Query[e]
			if q == nil {
				continue
			}
			xs := allMS(q, c)
			p50, p99 := percentile(xs, 50), percentile(xs, 99)
			x := x0 + float64(ei)*bw
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s p50 %.2f ms</title></rect>`+"\n", x, y(p50), bw-1, float64(top+plotH)-y(p50), colors[e], e, cls, p50)
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"><title>%s %s p99 %.2f ms</title></line>`+"\n", x, x+bw-1, y(p99), y(p99), "#000", e, cls, p99)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x0+gw/2-5, top+plotH+16, cls)
	}
	// Ingest panel.
	ix := left + plotW + 50
	iw := W - ix - 20
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">ingest articles/s</text>`+"\n", ix, top-8)
	maxI := 1.0
	for _, e := range engines {
		if x := r.Ingest[e]; x != nil {
			maxI = math.Max(maxI, x.PerSecond)
		}
		if x := r.E2E[e]; x != nil {
			maxI = math.Max(maxI, x.PerSecond)
		}
	}
	rowY := top + 10
	for _, kind := range []string{"index only", "with extraction"} {
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", ix, rowY, kind)
		rowY += 6
		for _, e := range engines {
			var x *IngestResult
			if kind == "index only" {
				x = r.Ingest[e]
			} else {
				x = r.E2E[e]
			}
			if x == nil {
				continue
			}
			wd := x.PerSecond / maxI * float64(iw-60)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="%s"/><text x="%.1f" y="%d">%s</text>`+"\n", ix, rowY, wd, colors[e], float64(ix)+wd+4, rowY+12, fmtN(x.PerSecond))
			rowY += 20
		}
		rowY += 16
	}
	// Legend.
	lx := left
	for _, e := range engines {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", lx, H-40, colors[e], lx+16, H-30, e)
		lx += 110
	}
	if h := r.HTTPCold; h != nil {
		fmt.Fprintf(&b, `<text x="%d" y="%d">HTTP, distinct queries (uncached), %d clients: %s req/s, p99 %s ms, %d errors</text>`+"\n", lx+20, H-36, h.Clients, fmtN(h.PerSecond), fmtN(h.P99), h.Errors)
	}
	if h := r.HTTP; h != nil {
		fmt.Fprintf(&b, `<text x="%d" y="%d">HTTP, repeating query set (cached), %d clients: %s req/s, p99 %s ms, %d errors</text>`+"\n", lx+20, H-20, h.Clients, fmtN(h.PerSecond), fmtN(h.P99), h.Errors)
	}
	b.WriteString("</svg>\n")
	return b.String()
}
