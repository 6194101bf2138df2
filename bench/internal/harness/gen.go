package harness

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// Generation window: dates are spread over these years, denser towards the
// end as news archives are.
var (
	genStart = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	genEnd   = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
)

// Generator makes synthetic articles from a Corpus. Article(i) depends only
// on the seed and i, so any process can regenerate any slice of the corpus.
type Generator struct {
	c    *Corpus
	seed uint64
	dss  []string
	real bool // the real articles as they are (NewRealGenerator)
}

// NewGenerator returns a seeded generator over c.
func NewGenerator(c *Corpus, seed uint64) *Generator {
	return &Generator{c: c, seed: seed, dss: c.datasets()}
}

// NewRealGenerator returns the real articles of c themselves, in corpus
// order: Article(i) is real article i (modulo their number), cleaned, with
// the entities the extractor found in it.
func NewRealGenerator(c *Corpus) *Generator {
	return &Generator{c: c, dss: c.datasets(), real: true}
}

// realArticle is real article i of the corpus.
func (g *Generator) realArticle(i int, entities bool) *index.Article {
	s := &g.c.Articles[i%len(g.c.Articles)]
	a := &index.Article{
		ID: fmt.Sprintf("r%07d", i), Title: s.Title, Text: g.c.text(s), Source: s.Source, URL: s.URL,
		Published: s.Published, Lang: "en", Dataset: s.Dataset,
	}
	if a.URL == "" {
		a.URL = fakeURL(s, i)
	}
	if entities {
		ingest.Annotate(a, s.Ents)
	}
	return a
}

// keepOriginal is the chance that a sentence stays the template's own.
const keepOriginal = 0.35

// Article returns synthetic article i: the structure (paragraphs, sentence
// counts, source, dataset) of a real template article, each sentence either
// the template's own or a random sentence of the same dataset, a title
// spliced from two real titles, a date in the generation window, and the
// template's entities that are still mentioned in the new text. With
// entities false the article carries none (for ingest with extraction).
func (g *Generator) Article(i int, entities bool) *index.Article {
	if g.real {
		return g.realArticle(i, entities)
	}
	r := rand.New(rand.NewPCG(g.seed, uint64(i)*0x9E3779B97F4A7C15+1))
	c := g.c
	ti := r.IntN(len(c.Articles))
	t := &c.Articles[ti]
	pool := c.pools[t.Dataset]
	var refs []entRef
	var b strings.Builder
	for pi, p := range t.Paras {
		if pi > 0 {
			b.WriteString("\n\n")
		}
		for si, s := range p {
			if si > 0 {
				b.WriteByte(' ')
			}
			if r.Float64() >= keepOriginal && len(pool) > 0 {
				s = pool[r.IntN(len(pool))]
			}
			b.WriteString(c.sents[s].text)
			refs = append(refs, c.sents[s].ents...)
		}
	}
	text := b.String()
	title := t.Title
	refs = append(refs, t.titleEnts...)
	if ts := c.titles[t.Dataset]; len(ts) > 1 && r.Float64() < 0.7 {
		o := &c.Articles[ts[r.IntN(len(ts))]]
		title = spliceTitles(t.Title, o.Title)
		// The spliced title may have lost or gained a mention: close enough
		// for facets, and the text decides most of them.
		refs = append(refs, o.titleEnts...)
	}
	span := genEnd.Sub(genStart)
	// sqrt skews towards recent dates: more news in later years.
	f := r.Float64()
	f = 1 - (1-f)*(1-f)
	pub := genStart.Add(time.Duration(f * float64(span))).Truncate(time.Minute)
	a := &index.Article{
		ID:        fmt.Sprintf("g%07d", i),
		Title:     title,
		Text:      text,
		Source:    t.Source,
		URL:       fakeURL(t, i),
		Published: pub,
		Lang:      "en",
		Dataset:   t.Dataset,
	}
	if entities {
		var e extract.Entities
		seen := map[string]bool{}
		for _, ref := range refs {
			src := &c.Articles[ref.art].Ents
			switch ref.kind {
			case 0:
				l := src.Locations[ref.idx]
				if !seen["l"+l.Name] {
					seen["l"+l.Name] = true
					e.Locations = append(e.Locations, l)
				}
			case 1:
				ac := src.Actors[ref.idx]
				if !seen["a"+ac.Name] {
					seen["a"+ac.Name] = true
					e.Actors = append(e.Actors, ac)
				}
			case 2:
				d := src.Dates[ref.idx]
				if !seen["d"+d.Date] {
					seen["d"+d.Date] = true
					e.Dates = append(e.Dates, d)
				}
			}
		}
		ingest.Annotate(a, e)
	}
	return a
}

func mentioned(text string, mentions []string) bool {
	for _, m := range mentions {
		if m != "" && strings.Contains(text, m) {
			return true
		}
	}
	return false
}

func spliceTitles(a, b string) string {
	aw, bw := strings.Fields(a), strings.Fields(b)
	if len(aw) < 2 || len(bw) < 2 {
		return a
	}
	return strings.Join(append(aw[:(len(aw)+1)/2:(len(aw)+1)/2], bw[len(bw)/2:]...), " ")
}

func fakeURL(t *source, i int) string {
	host := "news.example.org"
	if u, err := url.Parse(t.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	return fmt.Sprintf("https://%s/g/%07d", host, i)
}

// RawBytes is the size of an article's title and text, the measure that
// index sizes are compared against.
func RawBytes(a *index.Article) int64 { return int64(len(a.Title) + len(a.Text)) }

// jsonlRecord is what WriteJSONL writes: what a scraper would hand to
// `sitrep ingest`, without entities.
type jsonlRecord struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Dataset   string `json:"dataset"`
	Text      string `json:"text"`
}

// WriteJSONL writes articles [0, n) as JSON Lines and returns the raw bytes
// of their titles and texts.
func (g *Generator) WriteJSONL(w io.Writer, n int) (int64, error) {
	enc := json.NewEncoder(w)
	var raw int64
	for i := 0; i < n; i++ {
		a := g.Article(i, false)
		raw += RawBytes(a)
		if err := enc.Encode(jsonlRecord{ID: a.ID, URL: a.URL, Source: a.Source, Title: a.Title,
			Published: a.Published.Format(time.RFC3339), Lang: a.Lang, Dataset: a.Dataset, Text: a.Text}); err != nil {
			return raw, err
		}
	}
	return raw, nil
}
