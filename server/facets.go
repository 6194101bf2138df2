package server

import (
	"context"
	"net/http"

	"github.com/sitrep/sitrep/index"
)

// pageSearch runs q for the page. The index counts each filtered facet
// over the articles that pass the other filters (what choosing one more
// value would add), so the page, /api/search and the widget show the same
// counts for the same state.
func (srv *Server) pageSearch(r *http.Request, q index.Query) (*index.Results, error) {
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	return srv.s.Search(ctx, q)
}
