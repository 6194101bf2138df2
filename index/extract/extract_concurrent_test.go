package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

// TestExtractConcurrent extracts the demo articles from several goroutines
// at once: each must get what a lone caller gets, since the extractor
// reuses its buffers from one call to the next (run with -race).
func TestExtractConcurrent(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "cmd", "sitrep", "demodata", "articles.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	type article struct{ Title, Text string }
	var arts []article
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() && len(arts) < 60 {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		t.Fatal("no demo articles")
	}
	// a Ukrainian and an Arabic text take the script paths too
	arts = append(arts, article{Text: "Російські війська обстріляли Харків і Куп'янськ 4 січня 2025 року."},
		article{Text: "قصف الجيش مدينة حلب وريف إدلب يوم الاثنين."})
	ex := testExtractor(t)
	pub := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	want := make([]Entities, len(arts))
	for i, a := range arts {
		want[i] = ex.Extract(a.Title, a.Text, pub)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range arts {
				i := (k + g*len(arts)/4) % len(arts) // each goroutine in its own order
				if got := ex.Extract(arts[i].Title, arts[i].Text, pub); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("goroutine %d, article %d: got %+v, want %+v", g, i, got, want[i])
				}
			}
		}(g)
	}
	wg.Wait()
}
