package harness

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	htmlfmt "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
)

// bleveEngine is Bleve as a developer would set it up in an afternoon: the
// default mapping with the English analyzer (so _all, stored fields and
// term vectors everywhere), keyword fields only where facets need them,
// batches of 1000, one query string against _all.
type bleveEngine struct{ b bleve.Index }

type bleveDoc struct {
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Locations []string  `json:"locations"`
	Actors    []string  `json:"actors"`
}

func openBleve(dir string) (Engine, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		b, err := bleve.Open(dir)
		if err != nil {
			return nil, fmt.Errorf("bleve: %w", err)
		}
		return &bleveEngine{b}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	kw := bleve.NewKeywordFieldMapping()
	dm := bleve.NewDocumentMapping()
	dm.AddFieldMappingsAt("source", kw)
	dm.AddFieldMappingsAt("locations", kw)
	dm.AddFieldMappingsAt("actors", kw)
	m.DefaultMapping = dm
	b, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	return &bleveEngine{b}, nil
}

func (e *bleveEngine) Put(_ context.Context, batch []*index.Article) error {
	bt := e.b.NewBatch()
	for _, a := range batch {
		if err := bt.Index(a.ID, bleveDoc{Title: a.Title, Text: a.Text, URL: a.URL, Source: a.Source,
			Published: a.Published, Locations: a.LocationNames(), Actors: a.ActorNames()}); err != nil {
			return err
		}
	}
	return e.b.Batch(bt)
}

func (e *bleveEngine) Search(ctx context.Context, q Query) (*Answer, error) {
	var must []query.Query
	if q.Phrase {
		p := query.NewMatchPhraseQuery(q.Text()[1 : len(q.Text())-1])
		must = append(must, p)
	} else {
		for _, w := range q.Words {
			must = append(must, query.NewMatchQuery(w))
		}
	}
	filter := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		var alts []query.Query
		for _, v := range vals {
			t := query.NewTermQuery(v)
			t.SetField(field)
			alts = append(alts, t)
		}
		must = append(must, query.NewDisjunctionQuery(alts))
	}
	filter("locations", q.Locations)
	filter("actors", q.Actors)
	lo, hi := queryWindow(q)
	if q.From != "" || q.To != "" {
		t, f := true, false
		d := query.NewDateRangeInclusiveQuery(lo, hi, &t, &f)
		d.SetField("published")
		must = append(must, d)
	}
	var qq query.Query = query.NewMatchAllQuery()
	if len(must) > 0 {
		qq = query.NewConjunctionQuery(must)
	}
	req := bleve.NewSearchRequestOptions(qq, 10, 0, false)
	req.Fields = []string{"title", "url", "source", "published", "locations", "actors"}
	if len(q.Words) > 0 {
		req.Highlight = bleve.NewHighlightWithStyle(htmlfmt.Name)
		req.Highlight.AddField("title")
		req.Highlight.AddField("text")
	}
	req.AddFacet("locations", bleve.NewFacetRequest("locations", 10))
	req.AddFacet("actors", bleve.NewFacetRequest("actors", 10))
	req.AddFacet("source", bleve.NewFacetRequest("source", 10))
	_, buckets := dateBuckets(lo, hi)
	df := bleve.NewFacetRequest("published", len(buckets))
	for _, b := range buckets {
		df.AddDateTimeRange(b.Start.Format(time.DateOnly), b.Start, b.End)
	}
	req.AddFacet("published", df)
	res, err := e.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	a := &Answer{Total: int(res.Total)}
	for _, h := range res.Hits {
		a.IDs = append(a.IDs, h.ID)
		for _, f := range h.Fragments {
			a.Fragments += min(len(f), 2)
		}
	}
	if f := res.Facets["locations"]; f != nil && f.Terms != nil && len(f.Terms.Terms()) > 0 {
		a.TopLoc = f.Terms.Terms()[0].Term
	}
	if f := res.Facets["actors"]; f != nil && f.Terms != nil && len(f.Terms.Terms()) > 0 {
		a.TopActor = f.Terms.Terms()[0].Term
	}
	if f := res.Facets["published"]; f != nil {
		for _, d := range f.DateRanges {
			a.DateSum += d.Count
		}
	}
	return a, nil
}

func (e *bleveEngine) Close() error { return e.b.Close() }
