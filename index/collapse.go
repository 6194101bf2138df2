package index

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segapi "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/sitrep/sitrep/index/internal/neardup"
	"github.com/sitrep/sitrep/index/internal/scan"
)

// Near-duplicates. The same wire story appears on many sites with small
// edits; sitrep groups such copies into a cluster. Each article carries
// its fingerprint (internal/neardup) as one term of fSimHash. The lookup
// reads each segment's fingerprints from that field's dictionary once, into
// an in-memory table by band (neardup.Table), and finds there the stored
// articles sharing a band with a new one. Other engines index the bands
// as terms (fSimBand, Document) and look them up with a terms query.
//
// The cluster id is the id of the first article of the cluster (its
// representative, whose own Cluster stays empty); fGroup holds cluster-or-id
// so that search can collapse hits and count the members of each group.

// fingerprintOf computes the signature of an article's text (its title
// too when the text is short).
func fingerprintOf(a *Article) neardup.Fingerprint {
	if m := a.fp; m != nil && m.title == a.Title && m.text == a.Text {
		return m.fp
	}
	fp := neardup.Of(a.Title, a.Text)
	a.fp = &fpMemo{title: a.Title, text: a.Text, fp: fp}
	return fp
}

// PrepareFingerprint computes the article's near-duplicate fingerprint
// ahead of the write, which reuses it while the title and text stay the
// same: ingest workers call it beside extraction, off the writer's path.
func PrepareFingerprint(a *Article) { fingerprintOf(a) }

// fpMemo is a fingerprint with the title and text it was computed from.
type fpMemo struct {
	title, text string
	fp          neardup.Fingerprint
}

// groupKey is the value hits are collapsed on: the cluster, or the
// article's own id when it stands alone or represents its cluster.
func groupKey(id, cluster string) string {
	if cluster != "" {
		return cluster
	}
	return id
}

// nearDupFields adds the fingerprint and the group key to a Bleve
// document.
func nearDupFields(d map[string]any, a *Article) {
	d[fSimHash] = fingerprintOf(a).String()
	d[fGroup] = groupKey(a.ID, a.Cluster)
}

type candidate struct {
	id, group string
	fp        neardup.Fingerprint
}

// AssignClusters sets the Cluster of each article that is a near-duplicate
// of one already in the index or earlier in arts (articles with the same
// id are the same article, not duplicates). An article that others already
// name as their cluster stays the representative. It returns how many
// articles joined a cluster.
func (ix *Index) AssignClusters(ctx context.Context, arts []*Article) (int, error) {
	return AssignClustersWith(ctx, arts, ix.bandLookup)
}

// BandHit is a stored article that shares a fingerprint band with an
// article being added: its id, cluster and fingerprint (FieldSimHash).
type BandHit struct {
	ID, Cluster, SimHash string
}

// BandLookup finds the stored articles that hold any of the band terms
// (FieldSimBand). fps are the fingerprints the terms come from: a lookup
// may leave out the articles that are not near any of them.
type BandLookup func(ctx context.Context, terms []string, fps []neardup.Fingerprint) ([]BandHit, error)

// dupTables is the near-duplicate lookup's tables of the segments in use,
// built on first use and dropped with their segment.
type dupTables struct {
	mu   sync.Mutex
	segs map[segapi.Segment]*neardup.Table
}

// tables returns the table of each segment of snap.
func (dt *dupTables) tables(snap *scorch.IndexSnapshot) ([]*neardup.Table, error) {
	dt.mu.Lock()
	defer dt.mu.Unlock()
	if dt.segs == nil {
		dt.segs = map[segapi.Segment]*neardup.Table{}
	}
	segs := snap.Segments()
	out := make([]*neardup.Table, len(segs))
	live := make(map[segapi.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		live[seg] = true
		t := dt.segs[seg]
		if t == nil {
			var docs []uint32
			var fps []neardup.Fingerprint
			err := scan.EachPosting(seg, fSimHash, func(term string, doc uint64) bool {
				if fp, ok := neardup.Parse(term); ok {
					docs = append(docs, uint32(doc))
					fps = append(fps, fp)
				}
				return true
			})
			if err != nil {
				return nil, err
			}
			t = neardup.NewTable(docs, fps)
			dt.segs[seg] = t
		}
		out[i] = t
	}
	for seg := range dt.segs {
		if !live[seg] {
			delete(dt.segs, seg)
		}
	}
	return out, nil
}

// bandLookup is the BandLookup of the embedded index: the stored articles
// that share a band with one of fps and are near it, found in the
// segments' tables, with the cluster of each read from its stored fields.
func (ix *Index) bandLookup(ctx context.Context, _ []string, fps []neardup.Fingerprint) ([]BandHit, error) {
	snap, release, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer release()
	tabs, err := ix.dups.tables(snap)
	if err != nil {
		return nil, fmt.Errorf("index: near-duplicate lookup: %w", err)
	}
	var out []BandHit
	for si, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		del := ss.Deleted()
		found := map[uint32]neardup.Fingerprint{}
		for _, fp := range fps {
			tabs[si].Near(fp, func(doc uint32, g neardup.Fingerprint) {
				if del == nil || !del.Contains(doc) {
					found[doc] = g
				}
			})
		}
		for doc, g := range found {
			h := BandHit{SimHash: g.String()}
			err := ss.VisitDocument(uint64(doc), func(name string, _ byte, val []byte, _ []uint64) bool {
				switch name {
				case "_id":
					h.ID = string(val)
				case fCluster:
					h.Cluster = string(val)
				}
				return true
			})
			if err != nil {
				return nil, fmt.Errorf("index: near-duplicate lookup: %w", err)
			}
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// AssignClustersWith is AssignClusters over any engine: lookup finds the
// stored candidates.
func AssignClustersWith(ctx context.Context, arts []*Article, lookup BandLookup) (int, error) {
	fps := make([]neardup.Fingerprint, len(arts))
	var terms []string
	seen := map[string]bool{}
	for i, a := range arts {
		fps[i] = fingerprintOf(a)
		for _, t := range fps[i].Bands() {
			if !seen[t] {
				seen[t] = true
				terms = append(terms, t)
			}
		}
	}
	byTerm := map[string][]candidate{}
	if len(terms) > 0 {
		hits, err := lookup(ctx, terms, fps)
		if err != nil {
			return 0, err
		}
		for _, h := range hits {
			fp, ok := neardup.Parse(h.SimHash)
			if !ok {
				continue
			}
			c := candidate{id: h.ID, group: groupKey(h.ID, h.Cluster), fp: fp}
			for _, t := range fp.Bands() {
				if seen[t] {
					byTerm[t] = append(byTerm[t], c)
				}
			}
		}
	}
	// Within a batch, the order in which parallel workers finished is
	// arbitrary: decide in publication order (then by id), so the earliest
	// copy of a story represents it and the outcome is the same every run.
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := arts[order[x]], arts[order[y]]
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		return a.ID < b.ID
	})
	joined := 0
	for _, i := range order {
		a := arts[i]
		fp := fps[i]
		best, bestDist, rep := "", 65, false
		for _, t := range fp.Bands() {
			for _, c := range byTerm[t] {
				if c.id == a.ID || !fp.Near(c.fp) {
					continue
				}
				if c.group == a.ID {
					rep = true
				}
				d := fp.Distance(c.fp)
				if d < bestDist || (d == bestDist && c.group < best) {
					best, bestDist = c.group, d
				}
			}
		}
		a.Cluster = ""
		if !rep && best != "" {
			a.Cluster = best
			joined++
		}
		// Later articles of this batch see this one as a candidate.
		c := candidate{id: a.ID, group: groupKey(a.ID, a.Cluster), fp: fp}
		for _, t := range fp.Bands() {
			if seen[t] {
				byTerm[t] = append(byTerm[t], c)
			}
		}
	}
	return joined, nil
}

// Cluster describes one near-duplicate cluster: its representative and
// how many articles it holds.
type Cluster struct {
	ID   string `json:"id"`
	Size int    `json:"size"`
}

// Clusters returns up to limit clusters of more than one article, largest
// first, from the counts of group keys.
func (ix *Index) Clusters(ctx context.Context, limit int) ([]Cluster, error) {
	counts, err := ix.termCounts(ctx, fGroup)
	if err != nil {
		return nil, fmt.Errorf("index: clusters: %w", err)
	}
	var out []Cluster
	for _, fv := range topCounts(counts[fGroup], -1) {
		if fv.Count < 2 || len(out) == max(limit, 1) {
			break
		}
		out = append(out, Cluster{ID: fv.Value, Size: fv.Count})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size > out[j].Size })
	return out, nil
}
