package harness

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/extract"
)

// testCorpus is the shared corpus with its entities, loaded once for every
// test and benchmark of the package (under the race detector a load takes
// most of a minute).
var testCorpus struct {
	once sync.Once
	c    *Corpus
	skip string
	err  error
}

func loadTestCorpus(t testing.TB) *Corpus {
	t.Helper()
	testCorpus.once.Do(func() {
		p, err := FindCorpus("")
		if errors.Is(err, ErrNoCorpus) {
			testCorpus.skip = "../shared corpus absent: " + err.Error()
			return
		}
		ex, err := extract.New(extract.Options{})
		if err != nil {
			testCorpus.skip = "extractor unavailable: " + err.Error()
			return
		}
		start := time.Now()
		testCorpus.c, testCorpus.err = LoadCorpus(p, filepath.Join(os.TempDir(), "sitrep-bench-test-entities.json.gz"), ex)
		if testCorpus.err == nil {
			t.Logf("corpus: %d articles, %d bytes raw, loaded in %s", len(testCorpus.c.Articles), testCorpus.c.RawSize, time.Since(start))
		}
	})
	if testCorpus.skip != "" {
		t.Skip(testCorpus.skip)
	}
	if testCorpus.err != nil {
		t.Fatal(testCorpus.err)
	}
	return testCorpus.c
}

func TestGeneratorDeterministic(t *testing.T) {
	c := loadTestCorpus(t)
	g1, g2 := NewGenerator(c, 7), NewGenerator(c, 7)
	var raw int64
	locs, acts := 0, 0
	for i := 0; i < 2000; i++ {
		a, b := g1.Article(i, true), g2.Article(i, true)
		if a.Title != b.Title || a.Text != b.Text || !a.Published.Equal(b.Published) || len(a.Locations) != len(b.Locations) {
			t.Fatalf("article %d differs between two generators with one seed", i)
		}
		raw += RawBytes(a)
		locs += len(a.Locations)
		acts += len(a.Actors)
	}
	if g := NewGenerator(c, 8).Article(1, false); g.Text == g1.Article(1, false).Text {
		t.Errorf("another seed gave the same article")
	}
	mean := float64(raw) / 2000
	realMean := float64(c.RawSize) / float64(len(c.Articles))
	if mean < realMean*0.6 || mean > realMean*1.4 {
		t.Errorf("mean length %.0f, real corpus %.0f", mean, realMean)
	}
	if locs == 0 || acts == 0 {
		t.Errorf("no entities carried over: %d locations, %d actors", locs, acts)
	}
	t.Logf("mean %.0f bytes (real %.0f), %.1f locations, %.1f actors per article", mean, realMean, float64(locs)/2000, float64(acts)/2000)
}

func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want int
	}{
		{"two", "Troops advanced. Civilians fled.", 2},
		{"abbrev", "Mr. Smith met U.S. officials. They spoke.", 2},
		{"quote", `"We will win." He said so.`, 2},
		{"lower", "It was 5 p.m. and then.", 1},
	} {
		if got := splitSentences(tc.in); len(got) != tc.want {
			t.Errorf("%s: %q -> %q", tc.name, tc.in, got)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	c := loadTestCorpus(b)
	g := NewGenerator(c, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Article(i, true)
	}
}

// The real generator hands back the real articles: all of their text, with
// the entities found in them.
func TestRealGenerator(t *testing.T) {
	c := loadTestCorpus(t)
	g := NewRealGenerator(c)
	var raw int64
	withPlaces := 0
	for i := range c.Articles {
		a := g.Article(i, true)
		if a.Text == "" || a.ID == "" {
			t.Fatalf("real article %d: empty text or id", i)
		}
		if a.Text != c.text(&c.Articles[i]) || a.Title != c.Articles[i].Title {
			t.Fatalf("real article %d is not the corpus's own", i)
		}
		raw += RawBytes(a)
		if len(a.Locations) > 0 {
			withPlaces++
		}
	}
	// Sentence splitting joins paragraphs with single spaces: the sizes agree
	// to within a few percent.
	if d := float64(raw-c.RawSize) / float64(c.RawSize); d < -0.05 || d > 0.05 {
		t.Errorf("real articles hold %d bytes, corpus %d", raw, c.RawSize)
	}
	if withPlaces < len(c.Articles)/2 {
		t.Errorf("only %d of %d real articles carry places", withPlaces, len(c.Articles))
	}
	if a, b := g.Article(0, false), g.Article(len(c.Articles), false); a.Text != b.Text || a.ID == b.ID {
		t.Errorf("article n should repeat article 0's text under another id")
	}
}
