package index

import (
	"context"
	"testing"
)

// TestCompactMergesIntoOneSegment writes the demo articles in several
// batches (a segment each), compacts, and wants one segment answering as
// the several did.
func TestCompactMergesIntoOneSegment(t *testing.T) {
	arts := demoArticles(t)
	ix, err := Open(t.TempDir()+"/idx", Options{CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	segments := func() int {
		snap, release, err := ix.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		return len(snap.Segments())
	}
	// A batch is a segment until the background merger joins it to
	// others: right after a batch there are at least two.
	most := 0
	for i := 0; i < len(arts); i += 50 {
		if err := ix.Apply(context.Background(), arts[i:min(i+50, len(arts))], nil); err != nil {
			t.Fatal(err)
		}
		most = max(most, segments())
	}
	if most < 2 {
		t.Fatalf("at most %d segment while writing: not a useful test", most)
	}
	q := Query{Text: `missile "armed forces"`, Size: 20}
	before, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := segments(); n != 1 {
		t.Errorf("%d segments after compacting, want 1", n)
	}
	after, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total || len(after.Hits) != len(before.Hits) {
		t.Fatalf("total %d, %d hits; before %d, %d", after.Total, len(after.Hits), before.Total, len(before.Hits))
	}
	for i := range after.Hits {
		if after.Hits[i].ID != before.Hits[i].ID {
			t.Errorf("hit %d: %s, before %s", i, after.Hits[i].ID, before.Hits[i].ID)
		}
	}
}
