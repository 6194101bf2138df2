package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitrep/sitrep/web"
)

// TestAssetRules checks the one set of rules of the asset server on files of
// both sets that use it, the search page's /static/ and the widget's.
func TestAssetRules(t *testing.T) {
	srv, _ := newTestServer(t, Options{Version: "test"})
	page := req{path: "/"}.do(srv).Body.String()
	pageVersion := regexp.MustCompile(`/static/app\.css\?v=([^"]+)"`).FindStringSubmatch(page)
	embed := req{path: "/embed"}.do(srv).Body.String()
	widgetVersion := regexp.MustCompile(`/widget\.js\?v=([0-9a-f]{12})"`).FindStringSubmatch(embed)
	if pageVersion == nil || widgetVersion == nil {
		t.Fatalf("no versioned asset URL on / or /embed:\n%.500s\n%.500s", page, embed)
	}
	if !strings.HasPrefix(pageVersion[1], "test-") {
		t.Errorf("page asset version %q does not carry Options.Version", pageVersion[1])
	}
	tests := []struct {
		name, path, file, version string
		public                    bool // served to any page, with CORS and CORP headers
	}{
		{name: "page stylesheet", path: "/static/app.css", file: "static/app.css", version: pageVersion[1]},
		{name: "page script", path: "/static/app.js", file: "static/app.js", version: pageVersion[1]},
		{name: "page map", path: "/static/map/world.svg", file: "static/map/world.svg", version: pageVersion[1]},
		{name: "widget script", path: "/widget.js", file: "widget/widget.js", version: widgetVersion[1], public: true},
		{name: "widget help stylesheet", path: "/embed/help.css", file: "widget/help.css", version: widgetVersion[1], public: true},
	}
	etags := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, err := fs.ReadFile(web.FS, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(want)
			wantETag := `"` + hex.EncodeToString(sum[:8]) + `"`

			plain := req{path: tc.path}.do(srv)
			h := plain.Header()
			if plain.Code != 200 || plain.Body.String() != string(want) {
				t.Fatalf("GET %s: %d, %d bytes, want 200 and the file's %d", tc.path, plain.Code, plain.Body.Len(), len(want))
			}
			if h.Get("ETag") != wantETag {
				t.Errorf("ETag %s, want %s (strong, over the content)", h.Get("ETag"), wantETag)
			}
			for other, e := range etags {
				if e == wantETag {
					t.Errorf("ETag %s is also that of %s", e, other)
				}
			}
			etags[tc.path] = wantETag
			if h.Get("Content-Encoding") != "" || h.Get("Cache-Control") != cacheUnversioned ||
				!strings.Contains(h.Get("Vary"), "Accept-Encoding") || h.Get("Content-Length") == "" {
				t.Errorf("plain GET headers: %v", h)
			}
			if got := h.Get("Access-Control-Allow-Origin") == "*" && h.Get("Cross-Origin-Resource-Policy") == "cross-origin"; got != tc.public {
				t.Errorf("public headers: %v, want %v", got, tc.public)
			}

			gz := req{path: tc.path, header: map[string]string{"Accept-Encoding": "br;q=1, gzip;q=0.8"}}.do(srv)
			if gz.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("gzip accepted, Content-Encoding %q", gz.Header().Get("Content-Encoding"))
			}
			gzETag := strings.TrimSuffix(wantETag, `"`) + `-gz"`
			if gz.Header().Get("ETag") != gzETag {
				t.Errorf("gzipped ETag %s, want %s", gz.Header().Get("ETag"), gzETag)
			}
			zr, err := gzip.NewReader(gz.Body)
			if err != nil {
				t.Fatal(err)
			}
			if unz, _ := io.ReadAll(zr); !bytes.Equal(unz, want) {
				t.Error("the gzipped body is not the file")
			}
			if rec := (req{path: tc.path, header: map[string]string{"Accept-Encoding": "gzip;q=0, deflate"}}).do(srv); rec.Header().Get("Content-Encoding") != "" {
				t.Error("gzip;q=0 refuses gzip, but it was sent")
			}

			for _, inm := range []string{wantETag, "W/" + wantETag, `"old", ` + wantETag, "*"} {
				rec := req{path: tc.path, header: map[string]string{"If-None-Match": inm}}.do(srv)
				if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
					t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and none", inm, rec.Code, rec.Body.Len())
				}
			}
			if rec := (req{path: tc.path, header: map[string]string{"If-None-Match": gzETag}}).do(srv); rec.Code != 200 {
				t.Errorf("the gzip ETag revalidates the plain body: %d", rec.Code)
			}
			if rec := (req{path: tc.path, header: map[string]string{"If-None-Match": `"stale"`}}).do(srv); rec.Code != 200 {
				t.Errorf("stale ETag: %d, want 200", rec.Code)
			}

			if cc := (req{path: tc.path + "?v=" + tc.version}).do(srv).Header().Get("Cache-Control"); cc != cacheVersioned {
				t.Errorf("current version: Cache-Control %q, want %q", cc, cacheVersioned)
			}
			if cc := (req{path: tc.path + "?v=0ld"}).do(srv).Header().Get("Cache-Control"); cc != cacheUnversioned {
				t.Errorf("another version: Cache-Control %q, want %q", cc, cacheUnversioned)
			}
			if rec := (req{method: "HEAD", path: tc.path}).do(srv); rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != h.Get("Content-Length") {
				t.Errorf("HEAD: %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
			}
		})
	}
}

// TestAssetVersion: the version in URLs changes when a file of the set
// does, and only then.
func TestAssetVersion(t *testing.T) {
	files := func(css string) fstest.MapFS {
		return fstest.MapFS{
			"templates/page.html": {Data: []byte(`<link href="{{asset "app.css"}}">`)},
			"static/app.css":      {Data: []byte(css)},
			"static/notes.md":     {Data: []byte("not served")},
		}
	}
	a, err := loadPage(files("body{color:red}"), "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := loadPage(files("body{color:red}"), "")
	c, _ := loadPage(files("body{color:blue}"), "")
	if a.static.version != b.static.version || a.static.version == c.static.version {
		t.Errorf("versions %s %s %s: want equal for equal files, different for a changed one", a.static.version, b.static.version, c.static.version)
	}
	if _, ok := a.static.files["notes.md"]; ok {
		t.Error("notes are served")
	}
	// A file that gzip cannot shrink by a tenth is sent as it is.
	var noise []byte
	for i := range 128 {
		sum := sha256.Sum256([]byte{byte(i)})
		noise = append(noise, sum[:]...)
	}
	s := newAssetSet(false)
	s.add("/n", "application/octet-stream", noise)
	s.add("/t", "text/plain", bytes.Repeat([]byte("shelling "), 500))
	s.seal("")
	if s.files["/n"].gz != nil || s.files["/t"].gz == nil {
		t.Errorf("gzip kept for noise: %v, for text: %v", s.files["/n"].gz != nil, s.files["/t"].gz != nil)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		name, header string
		want         bool
	}{
		{"none", "", false},
		{"gzip", "gzip", true},
		{"list", "br, gzip, deflate", true},
		{"capitals", "GZIP", true},
		{"weighted", "gzip;q=0.5", true},
		{"refused", "gzip;q=0", false},
		{"refused with decimals", "gzip; q=0.000", false},
		{"x-gzip is another name", "x-gzip", false},
		{"only others", "br, deflate", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Encoding", tc.header)
			if got := acceptsGzip(r); got != tc.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tc.header, got, tc.want)
			}
		})
	}
}
