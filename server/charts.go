package server

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"time"

	"github.com/sitrep/sitrep/index"
)

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
