package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// recordingWriter stands in for the ingest pipeline: it keeps what the
// handler passed on and answers what the test sets. The pipeline itself
// behind these endpoints is tested in cmd/sitrep (write_test.go).
type recordingWriter struct {
	sum    *WriteSummary
	err    error
	n      int // Delete's answer
	calls  int
	format string
	body   string
	ids    []string
}

func (w *recordingWriter) Ingest(_ context.Context, r io.Reader, format string) (*WriteSummary, error) {
	w.calls++
	b, _ := io.ReadAll(r)
	w.format, w.body = format, string(b)
	return w.sum, w.err
}

func (w *recordingWriter) Delete(_ context.Context, ids []string) (int, error) {
	w.calls++
	w.ids = ids
	return w.n, w.err
}

func TestWriteEndpoints(t *testing.T) {
	stored := &WriteSummary{Files: 1, Read: 3, Indexed: 2, Rejected: 1,
		Rejects: []WriteProblem{{File: "stdin", Line: 3, Reason: "malformed JSON"}}, Warnings: []WriteProblem{}}
	nothing := &WriteSummary{Files: 1, Rejected: 1, Rejects: []WriteProblem{{File: "stdin", Reason: `unknown format "x"`}}, Warnings: []WriteProblem{}}
	body := `{"id":"a1","title":"Shelling in Kharkiv","text":"Shelling hit Kharkiv overnight."}`
	tests := []struct {
		name, method, path, token, body string
		header                          map[string]string
		noToken                         bool // the server has no token: writes are off
		sum                             *WriteSummary
		n                               int
		err                             error
		status                          int
		wantError                       string        // the whole error message
		wantSum                         *WriteSummary // the answer, for a write that reached the Writer
		wantFormat                      string        // passed to the Writer; "" when it must not be called
		wantBody                        map[string]any
	}{
		{name: "no token configured", method: "POST", path: "/api/articles", noToken: true, token: "x", body: body, status: 403,
			wantError: "writes are disabled: set server.token (SITREP_SERVER_TOKEN) to enable POST/DELETE /api/articles"},
		{name: "missing token", method: "POST", path: "/api/articles", body: body, status: 401,
			wantError: "missing or wrong bearer token (Authorization: Bearer <server.token>)"},
		{name: "wrong token", method: "POST", path: "/api/articles", token: "nope", body: body, status: 401,
			wantError: "missing or wrong bearer token (Authorization: Bearer <server.token>)"},
		{name: "too large", method: "POST", path: "/api/articles", token: "s3cret", body: strings.Repeat("x", 4096), status: 413,
			wantError: "request body is larger than server.max_body_bytes"},
		{name: "empty body", method: "POST", path: "/api/articles", token: "s3cret", body: " \n", status: 400,
			wantError: "empty body: send JSON Lines, a JSON array or one JSON object"},
		{name: "stored: 200 with the summary", method: "POST", path: "/api/articles", token: "s3cret", body: body, sum: stored,
			status: 200, wantSum: stored, wantFormat: FormatJSONL},
		{name: "nothing stored: 400 with the summary", method: "POST", path: "/api/articles?format=x", token: "s3cret", body: body, sum: nothing,
			status: 400, wantSum: nothing, wantFormat: "x"},
		{name: "no summary", method: "POST", path: "/api/articles", token: "s3cret", body: body,
			status: 400, wantError: "nothing could be read", wantFormat: FormatJSONL},
		{name: "CSV by Content-Type", method: "POST", path: "/api/articles", token: "s3cret", body: "title\nx\n", sum: stored,
			header: map[string]string{"Content-Type": "text/csv; charset=utf-8"}, status: 200, wantSum: stored, wantFormat: FormatCSV},
		{name: "TSV by Content-Type", method: "POST", path: "/api/articles", token: "s3cret", body: "title\nx\n", sum: stored,
			header: map[string]string{"Content-Type": "text/tab-separated-values"}, status: 200, wantSum: stored, wantFormat: FormatTSV},
		{name: "feed by Content-Type", method: "POST", path: "/api/articles", token: "s3cret", body: "<feed/>", sum: stored,
			header: map[string]string{"Content-Type": "application/atom+xml"}, status: 200, wantSum: stored, wantFormat: FormatFeed},
		{name: "HTML by Content-Type", method: "POST", path: "/api/articles", token: "s3cret", body: "<p>x</p>", sum: stored,
			header: map[string]string{"Content-Type": "text/html"}, status: 200, wantSum: stored, wantFormat: FormatHTML},
		{name: "format parameter beats Content-Type", method: "POST", path: "/api/articles?format=text", token: "s3cret", body: "x", sum: stored,
			header: map[string]string{"Content-Type": "text/csv"}, status: 200, wantSum: stored, wantFormat: "text"},
		{name: "shutting down", method: "POST", path: "/api/articles", token: "s3cret", body: body,
			err: fmt.Errorf("refused: %w", ErrUnavailable), status: 503, wantError: "the server is shutting down: try again later", wantFormat: FormatJSONL},
		{name: "read-only index", method: "POST", path: "/api/articles", token: "s3cret", body: body,
			err: fmt.Errorf("write: %w", index.ErrReadOnly), status: 503, wantError: "the index is read-only on this server: writes are refused", wantFormat: FormatJSONL},
		{name: "internal error is not shown", method: "POST", path: "/api/articles", token: "s3cret", body: body,
			err: errors.New("disk on fire at /srv/idx"), status: 500, wantError: "internal error", wantFormat: FormatJSONL},
		{name: "delete", method: "DELETE", path: "/api/articles/a2", token: "s3cret", n: 1, status: 200,
			wantBody: map[string]any{"id": "a2", "deleted": 1.0}},
		{name: "delete unknown", method: "DELETE", path: "/api/articles/zz", token: "s3cret", status: 404,
			wantBody: map[string]any{"id": "zz", "deleted": 0.0, "error": "no article with this id"}},
		{name: "delete on a read-only index", method: "DELETE", path: "/api/articles/a2", token: "s3cret", err: index.ErrReadOnly, status: 503,
			wantError: "the index is read-only on this server: writes are refused"},
		{name: "delete without token", method: "DELETE", path: "/api/articles/a1", status: 401,
			wantError: "missing or wrong bearer token (Authorization: Bearer <server.token>)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wr := &recordingWriter{sum: tc.sum, err: tc.err, n: tc.n}
			opts := Options{Token: "s3cret", Writer: wr, MaxBodyBytes: 2048}
			if tc.noToken {
				opts.Token = ""
			}
			srv, err := New(fakeIndex{}, opts)
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status == 401 && rec.Header().Get("WWW-Authenticate") != `Bearer realm="sitrep"` {
				t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
			}
			if tc.wantError != "" {
				var e errorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error != tc.wantError {
					t.Errorf("error %q (%v), want %q", e.Error, err, tc.wantError)
				}
			}
			if tc.wantSum != nil {
				want, _ := json.Marshal(tc.wantSum)
				if got := strings.TrimSpace(rec.Body.String()); got != string(want) {
					t.Errorf("answer %s, want the summary %s", got, want)
				}
			}
			if tc.wantBody != nil {
				var got map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || fmt.Sprint(got) != fmt.Sprint(tc.wantBody) {
					t.Errorf("answer %v (%v), want %v", got, err, tc.wantBody)
				}
			}
			switch {
			case tc.method == "POST" && tc.wantFormat == "":
				if wr.calls != 0 {
					t.Errorf("the Writer was called %d times, want none", wr.calls)
				}
			case tc.method == "POST":
				if wr.calls != 1 || wr.format != tc.wantFormat || wr.body != tc.body {
					t.Errorf("Writer: %d calls, format %q, body %q; want 1, %q, %q", wr.calls, wr.format, wr.body, tc.wantFormat, tc.body)
				}
			case tc.status != 401 && tc.status != 403:
				if wr.calls != 1 || len(wr.ids) != 1 || wr.ids[0] != strings.TrimPrefix(tc.path, "/api/articles/") {
					t.Errorf("Delete: %d calls, ids %q", wr.calls, wr.ids)
				}
			}
		})
	}
}

// TestWriteBodyOverLimitWithoutLength: a body sent without Content-Length
// (chunked) is cut at the limit and changes nothing.
func TestWriteBodyOverLimitWithoutLength(t *testing.T) {
	wr := &recordingWriter{}
	srv, _ := New(fakeIndex{}, Options{Token: "s3cret", Writer: wr, MaxBodyBytes: 100})
	req := httptest.NewRequest("POST", "/api/articles", io.MultiReader(strings.NewReader(strings.Repeat("y", 150))))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer s3cret")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || wr.calls != 0 {
		t.Errorf("status %d, Writer called %d times; want 413 and none", rec.Code, wr.calls)
	}
}
