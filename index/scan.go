package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scanner is an engine whose every article can be read back, in id order,
// a page at a time: what `sitrep reindex` moves from one engine to another.
type Scanner interface {
	Scan(ctx context.Context, page int, fn func([]*Article) error) error
}

var _ Scanner = (*Index)(nil)

// Scan calls fn with every article of the index, page at a time (default
// 1000), in id order, with its entities and near-duplicate cluster.
func (ix *Index) Scan(ctx context.Context, page int, fn func([]*Article) error) error {
	if page <= 0 {
		page = 1000
	}
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), page, 0, false)
		req.Fields = storedFields
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("index: scan: %w", err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		arts := make([]*Article, 0, len(res.Hits))
		for _, h := range res.Hits {
			unpackBody(h.Fields) // body.go
			arts = append(arts, articleFromFields(h.ID, h.Fields))
		}
		if err := fn(arts); err != nil {
			return err
		}
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
