package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/gorilla/mux"
)

// Writer is what the write endpoints need: a pipeline that reads a body of
// articles in a format and stores them (cmd/sitrep gives the ingest
// pipeline, the one `sitrep ingest` runs), and deletion by id.
//
// Ingest returns a summary whenever the body could be looked at, also when
// no record in it could be stored: the summary's rejects say why, and the
// error is nil. An error is for a failure of the write itself (the index,
// a shutdown: ErrUnavailable, a cancelled request).
type Writer interface {
	Ingest(ctx context.Context, r io.Reader, format string) (*WriteSummary, error)
	Delete(ctx context.Context, ids []string) (int, error)
}

// Formats a write body may be in, as the Writer names them; POST
// /api/articles picks one from the Content-Type, and ?format= names any
// other the Writer reads.
const (
	FormatJSONL = "jsonl" // JSON Lines, a JSON array or one JSON object
	FormatCSV   = "csv"
	FormatTSV   = "tsv"
	FormatFeed  = "feed" // RSS or Atom
	FormatHTML  = "html"
)

// WriteSummary is the answer to POST /api/articles: what became of the
// body's records, with the same fields as `sitrep ingest --json`.
type WriteSummary struct {
	Files      int            `json:"files"`
	Read       int            `json:"read"`
	Indexed    int            `json:"indexed"`
	Updated    int            `json:"updated"`
	Unchanged  int            `json:"unchanged"`
	Superseded int            `json:"superseded"` // same id later in the body: the later record is kept
	Duplicates int            `json:"duplicates"` // new articles that joined a near-duplicate cluster
	Rejected   int            `json:"rejected"`
	Rejects    []WriteProblem `json:"rejects"`
	Warnings   []WriteProblem `json:"warnings"`
	Seconds    float64        `json:"seconds"`
	PerSecond  float64        `json:"articles_per_second"`
}

// Stored is the number of the body's articles that the index holds now.
func (s *WriteSummary) Stored() int { return s.Indexed + s.Updated + s.Unchanged }

// WriteProblem is a record that was rejected or changed, and why.
type WriteProblem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// largeWrite is the body size from which a write returns its memory to
// the system as soon as it is done.
const largeWrite = 1 << 20

// writeRoutes serves the token-protected write endpoints under /api:
// POST /api/articles (JSON Lines, a JSON array or one JSON object) and
// DELETE /api/articles/{id}. Without server.token they answer 403.
func (srv *Server) writeRoutes(api *mux.Router) {
	api.Handle("/articles", srv.authorized(http.HandlerFunc(srv.handlePostArticles))).Methods(http.MethodPost)
	api.Handle("/articles/{id}", srv.authorized(http.HandlerFunc(srv.handleDeleteArticle))).Methods(http.MethodDelete)
}

// authorized checks the bearer token in constant time.
func (srv *Server) authorized(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.opts.Token == "" || srv.opts.Writer == nil {
			writeJSON(w, http.StatusForbidden, errorBody{Error: "writes are disabled: set server.token (SITREP_SERVER_TOKEN) to enable POST/DELETE /api/articles"})
			return
		}
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(srv.opts.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
			writeJSON(w, http.StatusUnauthorized, errorBody{Error: "missing or wrong bearer token (Authorization: Bearer <server.token>)"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (srv *Server) handlePostArticles(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > srv.opts.MaxBodyBytes {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: "request body is larger than server.max_body_bytes"})
		return
	}
	format := FormatJSONL
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil {
		switch ct {
		case "text/csv":
			format = FormatCSV
		case "text/tab-separated-values":
			format = FormatTSV
		case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml":
			format = FormatFeed
		case "text/html":
			format = FormatHTML
		}
	}
	if f := r.URL.Query().Get("format"); f != "" {
		format = f
	}
	body := http.MaxBytesReader(w, r.Body, srv.opts.MaxBodyBytes)
	// Read the body whole first: a body over the limit must change nothing.
	data, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: "request body is larger than server.max_body_bytes"})
			return
		}
		writeJSON(w, http.StatusBadRequest, errorBody{Error: "could not read the request body"})
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		writeJSON(w, http.StatusBadRequest, errorBody{Error: "empty body: send JSON Lines, a JSON array or one JSON object"})
		return
	}
	sum, err := srv.opts.Writer.Ingest(r.Context(), bytes.NewReader(data), format)
	if len(data) >= largeWrite {
		// Analysing a large article takes hundreds of megabytes that the
		// runtime would keep for a long while: give them back now.
		data = nil
		debug.FreeOSMemory()
	}
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	if sum == nil {
		writeJSON(w, http.StatusBadRequest, errorBody{Error: "nothing could be read"})
		return
	}
	status := http.StatusOK
	if sum.Stored() == 0 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, sum)
}

func (srv *Server) handleDeleteArticle(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	n, err := srv.opts.Writer.Delete(r.Context(), []string{id})
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	if n == 0 {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "no article with this id", "id": id, "deleted": 0})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "deleted": n})
}
