package scan

import (
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
)

// column is one facet field of one segment: the value ordinals of local
// document d are ords[start[d]:start[d+1]].
type column struct {
	start []uint32
	ords  []uint32
}

func (c *column) of(d uint64) []uint32 {
	if int(d)+1 >= len(c.start) {
		return nil
	}
	return c.ords[c.start[d]:c.start[d+1]]
}

// dict maps a field's values to ordinals, shared by every segment.
type dict struct {
	ord   map[string]uint32
	names []string
}

// segCols holds the facet values of one segment's documents as rows: the
// values of local document d are data[start[d]:start[d+1]], for each row
// field in turn its number of values and then their ordinals. A search
// that counts seven facets over its matches then reads one run of memory
// per match instead of one per facet, which made the tally a third of a
// page request's time.
type segCols struct {
	start []uint32
	data  []uint32
	pub   []int64 // publication time (UnixNano) per local document; 0 when missing
}

// of returns the value ordinals of row field fi for local document d.
func (sc *segCols) of(d uint64, fi int) []uint32 {
	if int(d)+1 >= len(sc.start) {
		return nil
	}
	row := sc.data[sc.start[d]:sc.start[d+1]]
	for ; fi > 0; fi-- {
		row = row[1+row[0]:]
	}
	return row[1 : 1+row[0]]
}

// Cache holds the rows of the segments in use, built on first use and
// dropped with their segment.
type Cache struct {
	fields Fields
	index  map[string]int // row position of each row field
	mu     sync.Mutex
	dicts  map[string]*dict
	segs   map[segapi.Segment]*segCols
}

// Fields names the fields a Cache reads: Rows are the keyword fields whose
// values are counted (facets), Published the date field (exact terms of
// Bleve's date encoding), Group the near-duplicate group (one of Rows).
type Fields struct {
	Rows      []string
	Published string
	Group     string
}

// New returns an empty cache of the rows of fields.
func New(f Fields) *Cache {
	c := &Cache{fields: f, index: map[string]int{}}
	for i, r := range f.Rows {
		c.index[r] = i
	}
	return c
}

// noPub is the publication time of a document without one.
const noPub = 0

// columns returns, for every segment of snap, its rows (built on first
// use), and the dictionaries' current value names of every row field.
func (fc *Cache) columns(snap *scorch.IndexSnapshot) ([]*segCols, map[string][]string, error) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.segs == nil {
		fc.segs = map[segapi.Segment]*segCols{}
		fc.dicts = map[string]*dict{}
		for _, f := range fc.fields.Rows {
			fc.dicts[f] = &dict{ord: map[string]uint32{}}
		}
	}
	segs := snap.Segments()
	out := make([]*segCols, len(segs))
	live := make(map[segapi.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		live[seg] = true
		sc := fc.segs[seg]
		if sc == nil {
			var err error
			if sc, err = buildRows(seg, fc.fields, fc.dicts); err != nil {
				return nil, nil, err
			}
			fc.segs[seg] = sc
		}
		out[i] = sc
	}
	for seg := range fc.segs {
		if !live[seg] {
			delete(fc.segs, seg)
		}
	}
	names := make(map[string][]string, len(fc.fields.Rows))
	for _, f := range fc.fields.Rows {
		names[f] = fc.dicts[f].names
	}
	return out, names, nil
}

// buildRows un-inverts the row fields of seg and interleaves them by
// document.
func buildRows(seg segapi.Segment, fields Fields, dicts map[string]*dict) (*segCols, error) {
	pub, err := pubColumn(seg, fields.Published)
	if err != nil {
		return nil, err
	}
	n := seg.Count()
	cols := make([]*column, len(fields.Rows))
	size := uint64(0)
	for fi, f := range fields.Rows {
		if cols[fi], err = buildColumn(seg, f, dicts[f]); err != nil {
			return nil, err
		}
		size += uint64(len(cols[fi].ords))
	}
	sc := &segCols{start: make([]uint32, n+1), data: make([]uint32, 0, size+n*uint64(len(fields.Rows))), pub: pub}
	for d := uint64(0); d < n; d++ {
		for _, c := range cols {
			vals := c.of(d)
			sc.data = append(sc.data, uint32(len(vals)))
			sc.data = append(sc.data, vals...)
		}
		sc.start[d+1] = uint32(len(sc.data))
	}
	return sc, nil
}

// eachPosting calls fn for every (term, document) pair of field in seg,
// term by term; fn returns false to skip the rest of a term's postings.
func eachPosting(seg segapi.Segment, field string, fn func(term string, doc uint64) bool) error {
	td, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	it := td.AutomatonIterator(nil, nil, nil)
	var pl segapi.PostingsList
	var pi segapi.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		pl, err = td.PostingsList([]byte(e.Term), nil, pl)
		if err != nil {
			return err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return err
			}
			if p == nil || !fn(e.Term, p.Number()) {
				break
			}
		}
	}
}

func buildColumn(seg segapi.Segment, field string, d *dict) (*column, error) {
	n := seg.Count()
	var docs, ords []uint32
	last, o := "", uint32(0)
	err := eachPosting(seg, field, func(term string, doc uint64) bool {
		if term != last || len(docs) == 0 {
			var ok bool
			if o, ok = d.ord[term]; !ok {
				o = uint32(len(d.names))
				d.ord[term] = o
				d.names = append(d.names, term)
			}
			last = term
		}
		docs = append(docs, uint32(doc))
		ords = append(ords, o)
		return true
	})
	if err != nil {
		return nil, err
	}
	// Counting sort by document.
	c := &column{start: make([]uint32, n+1), ords: make([]uint32, len(ords))}
	for _, doc := range docs {
		c.start[doc+1]++
	}
	for i := 1; i <= int(n); i++ {
		c.start[i] += c.start[i-1]
	}
	fill := append([]uint32(nil), c.start[:n]...)
	for i, doc := range docs {
		c.ords[fill[doc]] = ords[i]
		fill[doc]++
	}
	return c, nil
}

// pubColumn reads the publication time of every document from the exact
// (shift 0) terms of the date field.
func pubColumn(seg segapi.Segment, field string) ([]int64, error) {
	pub := make([]int64, seg.Count())
	err := eachPosting(seg, field, func(term string, doc uint64) bool {
		pc := numeric.PrefixCoded(term)
		if s, err := pc.Shift(); err != nil || s != 0 {
			return false
		}
		v, err := pc.Int64()
		if err != nil {
			return false
		}
		pub[doc] = v
		return true
	})
	return pub, err
}

// Span is the earliest and latest publication time (UnixNano) of the
// live documents of snap, read from the publication columns (0, 0: none): a few milliseconds at a
// million articles, where asking Bleve to sort every document by date took
// seconds (and every concurrent search asked it again until one finished).
func (fc *Cache) Span(snap *scorch.IndexSnapshot) (lo, hi int64, err error) {
	segs, _, err := fc.columns(snap)
	if err != nil {
		return 0, 0, err
	}
	lo, hi = int64(math.MaxInt64), int64(math.MinInt64)
	for i, ss := range snap.Segments() {
		del := ss.Deleted()
		for d, p := range segs[i].pub {
			if p == noPub || (del != nil && del.Contains(uint32(d))) {
				continue
			}
			lo, hi = min(lo, p), max(hi, p)
		}
	}
	if lo > hi {
		return 0, 0, nil // no dated article
	}
	return lo, hi, nil
}
