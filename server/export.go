package server

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/sitrep/sitrep/index"
)

// exportMax is the number of articles one export sends at most.
const exportMax = 1000

// handleExport sends the matching articles (at most exportMax, in the
// page's order) as CSV or JSON, as a download.
func (srv *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	q, err := srv.ParseQuery(r)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	q.NoFacets, q.Size = true, 100
	var hits []index.Hit
	var total uint64
	var echo index.Query
	for page := 1; len(hits) < exportMax; page++ {
		q.Page = page
		res, err := srv.search(r, q)
		if err != nil {
			srv.writeError(w, r, err)
			return
		}
		if page == 1 {
			total, echo = res.Total, res.Query
		}
		hits = append(hits, res.Hits...)
		if len(res.Hits) < q.Size {
			break
		}
	}
	if len(hits) > exportMax {
		hits = hits[:exportMax]
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if mux.Vars(r)["format"] == "json" {
		h.Set("Content-Disposition", `attachment; filename="sitrep-`+stamp+`.json"`)
		echo.Page, echo.Size = 1, len(hits)
		writeJSON(w, http.StatusOK, map[string]any{"query": echo, "total": total, "exported": len(hits), "hits": hits})
		return
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="sitrep-`+stamp+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "published", "source", "title", "url", "locations", "actors", "similar", "score"})
	for _, x := range hits {
		cw.Write([]string{cell(x.ID), cell(x.Published), cell(x.Source), cell(x.Title), cell(x.URL),
			cell(strings.Join(x.Locations, "; ")), cell(strings.Join(x.Actors, "; ")),
			strconv.Itoa(x.Similar), strconv.FormatFloat(x.Score, 'f', 4, 64)})
	}
	cw.Flush()
}

// cell defuses spreadsheet formulas: a cell that starts with = + - @ or a
// control character is read as text.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
