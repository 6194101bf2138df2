package index

import (
	"context"
	"testing"
)

// TestStampHash checks that the stored hash is the article's ContentHash
// whether it was stamped before the write, stamped and then changed, or
// not stamped at all.
func TestStampHash(t *testing.T) {
	tests := []struct {
		name   string
		stamp  bool
		change func(a *Article)
	}{
		{name: "not stamped"},
		{name: "stamped", stamp: true},
		{name: "stamped, then clustered", stamp: true, change: func(a *Article) { a.Cluster = "rep" }},
		{name: "stamped, then retitled", stamp: true, change: func(a *Article) { a.Title = "Another title" }},
		{name: "stamped, then given another id", stamp: true, change: func(a *Article) { a.ID = "other" }},
	}
	ix := openTestIndex(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &Article{ID: "h-" + tc.name, Title: "Shelling near Kherson", Text: "Shelling hit the port overnight.",
				Locations: []Location{}, Actors: []Actor{}, Dates: []EventDate{}}
			if tc.stamp {
				if h := StampHash(a); h != ContentHash(a) {
					t.Fatalf("StampHash = %q, ContentHash = %q", h, ContentHash(a))
				}
			}
			if tc.change != nil {
				tc.change(a)
			}
			if err := ix.Apply(context.Background(), []*Article{a}, nil); err != nil {
				t.Fatal(err)
			}
			fresh := *a
			fresh.hash, fresh.fp = nil, nil
			want := ContentHash(&fresh)
			have, err := ix.Hashes(context.Background(), []string{a.ID})
			if err != nil {
				t.Fatal(err)
			}
			if have[a.ID] != want {
				t.Errorf("stored hash %q, want the ContentHash of the article as written %q", have[a.ID], want)
			}
		})
	}
}
