package server_test

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"testing"
)

// facetCounts reads the values and counts of one facet section of the
// rendered page.
func facetCounts(t *testing.T, page, facet string) map[string]int {
	t.Helper()
	sec := regexp.MustCompile(`(?s)<section class="facet" data-facet="` + facet + `">(.*?)</section>`).FindStringSubmatch(page)
	if sec == nil {
		t.Fatalf("the page has no %s facet", facet)
	}
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`<span class="name">([^<]*)</span><span class="count">(\d+)</span>`).FindAllStringSubmatch(sec[1], -1) {
		var n int
		if err := json.Unmarshal([]byte(m[2]), &n); err != nil {
			t.Fatal(err)
		}
		out[html.UnescapeString(m[1])] = n
	}
	return out
}

// The page and /api/search count the same facets alike for the same state,
// with filters on one, two and three facets: a filtered facet counts what
// the other filters leave.
func TestPageAndAPICountAlike(t *testing.T) {
	base := startSearchPage(t)
	states := []string{
		"q=shelling",
		"location=Ukraine",
		"q=shelling&location=Ukraine",
		"location=Ukraine&actor=Russian+armed+forces",
		"q=attack&location=Ukraine&actor=Russian+armed+forces&source=BBC",
		"location=Russia&location=Ukraine&from=2022-01-01",
	}
	compared := 0
	for _, state := range states {
		t.Run(state, func(t *testing.T) {
			status, _, page := getPage(t, base, "/?"+state)
			if status != 200 {
				t.Fatalf("page: status %d", status)
			}
			v, err := url.ParseQuery(state)
			if err != nil {
				t.Fatal(err)
			}
			v.Set("facet_size", "100")
			status, _, body := getPage(t, base, "/api/search?"+v.Encode())
			if status != 200 {
				t.Fatalf("api: status %d: %s", status, body)
			}
			type value struct {
				Value string `json:"value"`
				Count int    `json:"count"`
			}
			var res struct {
				Facets struct {
					Actors  []value `json:"actors"`
					Sources []value `json:"sources"`
				} `json:"facets"`
			}
			if err := json.Unmarshal([]byte(body), &res); err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				page string
				api  []value
			}{{"actor", res.Facets.Actors}, {"source", res.Facets.Sources}} {
				onPage := facetCounts(t, page, f.page)
				if len(f.api) > 0 && len(onPage) == 0 {
					t.Errorf("%s: the API counts %d values, the page none", f.page, len(f.api))
				}
				for _, fv := range f.api {
					n, ok := onPage[fv.Value]
					if !ok {
						continue // the page shows the first values of each kind
					}
					compared++
					if n != fv.Count {
						t.Errorf("%s %q: page %d, /api/search %d", f.page, fv.Value, n, fv.Count)
					}
				}
			}
		})
	}
	if compared < 20 {
		t.Errorf("only %d counts compared", compared)
	}
}
