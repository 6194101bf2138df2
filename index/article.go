package index

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Location is a place an article speaks of, with its hierarchy.
type Location struct {
	Name      string   `json:"name"`
	Country   string   `json:"country"`
	Admin1    string   `json:"admin1"`
	Admin2    string   `json:"admin2"`
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	GeonameID int      `json:"geonameid"`
	Approx    bool     `json:"approx,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Mentions  []string `json:"mentions"`
	// Path is the names from the place up to its country; every level is
	// indexed, so a filter on "Russia" finds an article naming only a village.
	Path []string `json:"path,omitempty"`
}

// Actor is a person, army, armed group, government or organisation.
type Actor struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Mentions []string `json:"mentions"`
	// Aliases that come with an article's own entities are indexed for
	// actor: queries. The extractor's dictionary aliases are not copied
	// into articles: queries resolve them (actor:Zelenskiy finds Volodymyr
	// Zelensky through the dictionary, entities.go).
	Aliases []string `json:"aliases,omitempty"`
}

// EventDate is a date the text speaks of (YYYY-MM-DD, YYYY-MM or YYYY).
type EventDate struct {
	Date    string `json:"date"`
	Mention string `json:"mention"`
}

// GeoPoint is a latitude/longitude pair.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Article is one news article as sitrep stores it.
type Article struct {
	ID        string      `json:"id"`
	URL       string      `json:"url,omitempty"`
	Source    string      `json:"source,omitempty"`
	Title     string      `json:"title"`
	Text      string      `json:"text"`
	Published time.Time   `json:"published,omitzero"`
	Lang      string      `json:"lang,omitempty"`
	Locations []Location  `json:"locations"`
	Actors    []Actor     `json:"actors"`
	Dates     []EventDate `json:"dates"`
	Geo       *GeoPoint   `json:"geo,omitempty"`
	Dataset   string      `json:"dataset,omitempty"`
	// Cluster is the id of the representative of this article's
	// near-duplicate cluster; empty when the article stands alone.
	Cluster string `json:"cluster,omitempty"`

	// fp memoises the near-duplicate fingerprint of Title and Text: the
	// cluster check and the index document both need it.
	fp *fpMemo
	// hash memoises ContentHash from StampHash until the article is
	// written.
	hash *hashMemo
}

// LocationNames returns every location name with its hierarchy, de-duplicated,
// in first-seen order: the values of the location facet.
func (a *Article) LocationNames() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range a.Locations {
		path := l.Path
		if len(path) == 0 {
			path = []string{l.Name}
		}
		for _, n := range path {
			if n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// ActorNames returns the canonical actor names, de-duplicated.
func (a *Article) ActorNames() []string {
	var out []string
	seen := map[string]bool{}
	for _, ac := range a.Actors {
		if ac.Name != "" && !seen[ac.Name] {
			seen[ac.Name] = true
			out = append(out, ac.Name)
		}
	}
	return out
}

// StableID returns the article's id: the given one, else a hash of the
// canonical URL, else a hash of title, publication date and text, so that
// ingesting the same input twice yields the same ids.
func StableID(a *Article) string {
	if id := strings.TrimSpace(a.ID); id != "" {
		return id
	}
	if u := CanonicalURL(a.URL); u != "" {
		return "u" + shortHash(u)
	}
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	return "h" + shortHash(a.Title+"\x00"+pub+"\x00"+a.Text)
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:10])
}

// CanonicalURL normalises a URL for identity: lower-case scheme and host,
// no "www.", no fragment, no tracking parameters, sorted query, no trailing
// slash. It returns "" for anything that is not an absolute http(s) URL.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ocid" || lk == "cmpid" {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs []string
	for _, k := range keys {
		for _, v := range q[k] {
			qs = append(qs, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	out := "https://" + host + path
	if len(qs) > 0 {
		out += "?" + strings.Join(qs, "&")
	}
	return out
}
