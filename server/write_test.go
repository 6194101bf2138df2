package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

// indexWriter is the real pipeline on a temporary index.
type testWriter struct{ ix *index.Index }

func (w testWriter) Ingest(ctx context.Context, r io.Reader, format string) (*ingest.Summary, error) {
	return ingest.Run(ctx, w.ix, []string{"-"}, ingest.Options{Format: format, Stdin: r})
}

func (w testWriter) Delete(ctx context.Context, ids []string) (int, error) {
	return w.ix.Delete(ctx, ids)
}

func TestWriteEndpoints(t *testing.T) {
	ix, err := index.Open(t.TempDir()+"/idx", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := testWriter{ix}
	open, _ := New(ix, Options{Token: "s3cret", Writer: w, MaxBodyBytes: 2048})
	closed, _ := New(ix, Options{Writer: w})
	body := `{"id":"a1","title":"Shelling in Kharkiv","text":"Shelling hit Kharkiv overnight."}
{"id":"a2","title":"Talks in Istanbul","text":"Delegations met in Istanbul."}
not json
`
	tests := []struct {
		name, method, path, token, body string
		srv                             *Server
		status                          int
		want                            string
	}{
		{name: "no token configured", method: "POST", path: "/api/articles", srv: closed, token: "x", body: body, status: 403, want: "server.token"},
		{name: "missing token", method: "POST", path: "/api/articles", srv: open, body: body, status: 401, want: "bearer"},
		{name: "wrong token", method: "POST", path: "/api/articles", srv: open, token: "nope", body: body, status: 401, want: "bearer"},
		{name: "too large", method: "POST", path: "/api/articles", srv: open, token: "s3cret", body: strings.Repeat("x", 4096), status: 413, want: "max_body_bytes"},
		{name: "empty body", method: "POST", path: "/api/articles", srv: open, token: "s3cret", body: " ", status: 400, want: "empty"},
		{name: "post JSON Lines", method: "POST", path: "/api/articles", srv: open, token: "s3cret", body: body, status: 200, want: `"indexed":2`},
		{name: "post again changes nothing", method: "POST", path: "/api/articles", srv: open, token: "s3cret", body: body, status: 200, want: `"unchanged":2`},
		{name: "post JSON array updates", method: "POST", path: "/api/articles", srv: open, token: "s3cret", body: `[{"id":"a1","title":"Shelling in Kharkiv","text":"Shelling hit Kharkiv overnight and again at dawn."}]`, status: 200, want: `"updated":1`},
		{name: "delete", method: "DELETE", path: "/api/articles/a2", srv: open, token: "s3cret", status: 200, want: `"deleted":1`},
		{name: "delete unknown", method: "DELETE", path: "/api/articles/a2", srv: open, token: "s3cret", status: 404, want: `"deleted":0`},
		{name: "delete without token", method: "DELETE", path: "/api/articles/a1", srv: open, status: 401, want: "bearer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			rec := httptest.NewRecorder()
			tc.srv.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(strings.ToLower(rec.Body.String()), strings.ToLower(tc.want)) {
				t.Fatalf("%s %s: status %d, body %s; want %d with %q", tc.method, tc.path, rec.Code, rec.Body, tc.status, tc.want)
			}
			if rec.Code == http.StatusOK && tc.method == "POST" {
				var s ingest.Summary
				if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
					t.Fatal(err)
				}
				if tc.name == "post JSON Lines" && (len(s.Rejects) != 1 || s.Rejects[0].Line != 3) {
					t.Fatalf("want the malformed line 3 rejected, got %+v", s.Rejects)
				}
			}
		})
	}
	if _, err := ix.Get(context.Background(), "a2"); err == nil {
		t.Fatal("a2 still there after DELETE")
	}
	a, err := ix.Get(context.Background(), "a1")
	if err != nil || !strings.Contains(a.Text, "dawn") {
		t.Fatalf("a1 not updated in place: %v %+v", err, a)
	}
}
