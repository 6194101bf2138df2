package index

import (
	"strconv"
	"strings"
)

// The search page shows more than the plain facets: places as a hierarchy
// (country > region > place), the points of a map and actors by kind. Each
// comes from a keyword field whose terms pack several values, joined by
// facetSep, so that one term facet counts them per article:
//
//	loc_path   "Russia␟Kursk Oblast␟Makhnovka" and every shorter prefix
//	loc_geo    "Makhnovka␟51.2000␟35.2000"     places with coordinates
//	actor_kind "person␟Volodymyr Zelensky"
//
// Indexes built before these fields existed simply return none of them.
const (

	// Sizes of the page facets: enough for a tree and a map, bounded cost.
	pathFacetSize  = 300
	pointFacetSize = 200
	// MaxFacetSize caps Query.FacetSize.
	MaxFacetSize = 10000
)

// PlaceCount is one node of the place hierarchy: Path runs from the
// country down to the place, and Count is the articles that name the place
// or anything inside it.
type PlaceCount struct {
	Path  []string `json:"path"`
	Count int      `json:"count"`
}

// PointCount is a place with coordinates and the articles that name it.
type PointCount struct {
	Name  string  `json:"name"`
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Count int     `json:"count"`
}

// addPageFacetFields adds the packed fields of the page facets to a document.
func addPageFacetFields(d map[string]any, a *Article) {
	var paths, geos []string
	seen := map[string]bool{}
	add := func(list *[]string, v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			*list = append(*list, v)
		}
	}
	for _, l := range a.Locations {
		path := l.Path
		if len(path) == 0 {
			path = []string{l.Name}
		}
		// Path runs from the place up; the facet wants country first.
		var down []string
		for i := len(path) - 1; i >= 0; i-- {
			if n := strings.TrimSpace(path[i]); n != "" && !strings.Contains(n, facetSep) {
				down = append(down, n)
				add(&paths, strings.Join(down, facetSep))
			}
		}
		if l.Lat != nil && l.Lon != nil && l.Name != "" && !strings.Contains(l.Name, facetSep) {
			add(&geos, l.Name+facetSep+strconv.FormatFloat(*l.Lat, 'f', 4, 64)+facetSep+strconv.FormatFloat(*l.Lon, 'f', 4, 64))
		}
	}
	var kinds []string
	for _, ac := range a.Actors {
		if ac.Name != "" && !strings.Contains(ac.Name, facetSep) {
			k := ac.Kind
			if k == "" {
				k = "other"
			}
			add(&kinds, k+facetSep+ac.Name)
		}
	}
	if len(paths) > 0 {
		d[fLocPath] = paths
	}
	if len(geos) > 0 {
		d[fLocGeo] = geos
	}
	if len(kinds) > 0 {
		d[fActorKind] = kinds
	}
}

// readPageFacets fills the page facets and the kinds of the actor facet.
func readPageFacets(f *Facets, terms map[string][]FacetValue, q Query) {
	if !q.PageFacets {
		return
	}
	for _, t := range terms[fLocPath] {
		f.Places = append(f.Places, PlaceCount{Path: strings.Split(t.Value, facetSep), Count: t.Count})
	}
	for _, t := range terms[fLocGeo] {
		p := strings.Split(t.Value, facetSep)
		if len(p) != 3 {
			continue
		}
		lat, err1 := strconv.ParseFloat(p[1], 64)
		lon, err2 := strconv.ParseFloat(p[2], 64)
		if err1 == nil && err2 == nil {
			f.Points = append(f.Points, PointCount{Name: p[0], Lat: lat, Lon: lon, Count: t.Count})
		}
	}
	kinds := map[string]string{}
	for _, t := range terms[fActorKind] {
		if k, name, ok := strings.Cut(t.Value, facetSep); ok {
			if _, dup := kinds[name]; !dup {
				kinds[name] = k
			}
		}
	}
	for i, a := range f.Actors {
		f.Actors[i].Kind = kinds[a.Value]
	}
}
