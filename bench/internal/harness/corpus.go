package harness

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/extract"
	"github.com/sitrep/sitrep/index/ingest"
)

// ErrNoCorpus says that the shared corpus is not beside the project.
var ErrNoCorpus = errors.New("shared corpus not found")

// DefaultCorpus is where the real articles live, relative to the project root.
const DefaultCorpus = "../shared/data/corpus/articles.en.jsonl"

// FindCorpus returns path if it exists, else looks for the shared corpus
// from the working directory upwards; the error wraps ErrNoCorpus.
func FindCorpus(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrNoCorpus, path, err)
		}
		return path, nil
	}
	dir, _ := os.Getwd()
	for i := 0; i < 6 && dir != ""; i++ {
		p := filepath.Join(dir, DefaultCorpus)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		for _, alt := range []string{filepath.Join(dir, "shared/data/corpus/articles.en.jsonl")} {
			if _, err := os.Stat(alt); err == nil {
				return alt, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("%w: looked for %s from the project root upwards; the benchmark needs ../shared beside the project (see ../shared/README.md)", ErrNoCorpus, DefaultCorpus)
}

// source is one real article split into sentences, with its entities.
type source struct {
	ID, Title, Source, URL, Dataset string
	Published                       time.Time
	// Paras are paragraphs of sentences (indexes into Corpus.sents).
	Paras [][]int32
	Ents  extract.Entities
	// titleEnts are the entities the title mentions.
	titleEnts []entRef
}

// entRef points at one entity of one real article.
type entRef struct {
	art  int32
	kind uint8 // 0 location, 1 actor, 2 date
	idx  uint16
}

type rawArticle struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Text      string `json:"text"`
	Dataset   string `json:"dataset"`
}

// sent is a sentence, the article it came from and the entities of that
// article that it mentions.
type sent struct {
	text string
	art  int32
	ents []entRef
}

// Corpus is the real articles, ready for recombination.
type Corpus struct {
	Articles []source
	// pools holds the sentences of each dataset, so that a generated article
	// mixes sentences on the same subject.
	sents   []sent
	pools   map[string][]int32
	titles  map[string][]int32
	RawSize int64 // bytes of title+text in the real articles
}

// LoadCorpus reads the real articles (the later line wins for a repeated id)
// and splits them into sentences. Entities come from cacheFile when it
// holds them, else from ex (run once per article, in parallel) and are then
// written to cacheFile; with neither, articles carry no entities.
func LoadCorpus(path, cacheFile string, ex *extract.Extractor) (*Corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpus, err)
	}
	defer f.Close()
	var raw []rawArticle
	pos := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r rawArticle
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == "" {
			continue
		}
		if i, ok := pos[r.ID]; ok {
			raw[i] = r
			continue
		}
		pos[r.ID] = len(raw)
		raw = append(raw, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("%w: %s holds no articles", ErrNoCorpus, path)
	}
	c := &Corpus{pools: map[string][]int32{}, titles: map[string][]int32{}}
	for i, r := range raw {
		s := source{ID: r.ID, Title: ingest.CleanLine(r.Title), Source: ingest.CleanLine(r.Source), URL: r.URL, Dataset: r.Dataset}
		s.Published, _ = extract.ParsePublished(r.Published)
		text := ingest.CleanText(r.Text)
		c.RawSize += int64(len(s.Title) + len(text))
		for _, p := range strings.Split(text, "\n\n") {
			if ss := splitSentences(p); len(ss) > 0 {
				ids := make([]int32, len(ss))
				for k, x := range ss {
					ids[k] = int32(len(c.sents))
					c.pools[s.Dataset] = append(c.pools[s.Dataset], ids[k])
					c.sents = append(c.sents, sent{text: x, art: int32(i)})
				}
				s.Paras = append(s.Paras, ids)
			}
		}
		if s.Title != "" {
			c.titles[s.Dataset] = append(c.titles[s.Dataset], int32(i))
		}
		c.Articles = append(c.Articles, s)
	}
	if err := c.entities(cacheFile, ex); err != nil {
		return nil, err
	}
	c.refs()
	return c, nil
}

func (c *Corpus) entities(cacheFile string, ex *extract.Extractor) error {
	if cacheFile != "" {
		if f, err := os.Open(cacheFile); err == nil {
			defer f.Close()
			zr, err := gzip.NewReader(f)
			if err == nil {
				var ents []extract.Entities
				if json.NewDecoder(zr).Decode(&ents) == nil && len(ents) == len(c.Articles) {
					for i := range c.Articles {
						c.Articles[i].Ents = ents[i]
					}
					return nil
				}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if ex == nil {
		return nil
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := &c.Articles[i]
				a.Ents = ex.Extract(a.Title, c.text(a), a.Published)
			}
		}()
	}
	for i := range c.Articles {
		next <- i
	}
	close(next)
	wg.Wait()
	if cacheFile == "" {
		return nil
	}
	ents := make([]extract.Entities, len(c.Articles))
	for i := range c.Articles {
		ents[i] = c.Articles[i].Ents
	}
	tmp := cacheFile + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("entity cache: %w", err)
	}
	zw := gzip.NewWriter(f)
	if err := json.NewEncoder(zw).Encode(ents); err != nil {
		f.Close()
		return fmt.Errorf("entity cache: %w", err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, cacheFile)
}

// refs records, once, which entities each sentence and title mentions, so
// that generation needs no string search.
func (c *Corpus) refs() {
	find := func(text string, ai int32) []entRef {
		var out []entRef
		e := &c.Articles[ai].Ents
		for k, l := range e.Locations {
			if mentioned(text, l.Mentions) {
				out = append(out, entRef{ai, 0, uint16(k)})
			}
		}
		for k, a := range e.Actors {
			if mentioned(text, a.Mentions) {
				out = append(out, entRef{ai, 1, uint16(k)})
			}
		}
		for k, d := range e.Dates {
			if mentioned(text, []string{d.Mention}) {
				out = append(out, entRef{ai, 2, uint16(k)})
			}
		}
		return out
	}
	for i := range c.sents {
		c.sents[i].ents = find(c.sents[i].text, c.sents[i].art)
	}
	for i := range c.Articles {
		c.Articles[i].titleEnts = find(c.Articles[i].Title, int32(i))
	}
}

func (c *Corpus) text(s *source) string {
	var b strings.Builder
	for i, p := range s.Paras {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for k, x := range p {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.sents[x].text)
		}
	}
	return b.String()
}

// Article returns real article i as sitrep stores it (entities included).
func (c *Corpus) Article(i int) *index.Article {
	s := &c.Articles[i]
	a := &index.Article{ID: s.ID, Title: s.Title, Text: c.text(s), Source: s.Source, URL: s.URL, Dataset: s.Dataset, Published: s.Published, Lang: "en"}
	ingest.Annotate(a, s.Ents)
	return a
}

// splitSentences cuts a paragraph after ., ! or ? (and closing quotes) that
// is followed by a space and a capital letter, digit or opening quote.
func splitSentences(p string) []string {
	p = strings.TrimSpace(p)
	if p == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch != '.' && ch != '!' && ch != '?' {
			continue
		}
		j := i + 1
		for j < len(p) && (p[j] == '"' || p[j] == '\'' || p[j] == ')') {
			j++
		}
		if strings.HasPrefix(p[j:], "”") {
			j += len("”")
		}
		if j >= len(p) || p[j] != ' ' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p[j+1:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '\'') {
			continue
		}
		// "Mr. Smith", "U.S. forces": a one- or two-letter word before the dot is no sentence end.
		w := strings.LastIndexByte(p[start:i], ' ')
		word := p[start+w+1 : i]
		if ch == '.' && (len(word) <= 2 || word == "Mrs" || word == "Gen" || word == "Col" || word == "Lt" || word == "Sgt") {
			continue
		}
		out = append(out, strings.TrimSpace(p[start:j]))
		start = j + 1
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// datasets returns the dataset names in a fixed order.
func (c *Corpus) datasets() []string {
	var out []string
	for k := range c.pools {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
