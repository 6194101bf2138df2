package config

import (
	"net/url"
	"strings"
	"testing"
)

// The origins of server.cors_origins and server.sites are put in the form
// browsers send in Origin here, and only here: the server compares them as
// they are.

func TestOrigin(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "https://example.org", "https://example.org", true},
		{"trailing slash and case", "HTTPS://Example.ORG/", "https://example.org", true},
		{"spaces", " https://a.example ", "https://a.example", true},
		{"port", "http://127.0.0.1:8098", "http://127.0.0.1:8098", true},
		{"IPv6", "HTTP://[::1]:80", "http://[::1]:80", true},
		{"path", "https://example.org/blog", "", false},
		{"query", "https://example.org?x=1", "", false},
		{"scheme", "ftp://example.org", "", false},
		{"no scheme", "example.org", "", false},
		{"null", "null", "", false},
		{"user", "https://u@example.org", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := origin(tc.in)
			if ok != tc.ok || (ok && got != tc.want) {
				t.Errorf("origin(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestOriginsNormalizedOnLoad(t *testing.T) {
	t.Setenv("SITREP_SERVER_CORS_ORIGINS", "https://News.Example.org/,*")
	t.Setenv("SITREP_SERVER_SITES", `[{"key":"blog","origins":["HTTPS://Blog.Example.com/"]}]`)
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Server.CORSOrigins, " "); got != "https://news.example.org *" {
		t.Errorf("cors_origins %q", got)
	}
	if len(c.Server.Sites) != 1 || strings.Join(c.Server.Sites[0].Origins, " ") != "https://blog.example.com" {
		t.Errorf("sites %+v", c.Server.Sites)
	}
}

// FuzzOrigin: an accepted origin comes back in canonical form (lower-case
// http(s) scheme and host, no path, query, fragment or user, no spaces),
// and is accepted again unchanged.
func FuzzOrigin(f *testing.F) {
	for _, s := range []string{"https://News.Example.org/", "http://127.0.0.1:8098", "null", "https://u@x.org", "https://x.org/p", "HTTP://[::1]:80", " https://a.b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := origin(in)
		if !ok {
			return
		}
		if again, ok := origin(out); !ok || again != out {
			t.Fatalf("origin(%q) = %q, but origin of that gives %q, %v", in, out, again, ok)
		}
		if out != strings.ToLower(out) || !(strings.HasPrefix(out, "http://") || strings.HasPrefix(out, "https://")) {
			t.Fatalf("origin(%q) = %q: not a lower-case http(s) origin", in, out)
		}
		u, err := url.Parse(out)
		if err != nil || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.ContainsAny(out, " \t\r\n") {
			t.Fatalf("origin(%q) = %q: not a bare origin (%v)", in, out, err)
		}
	})
}
