package index

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveapi "github.com/blevesearch/bleve_index_api"
	"github.com/sitrep/sitrep/index/internal/schema"
)

// Ranking is BM25: a word's weight saturates with its frequency in a field
// and falls with the field's length against the average length. Bleve
// (v2.6) has BM25 but takes the number of distinct words of a field over
// the index, divided by the number of documents, as the average length: on
// news texts that is a few words where the true average is hundreds, so
// every long article was scored as if it were very long and short ones won.
// sitrep passes Bleve its own statistics instead: the average number of
// words of title, text and the entity field, measured on a sample of the
// stored articles.

// useBM25 sets BM25 on the mapping of an open index, also on indexes
// created before the mapping said so: the scoring model is read at search
// time, and the index data is the same for both.
func useBM25(b bleve.Index) {
	if m, ok := b.Mapping().(*mapping.IndexMappingImpl); ok {
		m.ScoringModel = bleveapi.BM25Scoring
	}
}

// withBM25 prepares ctx for searchers run outside bleve.Index.Search (the
// scan runs its own): BM25, with stats.
func withBM25(ctx context.Context, stats *search.BM25Stats) context.Context {
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bleveapi.BM25Scoring }))
	if stats != nil {
		ctx = context.WithValue(ctx, search.BM25StatsKey, stats)
	}
	return ctx
}

// bm25Sample is how many articles the average field lengths are measured
// on: the average of 500 texts is within a few per cent of the whole.
const bm25Sample = 500

// scoringStats returns the BM25 statistics of the index. The average
// lengths are measured again only when the number of articles has changed
// by a tenth since: a write of a few articles changes them by nothing that
// matters, and measuring costs tens of milliseconds.
func (ix *Index) scoringStats() (*search.BM25Stats, error) {
	n, err := ix.b.DocCount()
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	st := ix.bm25
	ix.mu.Unlock()
	if st == nil {
		st = ix.storedBM25()
	}
	if st != nil && st.DocCount > 0 && math.Abs(float64(n)-st.DocCount) <= st.DocCount/10 {
		ix.mu.Lock()
		ix.bm25 = st
		ix.mu.Unlock()
		if float64(n) == st.DocCount {
			return st, nil
		}
		return scaleBM25(st, float64(n)), nil
	}
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil // Bleve's own statistics
	}
	st, err = ix.measureBM25(snap)
	if err != nil {
		return nil, fmt.Errorf("search: field lengths: %w", err)
	}
	ix.mu.Lock()
	ix.bm25 = st
	ix.mu.Unlock()
	return st, nil
}

// SaveScoringStats keeps the measured statistics in the index for the
// next process that opens it (a command-line search would otherwise
// measure again). It writes to the index: the ingest calls it when it has
// written, never a search (an index on a read-only disk must stay
// searchable).
func (ix *Index) SaveScoringStats() error {
	st, err := ix.scoringStats()
	if err != nil || st == nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	ix.keepInternal(bm25Key, b) // not on a read-only index
	return nil
}

// bm25Key is where the index keeps its measured statistics.
const bm25Key = "sitrep.bm25"

// storedBM25 returns the statistics an earlier process measured, with
// every field of the mapping named; nil when there are none.
func (ix *Index) storedBM25() *search.BM25Stats {
	b, err := ix.b.GetInternal([]byte(bm25Key))
	if err != nil || len(b) == 0 {
		return nil
	}
	var st search.BM25Stats
	if json.Unmarshal(b, &st) != nil || st.FieldCardinality == nil {
		return nil
	}
	for _, f := range mappedFields(ix.b.Mapping()) {
		if _, ok := st.FieldCardinality[f]; !ok {
			st.FieldCardinality[f] = 0
		}
	}
	return &st
}

// measureBM25 counts the documents and estimates, for every field, the
// total number of words (Bleve's "field cardinality" in its BM25 formula).
// Title, text, their per-language copies and the entity field are measured
// by analysing a sample of stored articles as the index did; the other
// fields keep Bleve's figure (they are filters, whose scores do not rank).
func (ix *Index) measureBM25(snap *scorch.IndexSnapshot) (*search.BM25Stats, error) {
	n, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	fields, err := snap.Fields()
	if err != nil {
		return nil, err
	}
	// Bleve fails a search on a field missing from the statistics: name
	// every field the mapping has (a Cyrillic word is looked for in
	// title_uk before any Ukrainian article is indexed), with Bleve's
	// figure where the index has the field.
	card := map[string]int{}
	for _, f := range mappedFields(ix.b.Mapping()) {
		card[f] = 0
	}
	for _, f := range fields {
		if card[f], err = snap.FieldCardinality(f); err != nil {
			return nil, err
		}
	}
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: card}
	if n == 0 {
		return st, nil
	}
	m := ix.b.Mapping()
	english := m.AnalyzerNamed(schema.English)
	sum, docs := map[string]int{}, map[string]int{}
	count := func(field string, words int) {
		if words > 0 {
			sum[field] += words
			docs[field]++
		}
	}
	stride := max(1, n/bm25Sample)
	var seen uint64
	for _, ss := range snap.Segments() {
		del := ss.Deleted()
		for d := uint64(0); d < ss.Count(); d++ {
			if del != nil && del.Contains(uint32(d)) {
				continue
			}
			seen++
			if seen%stride != 0 {
				continue
			}
			var title, text, lang, ents string
			err := ss.VisitDocument(d, func(name string, _ byte, val []byte, _ []uint64) bool {
				switch name {
				case fBody:
					title, text, ents, _ = decodeBody(string(val)) // body.go
				case fTitle:
					title = string(val)
				case fText:
					text = string(val)
				case fLang:
					lang = string(val)
				case fEntities:
					ents = string(val)
				}
				return true
			})
			if err != nil {
				return nil, err
			}
			if english != nil {
				count(fTitle, len(english.Analyze([]byte(title))))
				count(fText, len(english.Analyze([]byte(text))))
			}
			if an, ok := langAnalyzers[lang]; ok {
				if a := m.AnalyzerNamed(an); a != nil {
					count(langField(fTitle, lang), len(a.Analyze([]byte(title))))
					count(langField(fText, lang), len(a.Analyze([]byte(text))))
				}
			}
			if ents != "" {
				var e entities
				if decodeEntities(ents, &e) {
					count(fEntity, len(entityFieldValues(&Article{Locations: e.Locations, Actors: e.Actors})))
				}
			}
		}
	}
	// Bleve divides the total by the number of documents: give it the
	// average over the documents that have the field, times that number.
	for f, s := range sum {
		avg := float64(s) / float64(docs[f])
		card[f] = int(math.Round(avg * float64(n)))
	}
	return st, nil
}

// scaleBM25 is st for n documents, with the same average lengths.
func scaleBM25(st *search.BM25Stats, n float64) *search.BM25Stats {
	card := make(map[string]int, len(st.FieldCardinality))
	for f, c := range st.FieldCardinality {
		card[f] = int(math.Round(float64(c) * n / st.DocCount))
	}
	return &search.BM25Stats{DocCount: n, FieldCardinality: card}
}

// mappedFields are the names of the fields of the index mapping.
func mappedFields(m mapping.IndexMapping) []string {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return nil
	}
	var out []string
	for prop, dm := range im.DefaultMapping.Properties {
		for _, fm := range dm.Fields {
			name := fm.Name
			if name == "" {
				name = prop
			}
			out = append(out, name)
		}
	}
	return out
}
