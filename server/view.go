package server

import (
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
)

// The view model: what the page's template shows, built from the query's
// results. Every link on the page is a URL of the page's state (stateOf),
// changed by one step: a filter added or removed, another order or page.

// pageData is what the template shows.
type pageData struct {
	Q      index.Query
	R      *index.Results
	Err    string
	Status int

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
