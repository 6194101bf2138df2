package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/web"
)

// The search page is rendered on the server, whole, for every state: a
// browser without JavaScript gets a complete page with working links, and
// the page's script (static/app.js) fetches the same URLs and swaps the
// #app element, so there is one renderer and one escaping path. The state
// lives in the URL (the parameters of /api/search), so pages are shareable
// and the back button works.

// Page facet sizes: enough values for lists, trees and a map.
const (
	pageFacetSize  = 30
	facetMatchSize = 5000 // values scanned by filter-as-you-type
	exportMax      = 1000 // articles in one export
)

// page holds what pageRoutes sets up once: the template and static files.
type searchPage struct {
	tmpl    *template.Template
	static  map[string]*staticFile
	version string
}

type staticFile struct {
	body, gz []byte
	ctype    string
	etag     string
}

// pageRoutes serves the search page, its static assets, the facet lookup of
// filter-as-you-type and the exports.
func (srv *Server) pageRoutes(r *mux.Router) error {
	assets := srv.opts.Assets
	if assets == nil {
		assets = web.FS
	}
	p, err := loadPage(assets, srv.opts.Version)
	if err != nil {
		return err
	}
	r.HandleFunc("/", srv.handlePage(p)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/static/{path:.+}", p.handleStatic).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/facet", srv.handleFacet).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/export.{format:csv|json}", srv.handleExport).Methods(http.MethodGet, http.MethodHead)
	return nil
}

func loadPage(assets fs.FS, version string) (*searchPage, error) {
	p := &searchPage{static: map[string]*staticFile{}}
	tmpl, err := template.New("page.html").Funcs(template.FuncMap{
		"asset": func(name string) string { return "/static/" + name + "?v=" + p.version },
	}).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("page templates: %w", err)
	}
	p.tmpl = tmpl
	h := sha256.New()
	err = fs.WalkDir(assets, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" || strings.HasSuffix(name, ".mjs") || strings.HasSuffix(name, ".md") {
			return nil // sources and notes are embedded, not served
		}
		body, err := fs.ReadFile(assets, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		h.Write(sum[:])
		f := &staticFile{body: body, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body)*9/10 {
			f.gz = buf.Bytes()
		}
		p.static[strings.TrimPrefix(name, "static/")] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("page static files: %w", err)
	}
	// The asset version changes whenever a file does, so browsers may keep
	// them for a year.
	p.version = hex.EncodeToString(h.Sum(nil)[:6])
	if version != "" {
		p.version = version + "-" + p.version
	}
	p.version = url.QueryEscape(p.version)
	return p, nil
}

func (p *searchPage) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := p.static[mux.Vars(r)["path"]]
	if !ok {
		writeJSON(w, http.StatusNotFound, errorBody{Error: "no such file"})
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("Vary", "Accept-Encoding")
	if r.URL.Query().Get("v") == p.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// pageData is what the template shows.
type pageData struct {
	Version string
	Q       index.Query
	R       *index.Results
	Err     string
	Status  int

	State      url.Values // the canonical parameters of this page
	Pills      []pill
	Places     []*placeNode
	MorePlaces []*placeNode
	Actors     []facetGroup
	Sources    []facetItem
	Timeline   *timeline
	Map        *mapView
	Hits       []hitView
	Pages      []pageLink
	Prev, Next string
	Sorts      []pageLink
	CSV, JSON  string
	ClearAll   string
	FirstHit   int
	LastHit    int
}

type pill struct {
	Kind, Label, Remove string
}

type facetItem struct {
	Value    string
	Count    int // -1: selected but not counted
	Selected bool
	URL      string
}

type facetGroup struct {
	Kind, Label string
	Items       []facetItem
}

type placeNode struct {
	facetItem
	Key      string // the path, for keeping <details> open across swaps
	Open     bool
	Children []*placeNode
}

type hitView struct {
	ID, URL, Source, Date, DateISO string
	Title                          template.HTML
	Fragments                      []template.HTML
	Places, Actors                 []facetItem
	MorePlaces, MoreActors         int
	Similar                        int
	SimilarURL                     string
	// Matched names the places and actors through which the hit matched
	// a word of the query ("Kyiv" for Kiev).
	Matched string
}

type pageLink struct {
	Label   string
	URL     string
	Current bool
}

func (srv *Server) handlePage(p *searchPage) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := &pageData{Version: p.version, Status: http.StatusOK}
		q, err := srv.ParseQuery(r)
		d.Q = q
		d.State = stateOf(r.URL.Query())
		if err == nil {
			q.FacetSize = pageFacetSize
			q.PageFacets = true
			var res *index.Results
			res, err = srv.pageSearch(r, q)
			if err == nil {
				d.R = res
				d.Q = res.Query
			}
		}
		if err != nil {
			d.Status, d.Err = srv.errorStatus(r, err)
		}
		d.build()
		var buf bytes.Buffer
		if err := p.tmpl.Execute(&buf, d); err != nil {
			srv.log.Error("page template", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(d.Status)
		if r.Method != http.MethodHead {
			w.Write(buf.Bytes())
		}
	}
}

// pageSearch runs q and, for each facet the user filters on, a search
// without that facet's filter: values of one facet OR together, so their
// counts must say what choosing one more would add, not what is left.
func (srv *Server) pageSearch(r *http.Request, q index.Query) (*index.Results, error) {
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	type side struct {
		res *index.Results
		err error
	}
	var wg sync.WaitGroup
	sides := make([]side, 3)
	for i, dim := range []*[]string{&q.Locations, &q.Actors, &q.Sources} {
		if len(*dim) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			oq := q
			switch i {
			case 0:
				oq.Locations = nil
			case 1:
				oq.Actors = nil
			case 2:
				oq.Sources = nil
			}
			oq.Size, oq.Page = 1, 1
			sides[i].res, sides[i].err = srv.s.Search(ctx, oq)
		}()
	}
	res, err := srv.s.Search(ctx, q)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for i, s := range sides {
		if s.err != nil {
			return nil, s.err
		}
		if s.res == nil {
			continue
		}
		switch i {
		case 0:
			res.Facets.Locations, res.Facets.Places = s.res.Facets.Locations, s.res.Facets.Places
		case 1:
			res.Facets.Actors = s.res.Facets.Actors
		case 2:
			res.Facets.Sources = s.res.Facets.Sources
		}
	}
	return res, nil
}

// stateOf keeps the parameters that make up a page's state, without empty
// values, in a stable order.
func stateOf(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"q", "location", "actor", "source", "from", "to", "sort", "page", "size", "collapse"} {
		for _, s := range v[k] {
			if s = strings.TrimSpace(s); s != "" {
				out.Add(k, s)
			}
		}
	}
	if out.Get("sort") == index.SortRelevance {
		out.Del("sort")
	}
	if out.Get("page") == "1" {
		out.Del("page")
	}
	return out
}

// link returns the page URL of the state changed by edit; any change but
// one of the page goes back to page 1.
func (d *pageData) link(edit func(v url.Values)) string {
	v := url.Values{}
	for k, s := range d.State {
		v[k] = append([]string(nil), s...)
	}
	v.Del("page")
	edit(v)
	if v.Get("page") == "1" {
		v.Del("page")
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

func hasFold(vals []string, s string) bool {
	for _, v := range vals {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// toggle returns the link that adds value to the filter key or removes it.
func (d *pageData) toggle(key, value string) string {
	return d.link(func(v url.Values) {
		if hasFold(v[key], value) {
			var keep []string
			for _, s := range v[key] {
				if !strings.EqualFold(s, value) {
					keep = append(keep, s)
				}
			}
			v[key] = keep
			if len(keep) == 0 {
				v.Del(key)
			}
			return
		}
		v.Add(key, value)
	})
}

func (d *pageData) item(key, value string, count int) facetItem {
	return facetItem{Value: value, Count: count, Selected: hasFold(d.State[key], value), URL: d.toggle(key, value)}
}

func (d *pageData) build() {
	d.ClearAll = "/"
	for _, f := range []struct{ key, label string }{{"location", "Place"}, {"actor", "Actor"}, {"source", "Source"}} {
		for _, v := range d.State[f.key] {
			d.Pills = append(d.Pills, pill{Kind: f.label, Label: v, Remove: d.toggle(f.key, v)})
		}
	}
	if from, to := d.State.Get("from"), d.State.Get("to"); from != "" || to != "" {
		label := from + " – " + to
		switch {
		case from == "":
			label = "until " + to
		case to == "":
			label = "from " + from
		}
		d.Pills = append(d.Pills, pill{Kind: "Dates", Label: label, Remove: d.link(func(v url.Values) { v.Del("from"); v.Del("to") })})
	}
	if d.State.Get("q") != "" && len(d.Pills) > 0 {
		d.ClearAll = d.link(func(v url.Values) {
			for k := range v {
				if k != "q" {
					v.Del(k)
				}
			}
		})
	}
	for _, s := range []struct{ label, value string }{{"Relevance", ""}, {"Newest", index.SortDateDesc}, {"Oldest", index.SortDate}} {
		cur := d.State.Get("sort") == s.value
		d.Sorts = append(d.Sorts, pageLink{Label: s.label, Current: cur, URL: d.link(func(v url.Values) {
			v.Del("sort")
			if s.value != "" {
				v.Set("sort", s.value)
			}
		})})
	}
	exp := url.Values{}
	for k, s := range d.State {
		if k != "page" && k != "size" {
			exp[k] = s
		}
	}
	d.CSV, d.JSON = "/export.csv", "/export.json"
	if len(exp) > 0 {
		d.CSV += "?" + exp.Encode()
		d.JSON += "?" + exp.Encode()
	}
	if d.R == nil {
		return
	}
	f := d.R.Facets
	d.buildPlaces(f)
	d.buildActors(f.Actors)
	for _, v := range f.Sources {
		d.Sources = append(d.Sources, d.item("source", v.Value, v.Count))
	}
	d.Sources = d.withSelected("source", d.Sources)
	d.Timeline = d.buildTimeline(f)
	d.Map = d.buildMap(f)
	for _, h := range d.R.Hits {
		d.Hits = append(d.Hits, d.hit(h))
	}
	d.buildPages()
}

// withSelected puts the chosen values that the facet did not return first,
// so that they can be unticked.
func (d *pageData) withSelected(key string, items []facetItem) []facetItem {
	var extra []facetItem
	for _, v := range d.State[key] {
		found := false
		for _, it := range items {
			if strings.EqualFold(it.Value, v) {
				found = true
				break
			}
		}
		if !found {
			extra = append(extra, d.item(key, v, -1))
		}
	}
	return append(extra, items...)
}

func (d *pageData) buildPlaces(f index.Facets) {
	if len(f.Places) == 0 {
		// An index built before the place hierarchy: a flat list.
		for _, v := range d.withSelected("location", d.facetItems("location", f.Locations)) {
			d.Places = append(d.Places, &placeNode{facetItem: v, Key: v.Value})
		}
		return
	}
	nodes := map[string]*placeNode{}
	var roots []*placeNode
	for _, pc := range f.Places {
		key := strings.Join(pc.Path, "\x1f")
		n := &placeNode{facetItem: d.item("location", pc.Path[len(pc.Path)-1], pc.Count), Key: strings.Join(pc.Path, " › ")}
		nodes[key] = n
		var parent *placeNode
		for i := len(pc.Path) - 1; i > 0 && parent == nil; i-- {
			parent = nodes[strings.Join(pc.Path[:i], "\x1f")]
		}
		if parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	var mark func(n *placeNode) bool
	mark = func(n *placeNode) bool {
		sort.SliceStable(n.Children, func(i, j int) bool { return n.Children[i].Count > n.Children[j].Count })
		for _, c := range n.Children {
			if mark(c) {
				n.Open = true
			}
		}
		return n.Selected || n.Open
	}
	sort.SliceStable(roots, func(i, j int) bool { return roots[i].Count > roots[j].Count })
	for _, n := range roots {
		mark(n)
	}
	for _, v := range d.State["location"] {
		found := false
		for _, n := range nodes {
			if strings.EqualFold(n.Value, v) {
				found = true
				break
			}
		}
		if !found {
			roots = append([]*placeNode{{facetItem: d.item("location", v, -1), Key: v}}, roots...)
		}
	}
	const top = 8
	if len(roots) > top {
		d.Places, d.MorePlaces = roots[:top], roots[top:]
	} else {
		d.Places = roots
	}
}

func (d *pageData) facetItems(key string, vals []index.FacetValue) []facetItem {
	var out []facetItem
	for _, v := range vals {
		out = append(out, d.item(key, v.Value, v.Count))
	}
	return out
}

// actorKinds orders and names the groups of the actor facet.
var actorKinds = []struct{ kind, label string }{
	{"person", "People"}, {"military", "Armed forces"}, {"armed_group", "Armed groups"},
	{"government", "Governments"}, {"organization", "Organisations"}, {"group", "Groups"}, {"", "Other"},
}

func (d *pageData) buildActors(vals []index.FacetValue) {
	groups := map[string]*facetGroup{}
	known := map[string]bool{}
	for _, k := range actorKinds {
		known[k.kind] = true
	}
	for _, v := range vals {
		k := v.Kind
		if !known[k] {
			k = ""
		}
		g := groups[k]
		if g == nil {
			g = &facetGroup{Kind: k}
			groups[k] = g
		}
		g.Items = append(g.Items, d.item("actor", v.Value, v.Count))
	}
	sel := d.withSelected("actor", nil)
	if len(sel) > 0 {
		d.Actors = append(d.Actors, facetGroup{Kind: "chosen", Label: "Chosen", Items: sel})
	}
	for _, k := range actorKinds {
		if g := groups[k.kind]; g != nil {
			g.Label = k.label
			if len(groups) == 1 {
				g.Label = ""
			}
			d.Actors = append(d.Actors, *g)
		}
	}
}

func (d *pageData) hit(h index.Hit) hitView {
	hv := hitView{ID: h.ID, URL: h.URL, Source: h.Source, Similar: h.Similar}
	if t := h.Highlights["title"]; len(t) > 0 {
		hv.Title = markOnly(t[0])
	} else {
		hv.Title = template.HTML(template.HTMLEscapeString(h.Title))
	}
	if hv.Title == "" {
		hv.Title = "(untitled)"
	}
	for _, fr := range h.Highlights["text"] {
		hv.Fragments = append(hv.Fragments, markOnly(fr))
	}
	if t, err := time.Parse(time.RFC3339, h.Published); err == nil {
		hv.Date, hv.DateISO = t.UTC().Format("2 Jan 2006"), t.UTC().Format(time.DateOnly)
	}
	const chips = 6
	for i, l := range h.Locations {
		if i == chips {
			hv.MorePlaces = len(h.Locations) - chips
			break
		}
		hv.Places = append(hv.Places, d.item("location", l, 0))
	}
	for i, a := range h.Actors {
		if i == chips {
			hv.MoreActors = len(h.Actors) - chips
			break
		}
		hv.Actors = append(hv.Actors, d.item("actor", a, 0))
	}
	var matched []string
	for _, m := range h.Matched {
		if !slices.Contains(matched, m.Name) {
			matched = append(matched, m.Name)
		}
	}
	hv.Matched = strings.Join(matched, ", ")
	if h.Similar > 0 {
		hv.SimilarURL = d.link(func(v url.Values) { v.Set("collapse", "false") })
	}
	return hv
}

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

func (d *pageData) buildPages() {
	size := d.R.Query.Size
	if size <= 0 {
		return
	}
	cur := d.R.Query.Page
	total := int(min(d.R.Total, 10000))
	last := (total + size - 1) / size
	if len(d.Hits) > 0 {
		d.FirstHit = (cur-1)*size + 1
		d.LastHit = d.FirstHit + len(d.Hits) - 1
	}
	if last <= 1 {
		return
	}
	pageURL := func(n int) string { return d.link(func(v url.Values) { v.Set("page", strconv.Itoa(n)) }) }
	if cur > 1 {
		d.Prev = pageURL(cur - 1)
	}
	if cur < last {
		d.Next = pageURL(cur + 1)
	}
	prevShown := 0
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= cur-2 && n <= cur+2) {
			if prevShown != 0 && n > prevShown+1 {
				d.Pages = append(d.Pages, pageLink{Label: "…"})
			}
			d.Pages = append(d.Pages, pageLink{Label: strconv.Itoa(n), URL: pageURL(n), Current: n == cur})
			prevShown = n
		}
	}
}

// timeline is the SVG bar chart of articles over time.
type timeline struct {
	Interval      string
	Width, Height int
	Bars          []bar
	Labels        []axisLabel
	Max           int
	Total         int
}

type bar struct {
	X, Y, W, H, HitY, HitH float64
	Start, Last, Label     string
	Count                  int
	URL                    string
}

type axisLabel struct {
	X      float64
	Text   string
	Anchor string
}

func (d *pageData) buildTimeline(f index.Facets) *timeline {
	if len(f.Dates) == 0 {
		return nil
	}
	t := &timeline{Interval: f.Interval, Width: 800, Height: 110}
	const chartH, top = 88.0, 4.0
	for _, b := range f.Dates {
		t.Max = max(t.Max, b.Count)
		t.Total += b.Count
	}
	if t.Total == 0 {
		return nil
	}
	w := float64(t.Width) / float64(len(f.Dates))
	gap := math.Min(2, w*0.2)
	for i, b := range f.Dates {
		start, _ := time.Parse(time.DateOnly, b.Start)
		end, _ := time.Parse(time.DateOnly, b.End)
		last := end.AddDate(0, 0, -1)
		h := 0.0
		if b.Count > 0 {
			h = math.Max(2, chartH*float64(b.Count)/float64(t.Max))
		}
		br := bar{
			X: round1(float64(i)*w + gap/2), W: round1(w - gap), Y: round1(top + chartH - h), H: round1(h),
			HitY: top, HitH: chartH,
			Start: b.Start, Last: last.Format(time.DateOnly), Count: b.Count,
			Label: periodLabel(start, last, f.Interval),
		}
		br.URL = d.link(func(v url.Values) { v.Set("from", br.Start); v.Set("to", br.Last) })
		t.Bars = append(t.Bars, br)
	}
	// Three labels: first, middle and last period.
	for _, i := range []int{0, len(t.Bars) / 2, len(t.Bars) - 1} {
		b := t.Bars[i]
		anchor := "middle"
		x := b.X + b.W/2
		switch i {
		case 0:
			anchor, x = "start", 0
		case len(t.Bars) - 1:
			anchor, x = "end", float64(t.Width)
		}
		if len(t.Labels) > 0 && t.Labels[len(t.Labels)-1].X == x {
			continue
		}
		start, _ := time.Parse(time.DateOnly, b.Start)
		t.Labels = append(t.Labels, axisLabel{X: round1(x), Text: axisDate(start, f.Interval), Anchor: anchor})
	}
	return t
}

func periodLabel(start, last time.Time, interval string) string {
	switch interval {
	case "day":
		return start.Format("Mon 2 Jan 2006")
	case "week":
		return "week of " + start.Format("2 Jan 2006")
	case "month":
		return start.Format("January 2006")
	case "year":
		return start.Format("2006")
	}
	return start.Format("2 Jan 2006") + " – " + last.Format("2 Jan 2006")
}

func axisDate(t time.Time, interval string) string {
	switch interval {
	case "month":
		return t.Format("Jan 2006")
	case "year":
		return t.Format("2006")
	}
	return t.Format("2 Jan 2006")
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// mapView is the SVG map of the places in the results. Points are
// projected as static/map/world.svg was made (Mercator, x 0..1000 for
// 180W..180E, y 0 at 84N), and the view fits the points.
type mapView struct {
	ViewBox string
	Dots    []dot
	Stroke  float64
}

type dot struct {
	X, Y, R  float64
	Name     string
	Count    int
	URL      string
	Selected bool
}

const (
	mapW     = 1000.0
	mapNorth = 84.0
	mapSouth = -60.0
)

func mercY(lat float64) float64 {
	lat = math.Max(mapSouth-5, math.Min(mapNorth+5, lat))
	return (1 - math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))/math.Pi) / 2 * mapW
}

func project(lat, lon float64) (x, y float64) {
	return (lon + 180) / 360 * mapW, mercY(lat) - mercY(mapNorth)
}

func (d *pageData) buildMap(f index.Facets) *mapView {
	pts := f.Points
	if len(pts) == 0 {
		// An index without the point facet: the places of this page.
		seen := map[string]int{}
		for _, h := range d.R.Hits {
			for _, p := range h.Places {
				if p.Lat == nil || p.Lon == nil {
					continue
				}
				if i, ok := seen[p.Name]; ok {
					pts[i].Count++
					continue
				}
				seen[p.Name] = len(pts)
				pts = append(pts, index.PointCount{Name: p.Name, Lat: *p.Lat, Lon: *p.Lon, Count: 1})
			}
		}
	}
	if len(pts) == 0 {
		return nil
	}
	worldH := mercY(mapSouth) - mercY(mapNorth)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	maxCount := 0
	for _, p := range pts {
		x, y := project(p.Lat, p.Lon)
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
		maxCount = max(maxCount, p.Count)
	}
	// Pad, keep a 2:1 frame at least 50 units wide, stay inside the world.
	w, h := (maxX-minX)*1.3+20, (maxY-minY)*1.3+10
	w = math.Max(w, 50)
	if w < 2*h {
		w = 2 * h
	}
	w = math.Min(w, mapW)
	h = math.Min(w/2, worldH)
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	x0 := math.Max(0, math.Min(mapW-w, cx-w/2))
	y0 := math.Max(0, math.Min(worldH-h, cy-h/2))
	m := &mapView{ViewBox: fmt.Sprintf("%.1f %.1f %.1f %.1f", x0, y0, w, h)}
	scale := w / 320 // user units per pixel, drawn about 320 px wide
	m.Stroke = round2(scale * 0.6)
	for _, p := range pts {
		x, y := project(p.Lat, p.Lon)
		r := (2.5 + 9*math.Sqrt(float64(p.Count)/float64(maxCount))) * scale
		m.Dots = append(m.Dots, dot{X: round2(x), Y: round2(y), R: round2(r), Name: p.Name, Count: p.Count,
			URL: d.toggle("location", p.Name), Selected: hasFold(d.State["location"], p.Name)})
	}
	// Big dots first, so that small ones stay on top and clickable.
	sort.SliceStable(m.Dots, func(i, j int) bool { return m.Dots[i].R > m.Dots[j].R })
	return m
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// handleFacet answers filter-as-you-type in a facet: the values of one
// facet (location, actor or source) that contain a text, with their counts
// among the articles the other filters allow.
func (srv *Server) handleFacet(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	name := v.Get("facet")
	contains := strings.ToLower(strings.TrimSpace(v.Get("contains")))
	if len(contains) > 100 {
		srv.writeError(w, r, badParam("contains is too long (at most 100 characters)"))
		return
	}
	q, err := srv.ParseQuery(r)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	switch name {
	case "location":
		q.Locations = nil
	case "actor":
		q.Actors = nil
	case "source":
		q.Sources = nil
	default:
		srv.writeError(w, r, badParam("facet must be location, actor or source, not %q", name))
		return
	}
	q.Size, q.Page, q.FacetSize, q.PageFacets = 1, 1, facetMatchSize, name == "actor"
	res, err := srv.search(r, q)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	vals := map[string][]index.FacetValue{"location": res.Facets.Locations, "actor": res.Facets.Actors, "source": res.Facets.Sources}[name]
	out := []index.FacetValue{}
	for _, fv := range vals {
		if strings.Contains(strings.ToLower(fv.Value), contains) {
			out = append(out, fv)
			if len(out) == 50 {
				break
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"facet": name, "contains": contains, "values": out})
}

// handleExport sends the matching articles (at most exportMax, in the
// page's order) as CSV or JSON, as a download.
func (srv *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	q, err := srv.ParseQuery(r)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	q.NoFacets, q.Size = true, 100
	var hits []index.Hit
	var total uint64
	var echo index.Query
	for page := 1; len(hits) < exportMax; page++ {
		q.Page = page
		res, err := srv.search(r, q)
		if err != nil {
			srv.writeError(w, r, err)
			return
		}
		if page == 1 {
			total, echo = res.Total, res.Query
		}
		hits = append(hits, res.Hits...)
		if len(res.Hits) < q.Size {
			break
		}
	}
	if len(hits) > exportMax {
		hits = hits[:exportMax]
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if mux.Vars(r)["format"] == "json" {
		h.Set("Content-Disposition", `attachment; filename="sitrep-`+stamp+`.json"`)
		echo.Page, echo.Size = 1, len(hits)
		writeJSON(w, http.StatusOK, map[string]any{"query": echo, "total": total, "exported": len(hits), "hits": hits})
		return
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="sitrep-`+stamp+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "published", "source", "title", "url", "locations", "actors", "similar", "score"})
	for _, x := range hits {
		cw.Write([]string{cell(x.ID), cell(x.Published), cell(x.Source), cell(x.Title), cell(x.URL),
			cell(strings.Join(x.Locations, "; ")), cell(strings.Join(x.Actors, "; ")),
			strconv.Itoa(x.Similar), strconv.FormatFloat(x.Score, 'f', 4, 64)})
	}
	cw.Flush()
}

// cell defuses spreadsheet formulas: a cell that starts with = + - @ or a
// control character is read as text.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
