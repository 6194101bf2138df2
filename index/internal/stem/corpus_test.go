package stem

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// TestUkrainianCorpusStems reports how the Ukrainian stemmer groups the
// words of ../shared's Ukrainian addresses (run with -v to see the groups
// of the most frequent stems); it skips without ../shared.
func TestUkrainianCorpusStems(t *testing.T) {
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "corpus", "articles.uk.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s is absent (../shared is not part of the project): %v", path, err)
	}
	defer f.Close()
	stop := map[string]bool{}
	for _, w := range UkrainianStopWords {
		stop[w] = true
	}
	freq := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		isWord := func(r rune) bool { return unicode.IsLetter(r) || r == '\'' || r == 'ʼ' || r == '’' }
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Title+" "+a.Text), func(r rune) bool { return !isWord(r) }) {
			if unicode.Is(unicode.Cyrillic, []rune(w)[0]) && !stop[w] {
				freq[w]++
			}
		}
	}
	groups := map[string][]string{}
	for w := range freq {
		s := Ukrainian.Stem(w)
		groups[s] = append(groups[s], w)
	}
	type group struct {
		stem  string
		words []string
		n     int
	}
	var gs []group
	for s, ws := range groups {
		n := 0
		for _, w := range ws {
			n += freq[w]
		}
		sort.Slice(ws, func(i, j int) bool { return freq[ws[i]] > freq[ws[j]] || freq[ws[i]] == freq[ws[j]] && ws[i] < ws[j] })
		gs = append(gs, group{s, ws, n})
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].n > gs[j].n || gs[i].n == gs[j].n && gs[i].stem < gs[j].stem })
	t.Logf("%d distinct words (stop words left out), %d stems", len(freq), len(groups))
	for _, g := range gs[:min(200, len(gs))] {
		if len(g.words) > 1 {
			t.Logf("%s (%d): %s", g.stem, g.n, strings.Join(g.words, " "))
		}
	}
	if len(groups) > len(freq)*3/4 {
		t.Errorf("%d stems for %d words: the stemmer joins too few forms", len(groups), len(freq))
	}
}
