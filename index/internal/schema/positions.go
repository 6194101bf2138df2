package schema

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Positions without offsets. Phrases need the position of every word of
// the text fields; the highlighter needs where each word starts and ends,
// which Bleve keeps beside the position ("term vectors") for every word
// of every article. The highlighter re-reads the stored text of the page's
// hits instead (index/highlight.go), so the text fields are indexed with a
// wrapper of their analyzer that keeps positions and sets every offset to
// 0: a position costs a byte or two where the offsets cost three to five
// more.

// positionsAnalyzer is its base analyzer with the tokens' offsets zeroed.
// The base is looked up on first use: an index's stored mapping defines
// its analyzers in no set order, a wrapper possibly before its base.
type positionsAnalyzer struct {
	once  sync.Once
	cache *registry.Cache
	name  string
	base  analysis.Analyzer
}

func (a *positionsAnalyzer) Analyze(in []byte) analysis.TokenStream {
	a.once.Do(func() {
		if a.base == nil {
			a.base, _ = a.cache.AnalyzerNamed(a.name)
		}
	})
	if a.base == nil {
		return nil
	}
	ts := a.base.Analyze(in)
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}

// positionsType is the analyzer type of the wrappers; the config names
// the base analyzer: {"type": "sitrep_positions", "base": "en"}.
const positionsType = "sitrep_positions"

// PositionsAnalyzer names the wrapper of base.
func PositionsAnalyzer(base string) string { return "sitrep_pos_" + base }

func init() {
	err := registry.RegisterAnalyzer(positionsType, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		name, _ := config["base"].(string)
		if name == "" {
			return nil, fmt.Errorf("positions analyzer: no base analyzer")
		}
		a := &positionsAnalyzer{cache: cache, name: name}
		a.base, _ = cache.AnalyzerNamed(name) // else on first use
		return a, nil
	})
	if err != nil {
		panic(err)
	}
}
