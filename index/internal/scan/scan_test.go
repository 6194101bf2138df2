package scan

import (
	"math"
	"reflect"
	"testing"
)

func TestDocRanges(t *testing.T) {
	tests := []struct {
		name      string
		n         uint64
		k         int
		minDocs   uint64
		wantParts int
	}{
		{name: "small index: one range", n: 500, k: 4, minDocs: 10000, wantParts: 1},
		{name: "one per core", n: 100000, k: 2, minDocs: 10000, wantParts: 2},
		{name: "no range under the minimum", n: 25000, k: 8, minDocs: 10000, wantParts: 2},
		{name: "forced workers", n: 7, k: 3, minDocs: 1, wantParts: 3},
		{name: "empty", n: 0, k: 2, minDocs: 1, wantParts: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := docRanges(tc.n, tc.k, tc.minDocs)
			if len(rs) != tc.wantParts {
				t.Fatalf("%d ranges, want %d: %v", len(rs), tc.wantParts, rs)
			}
			if rs[0].lo != 0 || rs[len(rs)-1].hi != math.MaxUint64 {
				t.Errorf("ranges %v do not cover [0, max)", rs)
			}
			for i := 1; i < len(rs); i++ {
				if rs[i].lo != rs[i-1].hi {
					t.Errorf("gap or overlap between %v and %v", rs[i-1], rs[i])
				}
			}
		})
	}
}

func TestTopTerms(t *testing.T) {
	names := []string{"Kyiv", "Gaza", "Aleppo", "Mosul", "Goma"}
	counts := []uint32{5, 9, 5, 0, 1}
	tests := []struct {
		name string
		size int
		want []Term
	}{
		{name: "by count, ties by value", size: 10, want: []Term{{"Gaza", 9}, {"Aleppo", 5}, {"Kyiv", 5}, {"Goma", 1}}},
		{name: "the best size values", size: 2, want: []Term{{"Gaza", 9}, {"Aleppo", 5}}},
		{name: "none", size: 0, want: []Term{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := topTerms(tc.size, counts, names); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("topTerms = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRowsOf(t *testing.T) {
	// Two documents, three row fields: d0 has [1 2] [] [7], d1 has [] [3] [].
	sc := &segCols{start: []uint32{0, 6, 10}, data: []uint32{2, 1, 2, 0, 1, 7, 0, 1, 3, 0}}
	tests := []struct {
		name string
		d    uint64
		fi   int
		want []uint32
	}{
		{"first field", 0, 0, []uint32{1, 2}},
		{"empty field", 0, 1, []uint32{}},
		{"last field", 0, 2, []uint32{7}},
		{"second document", 1, 1, []uint32{3}},
		{"beyond the segment", 5, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sc.of(tc.d, tc.fi)
			if len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("of(%d, %d) = %v, want %v", tc.d, tc.fi, got, tc.want)
			}
		})
	}
}
