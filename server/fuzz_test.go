package server

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep/sitrep/index"
)

var (
	fuzzSrvOnce sync.Once
	fuzzSrv     *Server
	fuzzSrvErr  error
)

// fuzzServer is one server over one small real index for every fuzz
// input.
func fuzzServer(t *testing.T) *Server {
	fuzzSrvOnce.Do(func() {
		// Not t.TempDir: the index outlives the input that builds it.
		dir, err := os.MkdirTemp("", "sitrep-fuzz-server-")
		if err != nil {
			fuzzSrvErr = err
			return
		}
		var ix *index.Index
		ix, fuzzSrvErr = index.Open(dir+"/idx", index.Options{CacheSize: -1})
		if fuzzSrvErr != nil {
			return
		}
		var arts []*index.Article
		if arts, fuzzSrvErr = readArticles("../index/testdata/search/articles.jsonl"); fuzzSrvErr != nil {
			return
		}
		fuzzSrvErr = ix.Apply(context.Background(), arts, nil)
		if fuzzSrvErr == nil {
			fuzzSrv, fuzzSrvErr = New(ix, Options{})
		}
	})
	if fuzzSrvErr != nil {
		t.Fatal(fuzzSrvErr)
	}
	return fuzzSrv
}

func readArticles(path string) ([]*index.Article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*index.Article
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var a index.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	return out, nil
}

// FuzzParameters sends arbitrary query strings to the API, the search
// page, the facet lookup and an export over a real index. Invariants: no
// 5xx; every 4xx is JSON with an error message (or the page with its
// status); ParseQuery's errors are QueryErrors.
func FuzzParameters(f *testing.F) {
	for _, s := range []string{
		"q=Kursk&page=2&size=5", "q=%2B", "q=%ff%fe", "page=9223372036854775807&size=10&collapse=false",
		"from=0001-01-01&to=9999-12-31", "location=Kursk+Oblast&location=Ukraine&sort=-date", "q=a~2+OR+b*&from=2025-01-01",
		"size=0", "page=-1", "collapse=maybe", "q=%22unclosed", "facet=actor&contains=zel", "%zz=1&q=x",
	} {
		f.Add(s, uint8(0))
	}
	routes := []string{"/api/search", "/", "/api/facet", "/export.json", "/api/suggest"}
	f.Fuzz(func(t *testing.T, raw string, route uint8) {
		srv := fuzzServer(t)
		path := routes[int(route)%len(routes)]
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path, r.URL.RawQuery = path, raw
		if _, err := srv.ParseQuery(r); err != nil {
			var qe *index.QueryError
			if !errors.As(err, &qe) || qe.Msg == "" {
				t.Fatalf("ParseQuery(%q): %v is not a QueryError with a message", raw, err)
			}
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d: %s", path, raw, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && path != "/" {
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || !strings.Contains(rec.Body.String(), `"error":`) {
				t.Fatalf("%s?%s: %d without a JSON error: %s", path, raw, rec.Code, rec.Body)
			}
		}
	})
}

// FuzzMarkOnly checks the highlight sanitiser: whatever the fragment, the
// output holds no tag but <mark> and </mark>, properly nested (no stray
// close, none left open), no attribute-breaking quote, and the same text.
func FuzzMarkOnly(f *testing.F) {
	for _, s := range []string{
		"the <mark>Kursk</mark> offensive", "<script>alert(1)</script>", "a <mark>b", "</mark>x<mark>", "<ma<mark>rk>",
		`"><img src=x onerror=alert(1)>`, "&lt;b&gt; &amp; &#39;", "<mark><mark>x</mark></mark>", "<MARK>x</MARK>", "<",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(markOnly(in))
		depth := 0
		for rest := out; rest != ""; {
			i := strings.IndexAny(rest, `<>"'`)
			if i < 0 {
				break
			}
			rest = rest[i:]
			switch {
			case strings.HasPrefix(rest, "<mark>"):
				depth++
				rest = rest[len("<mark>"):]
			case strings.HasPrefix(rest, "</mark>"):
				depth--
				if depth < 0 {
					t.Fatalf("markOnly(%q) = %q: </mark> closes nothing", in, out)
				}
				rest = rest[len("</mark>"):]
			default:
				t.Fatalf("markOnly(%q) = %q: raw %q outside a mark tag", in, out, rest[0])
			}
		}
		if depth != 0 {
			t.Fatalf("markOnly(%q) = %q: %d marks left open", in, out, depth)
		}
		// An HTML parser sees only mark elements and text.
		z := xhtml.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == xhtml.ErrorToken {
				break
			}
			if tt == xhtml.StartTagToken || tt == xhtml.EndTagToken || tt == xhtml.SelfClosingTagToken {
				name, hasAttr := z.TagName()
				if atom.Lookup(name) != atom.Mark || hasAttr {
					t.Fatalf("markOnly(%q) = %q: parser sees tag %q", in, out, name)
				}
			}
			if tt == xhtml.CommentToken || tt == xhtml.DoctypeToken {
				t.Fatalf("markOnly(%q) = %q: parser sees a comment or doctype", in, out)
			}
		}
		strip := func(s string) string {
			return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s))
		}
		if strip(out) != strip(in) {
			t.Fatalf("markOnly(%q) = %q changed the text: %q vs %q", in, out, strip(out), strip(in))
		}
	})
}

// FuzzNormalizeOrigin: the result is "" or an http(s) origin in canonical
// form (lower case, no path, query, fragment or user), and normalising it
// again changes nothing.
func FuzzNormalizeOrigin(f *testing.F) {
	for _, s := range []string{"https://News.Example.org/", "http://127.0.0.1:8098", "null", "https://u@x.org", "https://x.org/p", "HTTP://[::1]:80", " https://a.b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := normalizeOrigin(in)
		if out == "" {
			return
		}
		if normalizeOrigin(out) != out {
			t.Fatalf("normalizeOrigin(%q) = %q, but normalising that gives %q", in, out, normalizeOrigin(out))
		}
		if out != strings.ToLower(out) || !(strings.HasPrefix(out, "http://") || strings.HasPrefix(out, "https://")) {
			t.Fatalf("normalizeOrigin(%q) = %q: not a lower-case http(s) origin", in, out)
		}
		u, err := url.Parse(out)
		if err != nil || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.ContainsAny(out, " \t\r\n") {
			t.Fatalf("normalizeOrigin(%q) = %q: not a bare origin (%v)", in, out, err)
		}
	})
}

// FuzzClientIP: the client is the peer unless the peer is a trusted
// proxy; then it is an address taken from X-Forwarded-For, right to left,
// never one left of an untrusted hop.
func FuzzClientIP(f *testing.F) {
	for _, s := range []struct{ remote, xff string }{
		{"10.0.0.1:1234", "203.0.113.7"}, {"10.0.0.1:1234", "198.51.100.1, 10.0.0.2"}, {"192.0.2.1:5", "1.2.3.4"},
		{"[::ffff:10.0.0.1]:80", "::ffff:203.0.113.9"}, {"garbage", "x, y"}, {"10.0.0.1:1", "1.1.1.1, bogus, 10.0.0.3"},
	} {
		f.Add(s.remote, s.xff)
	}
	srv := &Server{opts: Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := srv.clientIP(r)
		host := remote
		if h, _, err := net.SplitHostPort(remote); err == nil {
			host = h
		}
		peer, err := netip.ParseAddr(host)
		if err != nil || !srv.trusted(peer) {
			if got != host {
				t.Fatalf("untrusted peer %q: client %q, want the peer", remote, got)
			}
			return
		}
		// The answer is the peer or a hop, and every hop right of it is a
		// trusted proxy.
		hops := strings.Split(xff, ",")
		if got == peer.Unmap().String() || got == peer.String() {
			return
		}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break
			}
			if a.Unmap().String() == got {
				return
			}
			if !srv.trusted(a) {
				break
			}
		}
		t.Fatalf("clientIP(remote %q, XFF %q) = %q: neither the peer nor a hop reached through trusted proxies", remote, xff, got)
	})
}
