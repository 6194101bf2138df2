package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/sitrep/sitrep/index/internal/neardup"
	"github.com/sitrep/sitrep/index/internal/scan"
)

// Near-duplicates. The same wire story appears on many sites with small
// edits; sitrep groups such copies into a cluster. Each article carries
// its fingerprint (internal/neardup) in fSimHash and the fingerprint's
// bands as keyword terms in fSimBand, and one term query per batch finds
// the candidates.
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

// nearDupFields adds the fingerprint, its band terms and the group key to
// a Bleve document.
func nearDupFields(d map[string]any, a *Article) {
	fp := fingerprintOf(a)
	d[fSimHash] = fp.String()
	d[fSimBand] = fp.Bands()
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
// (FieldSimBand).
type BandLookup func(ctx context.Context, terms []string) ([]BandHit, error)

// bandLookup is the BandLookup of the embedded index. It reads the band
// terms' postings segment by segment, as the scan reads its filters
// (scan.TermsBitmap), and then the fingerprint and cluster of each article
// found: a scored Bleve search over a disjunction of the batch's thousands
// of band terms cost several times as much.
func (ix *Index) bandLookup(ctx context.Context, terms []string) ([]BandHit, error) {
	const maxHits = 50000
	snap, release, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer release()
	var out []BandHit
	for _, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		found, err := scan.TermsBitmap(ss.Segment(), fSimBand, terms)
		if err != nil {
			return nil, fmt.Errorf("index: near-duplicate lookup: %w", err)
		}
		if del := ss.Deleted(); del != nil {
			found.AndNot(del)
		}
		it := found.Iterator()
		for it.HasNext() && len(out) < maxHits {
			var h BandHit
			err := ss.VisitDocument(uint64(it.Next()), func(name string, _ byte, val []byte, _ []uint64) bool {
				switch name {
				case "_id":
					h.ID = string(val)
				case fSimHash:
					h.SimHash = string(val)
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
		hits, err := lookup(ctx, terms)
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
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 0, 0, false)
	req.AddFacet(fGroup, bleve.NewFacetRequest(fGroup, max(limit, 1)))
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: clusters: %w", err)
	}
	var out []Cluster
	if fr := res.Facets[fGroup]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			if t.Count > 1 {
				out = append(out, Cluster{ID: t.Term, Size: t.Count})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size > out[j].Size })
	return out, nil
}
