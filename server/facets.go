package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/sitrep/sitrep/index"
)

// pageSearch runs q and, for each facet the user filters on, a search
// without that facet's filter: values of one facet OR together, so their
// counts must say what choosing one more would add, not what is left.
func (srv *Server) pageSearch(r *http.Request, q index.Query) (*index.Results, error) {
	ctx, cancel := context.WithTimeout(r.Context(), srv.opts.SearchTimeout)
	defer cancel()
	type side struct {
		res *index.Results
		err error
	}
	var wg sync.WaitGroup
	sides := make([]side, 3)
	for i, dim := range []*[]string{&q.Locations, &q.Actors, &q.Sources} {
		if len(*dim) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			oq := q
			switch i {
			case 0:
				oq.Locations = nil
			case 1:
				oq.Actors = nil
			case 2:
				oq.Sources = nil
			}
			oq.Size, oq.Page = 1, 1
			sides[i].res, sides[i].err = srv.s.Search(ctx, oq)
		}()
	}
	res, err := srv.s.Search(ctx, q)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for i, s := range sides {
		if s.err != nil {
			return nil, s.err
		}
		if s.res == nil {
			continue
		}
		switch i {
		case 0:
			res.Facets.Locations, res.Facets.Places = s.res.Facets.Locations, s.res.Facets.Places
		case 1:
			res.Facets.Actors = s.res.Facets.Actors
		case 2:
			res.Facets.Sources = s.res.Facets.Sources
		}
	}
	return res, nil
}
