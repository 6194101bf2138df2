package extract

import (
	"runtime"
	"testing"
	"time"
)

// TestScriptIndexBudget reports the time and memory of the Cyrillic and
// Arabic name index, which is built on the first text in those scripts.
func TestScriptIndexBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gazetteer")
	}
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	x, err := buildScriptIndex(g)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	t.Logf("script index: %d keys, built in %v, %.1f MB heap", len(x.keys), took.Round(time.Millisecond), mb)
	if mb > 50 {
		t.Errorf("script index uses %.0f MB, budget 50 MB", mb)
	}
	if len(x.keys) < 10000 {
		t.Errorf("script index has %d keys, want at least 10000", len(x.keys))
	}
	runtime.KeepAlive(x)
	runtime.KeepAlive(g)
}
