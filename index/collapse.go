package index

import (
	"context"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Near-duplicates. The same wire story appears on many sites with small
// edits; sitrep groups such copies into a cluster. Each article carries a
// 64-bit SimHash of its word 3-shingles; two articles whose SimHashes differ
// in at most nearBits bits are near-duplicates. To find candidates without
// comparing against every article, 16 bands of 16 bits sampled from the
// SimHash are indexed as keyword terms (fSimBand), and one term query per
// batch finds the candidates (see terms). Texts too short for shingles (headlines) use one exact term
// of their normalised words instead.
//
// The cluster id is the id of the first article of the cluster (its
// representative, whose own Cluster stays empty); fGroup holds cluster-or-id
// so that search can collapse hits and count the members of each group.
const (
	fSimBand = "simband"
	fSimHash = "simhash"
	fGroup   = "group"

	nearBits     = 8  // largest Hamming distance between near-duplicates
	shingleWords = 3  // words per shingle
	minWords     = 25 // fewer words than this: exact match only
)

// fingerprint is an article's near-duplicate signature.
type fingerprint struct {
	exact bool   // short text: equal hashes only
	hash  uint64 // SimHash, or hash of the words when exact
}

func (f fingerprint) String() string {
	p := "s"
	if f.exact {
		p = "x"
	}
	return p + strconv.FormatUint(f.hash, 16)
}

func parseFingerprint(s string) (fingerprint, bool) {
	if len(s) < 2 || (s[0] != 's' && s[0] != 'x') {
		return fingerprint{}, false
	}
	h, err := strconv.ParseUint(s[1:], 16, 64)
	return fingerprint{exact: s[0] == 'x', hash: h}, err == nil
}

// terms are the LSH band terms indexed for candidate lookup: 16 bands,
// each 16 bits sampled from the SimHash at fixed positions. Two hashes
// 6 bits apart share at least one band with probability 0.96, 8 bits apart
// 0.8; unrelated texts (about 32 bits apart) almost never do.
func (f fingerprint) terms() []string {
	if f.exact {
		return []string{f.String()}
	}
	out := make([]string, len(bandBits))
	for i, pos := range bandBits {
		var v uint64
		for j, p := range pos {
			v |= (f.hash >> p & 1) << j
		}
		out[i] = fmt.Sprintf("b%x:%04x", i, v)
	}
	return out
}

// bandBits are the bit positions of each band, drawn once from a fixed
// seed: changing them requires re-indexing.
var bandBits = func() [16][16]uint {
	var out [16][16]uint
	x := uint64(0x9e3779b97f4a7c15)
	for i := range out {
		perm := make([]uint, 64)
		for k := range perm {
			perm[k] = uint(k)
		}
		for k := 63; k > 0; k-- {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			j := int(x % uint64(k+1))
			perm[k], perm[j] = perm[j], perm[k]
		}
		copy(out[i][:], perm[:16])
	}
	return out
}()

func (f fingerprint) near(g fingerprint) bool {
	if f.exact || g.exact {
		return f.exact == g.exact && f.hash == g.hash
	}
	return bits.OnesCount64(f.hash^g.hash) <= nearBits
}

// fingerprintOf computes the signature of an article's text (its title
// too when the text is short).
func fingerprintOf(a *Article) fingerprint {
	if m := a.fp; m != nil && m.title == a.Title && m.text == a.Text {
		return m.fp
	}
	fp := computeFingerprint(a)
	a.fp = &fpMemo{title: a.Title, text: a.Text, fp: fp}
	return fp
}

// fpMemo is a fingerprint with the title and text it was computed from.
type fpMemo struct {
	title, text string
	fp          fingerprint
}

// FNV-1a, 64 bits, written out so that hashing a shingle allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func computeFingerprint(a *Article) fingerprint {
	words := normWords(a.Text)
	if len(words) < minWords {
		words = append(normWords(a.Title), words...)
		h := uint64(fnvOffset)
		for _, w := range words {
			h = fnvAdd(h, w)
			h *= fnvPrime // the separator byte 0 (xor with 0 changes nothing)
		}
		return fingerprint{exact: true, hash: h}
	}
	var v [64]int
	for i := 0; i+shingleWords <= len(words); i++ {
		x := uint64(fnvOffset)
		for _, w := range words[i : i+shingleWords] {
			x = fnvAdd(x, w)
			x = (x ^ ' ') * fnvPrime
		}
		// FNV's high bits mix poorly for short inputs: finalise (splitmix64).
		x ^= x >> 30
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 27
		x *= 0x94d049bb133111eb
		x ^= x >> 31
		for b := 0; b < 64; b++ {
			v[b] += int(x>>b&1)*2 - 1
		}
	}
	var sim uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			sim |= 1 << b
		}
	}
	return fingerprint{hash: sim}
}

// normWords lower-cases and splits on anything but letters and digits.
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
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
	d[fSimBand] = fp.terms()
	d[fGroup] = groupKey(a.ID, a.Cluster)
}

type candidate struct {
	id, group string
	fp        fingerprint
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

// bandLookup is the BandLookup of the embedded index.
func (ix *Index) bandLookup(ctx context.Context, terms []string) ([]BandHit, error) {
	qs := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(fSimBand)
		qs = append(qs, tq)
	}
	var out []BandHit
	const pageSize = 2000
	for from := 0; ; from += pageSize {
		req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), pageSize, from, false)
		req.Fields = []string{fSimHash, fCluster}
		req.SortBy([]string{"_id"})
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("index: near-duplicate lookup: %w", err)
		}
		for _, h := range res.Hits {
			out = append(out, BandHit{ID: h.ID, Cluster: str(h.Fields, fCluster), SimHash: str(h.Fields, fSimHash)})
		}
		if len(res.Hits) < pageSize || from+pageSize >= 50000 {
			return out, nil
		}
	}
}

// AssignClustersWith is AssignClusters over any engine: lookup finds the
// stored candidates.
func AssignClustersWith(ctx context.Context, arts []*Article, lookup BandLookup) (int, error) {
	fps := make([]fingerprint, len(arts))
	var terms []string
	seen := map[string]bool{}
	for i, a := range arts {
		fps[i] = fingerprintOf(a)
		for _, t := range fps[i].terms() {
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
			fp, ok := parseFingerprint(h.SimHash)
			if !ok {
				continue
			}
			c := candidate{id: h.ID, group: groupKey(h.ID, h.Cluster), fp: fp}
			for _, t := range fp.terms() {
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
		for _, t := range fp.terms() {
			for _, c := range byTerm[t] {
				if c.id == a.ID || !fp.near(c.fp) {
					continue
				}
				if c.group == a.ID {
					rep = true
				}
				d := bits.OnesCount64(fp.hash ^ c.fp.hash)
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
		for _, t := range fp.terms() {
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
