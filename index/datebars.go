package index

import "time"

// DateBar is one bar of a date histogram: [Start, End).
type DateBar struct{ Start, End time.Time }

// DateBars splits [lo, hi) into the bars Search's date facet uses, so that
// other engines (OpenSearch, the benchmark's peers) count the same bars: days up to two months,
// weeks up to a year, months up to ten years, else years.
func DateBars(lo, hi time.Time) (interval string, bars []DateBar) {
	interval, bs := dateBuckets(lo, hi)
	for _, b := range bs {
		bars = append(bars, DateBar{b.start, b.end})
	}
	return interval, bars
}
