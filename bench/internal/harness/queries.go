package harness

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Query classes, reported separately because they cost differently.
const (
	ClassWord   = "word"   // one word
	ClassWords2 = "words2" // two words, all must match
	ClassWords3 = "words3" // three words
	ClassPhrase = "phrase" // "two words" in this order
	ClassPlace  = "place"  // word + location filter, or the filter alone
	ClassActor  = "actor"  // word + actor filter, or the filter alone
	ClassDate   = "date"   // word + date range
	ClassCombo  = "combo"  // words + place and/or actor + date range
	ClassBrowse = "browse" // no words: filters and facets alone
)

// Classes in report order.
var Classes = []string{ClassWord, ClassWords2, ClassWords3, ClassPhrase, ClassPlace, ClassActor, ClassDate, ClassCombo, ClassBrowse}

// Query is one benchmark query, in terms every engine can translate.
type Query struct {
	Class     string   `json:"class"`
	Words     []string `json:"words,omitempty"`
	Phrase    bool     `json:"phrase,omitempty"`
	Locations []string `json:"locations,omitempty"`
	Actors    []string `json:"actors,omitempty"`
	From      string   `json:"from,omitempty"` // YYYY-MM-DD inclusive
	To        string   `json:"to,omitempty"`   // YYYY-MM-DD inclusive
}

// Text is the query string as a user types it.
func (q Query) Text() string {
	if q.Phrase {
		return `"` + strings.Join(q.Words, " ") + `"`
	}
	return strings.Join(q.Words, " ")
}

// URL is the /api/search request of the query.
func (q Query) URL(base string) string {
	v := url.Values{}
	v.Set("q", q.Text())
	for _, l := range q.Locations {
		v.Add("location", l)
	}
	for _, a := range q.Actors {
		v.Add("actor", a)
	}
	if q.From != "" {
		v.Set("from", q.From)
	}
	if q.To != "" {
		v.Set("to", q.To)
	}
	return base + "/api/search?" + v.Encode()
}

func (q Query) String() string {
	s := q.Text()
	if len(q.Locations) > 0 {
		s += " location=" + strings.Join(q.Locations, "|")
	}
	if len(q.Actors) > 0 {
		s += " actor=" + strings.Join(q.Actors, "|")
	}
	if q.From != "" || q.To != "" {
		s += " " + q.From + ".." + q.To
	}
	return strings.TrimSpace(s)
}

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out
over own said same says she should so some such than that the their them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your new one two year years after
over amid told also us say last first week day mr ms`) {
		stop[w] = true
	}
}

func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		w = strings.Trim(w, "'")
		lw := strings.ToLower(w)
		if len(lw) < 3 || stop[lw] || strings.Contains(lw, "'") {
			continue
		}
		out = append(out, lw)
	}
	return out
}

// MakeQueries draws n queries (at least 200) from the real articles: words
// and word pairs from titles, phrases from sentences, places and actors from
// the extracted entities, date ranges inside the generation window.
func MakeQueries(c *Corpus, n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, 99))
	// Document frequency of title words in the real corpus: sample words
	// across the frequency range, not only the commonest.
	df := map[string]int{}
	for i := range c.Articles {
		seen := map[string]bool{}
		for _, w := range words(c.Articles[i].Title) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	var vocab []string
	for w, n := range df {
		if n >= 3 {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		if df[vocab[i]] != df[vocab[j]] {
			return df[vocab[i]] > df[vocab[j]]
		}
		return vocab[i] < vocab[j]
	})
	pickWord := func() string {
		// Half from the 100 commonest title words, half from the rest.
		if r.IntN(2) == 0 || len(vocab) < 200 {
			return vocab[r.IntN(min(100, len(vocab)))]
		}
		return vocab[100+r.IntN(len(vocab)-100)]
	}
	titleWords := func(k int) []string {
		for tries := 0; tries < 100; tries++ {
			a := &c.Articles[r.IntN(len(c.Articles))]
			ws := words(a.Title)
			if len(ws) < k {
				continue
			}
			st := r.IntN(len(ws) - k + 1)
			out := append([]string(nil), ws[st:st+k]...)
			if k == 2 && out[0] == out[1] {
				continue
			}
			return out
		}
		return []string{pickWord()}
	}
	phrase := func() []string {
		for tries := 0; tries < 200; tries++ {
			s := c.sents[r.IntN(len(c.sents))].text
			f := strings.Fields(s)
			if len(f) < 4 {
				continue
			}
			k := r.IntN(len(f) - 1)
			a, b := strings.Trim(f[k], `.,;:"'“”()`), strings.Trim(f[k+1], `.,;:"'“”()`)
			if len(words(a)) == 1 && len(words(b)) == 1 && words(a)[0] == strings.ToLower(a) && words(b)[0] == strings.ToLower(b) {
				return []string{a, b}
			}
		}
		return titleWords(2)
	}
	// Entities weighted by how many real articles name them.
	locN, actN := map[string]int{}, map[string]int{}
	for i := range c.Articles {
		e := &c.Articles[i].Ents
		seen := map[string]bool{}
		for _, l := range e.Locations {
			for _, n := range l.Path() {
				if n != "" && !seen[n] {
					seen[n] = true
					locN[n]++
				}
			}
		}
		for _, a := range e.Actors {
			if !seen["a:"+a.Name] {
				seen["a:"+a.Name] = true
				actN[a.Name]++
			}
		}
	}
	top := func(m map[string]int, k int) []string {
		var out []string
		for v, n := range m {
			if n >= 5 {
				out = append(out, v)
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if m[out[i]] != m[out[j]] {
				return m[out[i]] > m[out[j]]
			}
			return out[i] < out[j]
		})
		if len(out) > k {
			out = out[:k]
		}
		return out
	}
	places, actors := top(locN, 120), top(actN, 120)
	pick := func(vals []string) []string {
		if len(vals) == 0 {
			return nil
		}
		// Skewed to the common values, as users click the top facets.
		f := r.Float64()
		return []string{vals[int(f*f*float64(len(vals)))]}
	}
	dateRange := func() (string, string) {
		days := int(genEnd.Sub(genStart).Hours() / 24)
		length := []int{7, 30, 90, 365}[r.IntN(4)]
		st := genStart.AddDate(0, 0, r.IntN(days-length))
		return st.Format(time.DateOnly), st.AddDate(0, 0, length-1).Format(time.DateOnly)
	}
	if n < 200 {
		n = 200
	}
	// Shares per class, in Classes order.
	shares := []float64{0.16, 0.12, 0.10, 0.10, 0.12, 0.12, 0.10, 0.12, 0.06}
	var out []Query
	for ci, cls := range Classes {
		k := int(shares[ci]*float64(n) + 0.5)
		for j := 0; j < k; j++ {
			q := Query{Class: cls}
			switch cls {
			case ClassWord:
				q.Words = []string{pickWord()}
			case ClassWords2:
				q.Words = titleWords(2)
			case ClassWords3:
				q.Words = titleWords(3)
			case ClassPhrase:
				q.Words, q.Phrase = phrase(), true
			case ClassPlace:
				q.Locations = pick(places)
				if j%4 != 3 {
					q.Words = []string{pickWord()}
				}
			case ClassActor:
				q.Actors = pick(actors)
				if j%4 != 3 {
					q.Words = []string{pickWord()}
				}
			case ClassDate:
				q.Words = []string{pickWord()}
				q.From, q.To = dateRange()
			case ClassCombo:
				q.Words = titleWords(1 + r.IntN(2))
				switch j % 3 {
				case 0:
					q.Locations = pick(places)
					q.From, q.To = dateRange()
				case 1:
					q.Actors = pick(actors)
					q.Locations = pick(places)
				default:
					q.Locations = pick(places)
					q.Actors = pick(actors)
					q.From, q.To = dateRange()
				}
			case ClassBrowse:
				switch j % 3 {
				case 0:
					q.From, q.To = dateRange()
				case 1:
					q.Locations = pick(places)
				default:
					q.Actors = pick(actors)
					q.From, q.To = dateRange()
				}
			}
			out = append(out, q)
		}
	}
	return out
}

// SaveQueries writes the query set as JSON, for children and for readers.
func SaveQueries(path string, qs []Query) error {
	b, err := json.MarshalIndent(qs, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// LoadQueries reads a query set written by SaveQueries.
func LoadQueries(path string) ([]Query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	var qs []Query
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("queries %s: %w", path, err)
	}
	return qs, nil
}
