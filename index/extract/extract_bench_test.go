package extract

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchShared extracts the first n texts of a set in ../shared (not shipped
// with the project); it skips, saying so, when ../shared is absent.
func benchShared(b *testing.B, rel string, n int) {
	path := filepath.Join("..", "..", "..", "shared", rel)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("%s is absent (../shared is not part of the project): %v", path, err)
	}
	benchTexts(b, data, n)
}

// benchTexts extracts the title and text of the first n JSON lines of data.
func benchTexts(b *testing.B, data []byte, n int) {
	var titles, texts []string
	for _, line := range strings.Split(string(data), "\n") {
		var r struct{ Title, Text string }
		if json.Unmarshal([]byte(line), &r) == nil && r.Text != "" {
			titles, texts = append(titles, r.Title), append(texts, r.Text)
		}
		if len(texts) == n {
			break
		}
	}
	if len(texts) == 0 {
		b.Fatal("no texts to extract")
	}
	ex := testExtractor(b)
	ex.places.fuzzy()                                  // built once per process, on the first misspelt name
	if _, err := ex.places.scriptIndex(); err != nil { // built on the first Cyrillic or Arabic text
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for k := range texts {
			ex.Extract(titles[k], texts[k], time.Time{})
		}
	}
	cpu := cpuTime() - cpu0
	size := 0
	for k := range texts {
		size += len(titles[k]) + len(texts[k])
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(texts)), "µs/article")
	// The CPU time of the process (garbage collection on other threads
	// included), which a busy machine distorts less than the wall time.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*len(texts)), "cpu-µs/article")
	// Articles differ in length from one set to another (an Arabic item is
	// a title and a lede); the time per byte compares the languages.
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/byte")
	b.ReportMetric(float64(size)/float64(len(texts)), "bytes/article")
}

// BenchmarkExtractDemo: the sample articles `sitrep demo` ships (officials'
// addresses and press releases, about 3.5 KB each; committed, so this one
// runs in a fresh clone; see cmd/sitrep/demodata/ATTRIBUTION.md).
func BenchmarkExtractDemo(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "..", "cmd", "sitrep", "demodata", "articles.jsonl.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(gz)
	if err != nil {
		b.Fatal(err)
	}
	benchTexts(b, data, 200)
}

// BenchmarkExtractNews: whole news articles (about 3 KB each).
func BenchmarkExtractNews(b *testing.B) { benchShared(b, "data/corpus/articles.en.jsonl", 200) }

// BenchmarkExtractSyria: FA-KES war reports, dense with places and countries.
func BenchmarkExtractSyria(b *testing.B) { benchShared(b, "data/eval/fakes_syria.jsonl", 200) }

// BenchmarkExtractEventNotes: short ACLED event descriptions.
func BenchmarkExtractEventNotes(b *testing.B) { benchShared(b, "data/eval/acled_somalia.jsonl", 1000) }

// BenchmarkExtractUkrainian: Ukrainian addresses (Cyrillic places, actors, dates).
func BenchmarkExtractUkrainian(b *testing.B) { benchShared(b, "data/corpus/articles.uk.jsonl", 200) }

// BenchmarkExtractArabic: Arabic news items (title and lede).
func BenchmarkExtractArabic(b *testing.B) { benchShared(b, "data/corpus/articles.ar.jsonl", 1000) }

// longText is n bytes of words, places and digits with no sentence end:
// the worst case for rules that look at a whole sentence.
func longText(n int) string {
	words := []string{"shelling", "near", "Kharkiv", "the", "village", "of", "Makhnovka", "forces", "in", "Donetsk",
		"residents", "said", "attack", "on", "Monday", "town", "drones", "hit", "Lodungokwe", "Kharkiv456"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[(i*7+i/3)%len(words)])
		b.WriteByte(' ')
	}
	return b.String()
}

// BenchmarkExtractLong extracts one text of 256 KiB and one of 1 MiB with no
// sentence end: the time per byte of the two must stay about the same (the
// rules are linear in the text's length; they once were quadratic).
func BenchmarkExtractLong(b *testing.B) {
	ex := testExtractor(b)
	ex.places.fuzzy()
	for _, n := range []int{256 << 10, 1 << 20} {
		text := longText(n)
		b.Run(fmt.Sprintf("%dKiB", n>>10), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ex.Extract("", text, time.Time{})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/byte")
		})
	}
}
