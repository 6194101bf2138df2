package lru

import "testing"

func TestCache(t *testing.T) {
	tests := []struct {
		name     string
		max      int
		maxBytes int64
		puts     []string // keys put in order, each of 100 bytes
		gets     []string // keys read between puts: the first
		want     []string // keys held at the end
		gone     []string // keys not held
	}{
		{name: "least recently used goes first", max: 2, puts: []string{"a", "b", "c"}, want: []string{"b", "c"}, gone: []string{"a"}},
		{name: "a read keeps a value", max: 2, puts: []string{"a", "b", "c"}, gets: []string{"a"}, want: []string{"a", "c"}, gone: []string{"b"}},
		{name: "bounded by bytes", max: 100, maxBytes: 1000, puts: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}, want: []string{"j"}, gone: []string{"a"}},
		{name: "no cache", max: 0, puts: []string{"a"}, gone: []string{"a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New[int](tc.max, tc.maxBytes)
			for i, k := range tc.puts {
				_, gen, _ := c.Get(k)
				c.Put(k, gen, i, 100)
				if i == 1 {
					for _, g := range tc.gets {
						c.Get(g)
					}
				}
			}
			for _, k := range tc.want {
				if _, _, ok := c.Get(k); !ok {
					t.Errorf("%s not held", k)
				}
			}
			for _, k := range tc.gone {
				if _, _, ok := c.Get(k); ok {
					t.Errorf("%s still held", k)
				}
			}
			if n, b := c.Stats(); tc.maxBytes > 0 && b > tc.maxBytes {
				t.Errorf("%d values of %d bytes over the bound %d", n, b, tc.maxBytes)
			}
		})
	}
}

func TestClearDropsValuesComputedBefore(t *testing.T) {
	c := New[string](10, 0)
	_, gen, _ := c.Get("q")
	c.Clear() // a write while the answer was being computed
	c.Put("q", gen, "stale", 10)
	if _, _, ok := c.Get("q"); ok {
		t.Error("an answer computed before a write was kept")
	}
	_, gen, _ = c.Get("q")
	c.Put("q", gen, "fresh", 10)
	if v, _, ok := c.Get("q"); !ok || v != "fresh" {
		t.Errorf("Get = %q, %v", v, ok)
	}
}
