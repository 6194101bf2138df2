// Package engines opens the index where the configuration puts it: the
// embedded Bleve index in a folder (the default) or an index on an
// OpenSearch cluster. Both are an index.Engine.
package engines

import (
	"context"
	"log/slog"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/opensearch"
)

// OpenSearch names a cluster and the index on it.
type OpenSearch = opensearch.Settings

// ErrNoIndex is returned by OpenOpenSearch when the index does not exist
// on the cluster and create is false.
var ErrNoIndex = opensearch.ErrNoIndex

// OpenOpenSearch connects to the cluster and checks the index, creating it
// (with s.Shards and s.Replicas) when it does not exist and create is set.
// An index that sitrep did not make, or made with another schema, is
// refused with what to do about it.
func OpenOpenSearch(ctx context.Context, s OpenSearch, opts index.Options, create bool, log *slog.Logger) (index.Engine, error) {
	e, err := opensearch.Open(ctx, s, opts, create, log)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// DropOpenSearch deletes the index named by s on the cluster, if it exists,
// so that a benchmark starts from nothing.
func DropOpenSearch(ctx context.Context, s OpenSearch) error {
	return opensearch.Drop(ctx, s)
}
