package server

import (
	"net/http"
	"strings"

	"github.com/sitrep/sitrep/index"
)

// facetMatchSize is the number of values of a facet that filter-as-you-type
// looks through.
const facetMatchSize = 5000

// handleFacet answers filter-as-you-type in a facet: the values of one
// facet (location, actor or source) that contain a text, with their counts
// among the articles the other filters allow.
func (srv *Server) handleFacet(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	name := v.Get("facet")
	contains := strings.ToLower(strings.TrimSpace(v.Get("contains")))
	if len(contains) > 100 {
		srv.writeError(w, r, badParam("contains is too long (at most 100 characters)"))
		return
	}
	q, err := srv.ParseQuery(r)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	switch name {
	case "location":
		q.Locations = nil
	case "actor":
		q.Actors = nil
	case "source":
		q.Sources = nil
	default:
		srv.writeError(w, r, badParam("facet must be location, actor or source, not %q", name))
		return
	}
	q.Size, q.Page, q.FacetSize, q.PageFacets = 1, 1, facetMatchSize, name == "actor"
	res, err := srv.search(r, q)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	vals := map[string][]index.FacetValue{"location": res.Facets.Locations, "actor": res.Facets.Actors, "source": res.Facets.Sources}[name]
	out := []index.FacetValue{}
	for _, fv := range vals {
		if strings.Contains(strings.ToLower(fv.Value), contains) {
			out = append(out, fv)
			if len(out) == 50 {
				break
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"facet": name, "contains": contains, "values": out})
}
