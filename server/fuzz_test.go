package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
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
// 5xx; a parameter ParseQuery refuses is a 400 that says what ParseQuery
// says; every other 4xx is JSON with an error message (or the page with its
// status); a search that answers 200 keeps to the size it echoes, and its
// highlight fragments are escaped text with only <mark> added.
func FuzzParameters(f *testing.F) {
	for _, s := range []string{
		"q=Kursk&page=2&size=5", "q=%2B", "q=%ff%fe", "page=9223372036854775807&size=10&collapse=false",
		"from=0001-01-01&to=9999-12-31", "location=Kursk+Oblast&location=Ukraine&sort=-date", "q=a~2+OR+b*&from=2025-01-01",
		"size=0", "page=-1", "collapse=maybe", "q=%22unclosed", "facet=actor&contains=zel", "%zz=1&q=x",
		"q=shelling&size=3", "q=%3Cscript%3E+Kursk",
	} {
		f.Add(s, uint8(0))
	}
	routes := []string{"/api/search", "/", "/api/facet", "/export.json", "/api/suggest"}
	f.Fuzz(func(t *testing.T, raw string, route uint8) {
		srv := fuzzServer(t)
		path := routes[int(route)%len(routes)]
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path, r.URL.RawQuery = path, raw
		_, perr := srv.ParseQuery(r)
		if perr != nil {
			var qe *index.QueryError
			if !errors.As(perr, &qe) || qe.Msg == "" {
				t.Fatalf("ParseQuery(%q): %v is not a QueryError with a message", raw, perr)
			}
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d: %s", path, raw, rec.Code, rec.Body)
		}
		var e errorBody
		if rec.Code >= 400 && path != "/" {
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error == "" {
				t.Fatalf("%s?%s: %d without a JSON error: %s", path, raw, rec.Code, rec.Body)
			}
		}
		if perr != nil && path != "/api/suggest" && (path != "/api/facet" || rec.Code != 400 || !strings.HasPrefix(e.Error, "contains")) {
			switch {
			case rec.Code != http.StatusBadRequest:
				t.Fatalf("%s?%s: ParseQuery refuses it (%v), the route answers %d", path, raw, perr, rec.Code)
			case path == "/" && !strings.Contains(rec.Body.String(), html.EscapeString(perr.Error())):
				t.Fatalf("%s?%s: the page does not say %q", path, raw, perr)
			case path != "/" && e.Error != perr.Error():
				t.Fatalf("%s?%s: error %q, ParseQuery says %q", path, raw, e.Error, perr)
			}
		}
		if path != "/api/search" || rec.Code != http.StatusOK {
			return
		}
		var res index.Results
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s?%s: 200 that is not Results: %v", path, raw, err)
		}
		q := res.Query
		if q.Page < 1 || q.Size < 1 || len(res.Hits) > q.Size || res.Total < uint64(len(res.Hits)) {
			t.Fatalf("%s?%s: page %d size %d, %d hits of %d", path, raw, q.Page, q.Size, len(res.Hits), res.Total)
		}
		for _, h := range res.Hits {
			for field, frs := range h.Highlights {
				for _, fr := range frs {
					if err := onlyMarks(fr); err != nil {
						t.Fatalf("%s?%s: hit %s %s fragment %q: %v", path, raw, h.ID, field, fr, err)
					}
				}
			}
		}
	})
}

// FuzzMarkOnly checks the highlight sanitiser against what it promises:
// whatever the fragment, its output, parsed by an HTML parser where the page
// puts it (inside a <p>), holds no element but <mark> (without attributes)
// and no comment; the text a reader sees is the fragment's text (its <mark>
// and </mark> tags removed, its character references read); the marks are
// balanced in the output itself (no stray close, none left open, so
// nothing leaks into the rest of the page); no raw quote or '>' is left;
// and a fragment already safe comes back unchanged.
func FuzzMarkOnly(f *testing.F) {
	for _, s := range []string{
		"the <mark>Kursk</mark> offensive", "<script>alert(1)</script>", "a <mark>b", "</mark>x<mark>", "<ma<mark>rk>",
		`"><img src=x onerror=alert(1)>`, "&lt;b&gt; &amp; &#39;", "<mark><mark>x</mark></mark>", "<MARK>x</MARK>", "<",
		"<!-- c -->", "<mark title=x>y</mark>", "a\r\nb", "&amp &notit; &#0;", "<p>x</p><mark>", "</p><table><mark>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(markOnly(in))
		if err := onlyMarks(out); err != nil {
			t.Fatalf("markOnly(%q) = %q: %v", in, out, err)
		}
		// The text: marks removed, references read, as a parser reads text.
		want := xhtml.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(in))
		if got := parsedText(t, out); got != parserText(want) {
			t.Fatalf("markOnly(%q) = %q: a reader sees %q, want %q", in, out, got, parserText(want))
		}
		if again := string(markOnly(out)); again != out {
			t.Fatalf("markOnly is not stable on its own output: %q, then %q", out, again)
		}
	})
}

// onlyMarks reports how s fails to be escaped text with balanced <mark>
// and </mark> tags only.
func onlyMarks(s string) error {
	depth := 0
	for rest := s; rest != ""; {
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
				return errors.New("</mark> closes nothing")
			}
			rest = rest[len("</mark>"):]
		default:
			return fmt.Errorf("raw %q outside a mark tag", rest[0])
		}
	}
	if depth != 0 {
		return fmt.Errorf("%d marks left open", depth)
	}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P})
	if err != nil {
		return err
	}
	var bad error
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.ElementNode && (n.DataAtom != atom.Mark || len(n.Attr) > 0):
			bad = fmt.Errorf("the parser sees an element <%s> with %d attributes", n.Data, len(n.Attr))
		case n.Type != xhtml.ElementNode && n.Type != xhtml.TextNode:
			bad = fmt.Errorf("the parser sees a node of type %d (%q)", n.Type, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return bad
}

// parsedText is the text an HTML parser finds in s inside a <p>.
func parsedText(t *testing.T, s string) string {
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// parserText is s as an HTML parser hands text on: line breaks
// normalised to \n, NUL characters dropped.
func parserText(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "").Replace(s)
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
