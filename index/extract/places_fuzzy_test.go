package extract

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	testFuzzyOnce sync.Once
	testFuzzy     *fuzzyIndex
)

func fuzzyIdx(t testing.TB) *fuzzyIndex {
	t.Helper()
	g := finder(t).g
	testFuzzyOnce.Do(func() { testFuzzy = newFuzzyIndex(g) })
	return testFuzzy
}

type fuzzyWant struct {
	name, country string
	dist          int
}

func TestFuzzyLookup(t *testing.T) {
	x := fuzzyIdx(t)
	g := x.g
	tests := []struct {
		name  string
		query string
		want  []fuzzyWant // the first hits, in order; nil: no hits at all
	}{
		{name: "dropped vowel, alias", query: "Severdonetsk", want: []fuzzyWant{{"Sievierodonetsk", "UA", 1}}},
		{name: "transposition", query: "Popsana", want: []fuzzyWant{{"Popasna", "UA", 1}}},
		{name: "dropped letter, alias", query: "Bordyanka", want: []fuzzyWant{{"Borodianka", "UA", 1}}},
		{name: "dropped letter", query: "Maripol", want: []fuzzyWant{{"Mariupol", "UA", 1}}},
		{name: "transposition ranks region by population", query: "Donestk", want: []fuzzyWant{{"Donetsk Oblast", "UA", 1}, {"Donetsk", "UA", 1}, {"Donetsk", "RU", 1}}},
		{name: "transposition, 8 bytes", query: "Okhtryka", want: []fuzzyWant{{"Okhtyrka", "UA", 1}}},
		{name: "transposition, district and town", query: "Bahkmut", want: []fuzzyWant{{"Bakhmut Raion", "UA", 1}, {"Bakhmut", "UA", 1}}},
		{name: "substitution, region first", query: "Zoporizhzhia", want: []fuzzyWant{{"Zaporizhzhia Oblast", "UA", 1}, {"Zaporizhzhia", "UA", 1}}},
		{name: "country", query: "Afganistan", want: []fuzzyWant{{"Afghanistan", "AF", 1}}},
		{name: "two edits", query: "Krmatorsc", want: []fuzzyWant{{"Kramatorsk", "UA", 2}}},
		{name: "substitution in a Somali name", query: "Mogadichu", want: []fuzzyWant{{"Mogadishu", "SO", 1}}},
		{name: "insertion, town before district", query: "Kismaiyo", want: []fuzzyWant{{"Kismayo", "SO", 1}, {"Kismaayo", "SO", 1}}},
		{name: "not a guess when an alias matches exactly", query: "Kismayu", want: []fuzzyWant{{"Kismaayo", "SO", 1}}},
		{name: "short key", query: "Kyv", want: nil},
		{name: "four bytes", query: "Kiev", want: nil},
		{name: "unknown Somali village", query: "Xawaadleey", want: nil},
		{name: "unknown Kenyan village", query: "Lodungokwe", want: nil},
		{name: "no neighbour", query: "Qwzxjvbk", want: nil},
		{name: "empty", query: "", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits := x.lookup(NameKey(tc.query), 10)
			var got []fuzzyWant
			for _, h := range hits {
				e := &g.entries[h.id]
				got = append(got, fuzzyWant{e.name, e.country, h.dist})
			}
			if tc.want == nil {
				if len(got) != 0 {
					t.Fatalf("lookup(%q) = %v, want none", tc.query, got)
				}
				return
			}
			if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
				t.Fatalf("lookup(%q) = %v, want first %v", tc.query, got, tc.want)
			}
		})
	}
}

func TestFuzzyExcludesExact(t *testing.T) {
	x := fuzzyIdx(t)
	for _, q := range []string{"Kharkiv", "Avdiivka", "Mariupol", "Donetsk"} {
		k := NameKey(q)
		for _, h := range x.lookup(k, 50) {
			if slices.Contains(x.g.cands(k), h.id) {
				t.Errorf("lookup(%q) returned %q, which has the key itself", q, x.g.entries[h.id].name)
			}
		}
	}
}

func TestFuzzyOrderAndMax(t *testing.T) {
	x := fuzzyIdx(t)
	for _, q := range []string{"Donestk", "Gendershe", "Santiagoo", "Alexandria"} {
		all := x.lookup(NameKey(q), 1000)
		for i := 1; i < len(all); i++ {
			a, b := all[i-1], all[i]
			pa, pb := x.g.entries[a.id].pop, x.g.entries[b.id].pop
			if a.dist > b.dist || a.dist == b.dist && pa < pb {
				t.Fatalf("lookup(%q): hit %d (d%d pop %d) before hit %d (d%d pop %d)", q, i-1, a.dist, pa, i, b.dist, pb)
			}
		}
		if len(all) > 2 {
			if got := x.lookup(NameKey(q), 2); !slices.Equal(got, all[:2]) {
				t.Errorf("lookup(%q, 2) = %v, want %v", q, got, all[:2])
			}
		}
	}
}

func TestFuzzyLimits(t *testing.T) {
	x := fuzzyIdx(t)
	tests := []struct {
		name  string
		x     *fuzzyIndex
		key   string
		limit int
	}{
		{"zero limit", x, "bahkmut", 0},
		{"negative limit", x, "bahkmut", -1},
		{"longer than a pattern word", x, strings.Repeat("bakhmut", 10), 5},
		{"nil index", nil, "bahkmut", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.x.lookup(tc.key, tc.limit); got != nil {
				t.Errorf("lookup(%q, %d) = %v, want nil", tc.key, tc.limit, got)
			}
		})
	}
}

// TestFuzzyMatchesScan checks the index against a scan of every key for
// misspellings made by random edits of random names.
func TestFuzzyMatchesScan(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every key")
	}
	x := fuzzyIdx(t)
	g := x.g
	nkeys := len(x.koff) - 1
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefghijklmnopqrstuvwxyz"
	mutate := func(k []byte) string {
		b := slices.Clone(k)
		for n := 1 + rng.IntN(2); n > 0 && len(b) > 1; n-- {
			i := rng.IntN(len(b))
			switch rng.IntN(4) {
			case 0:
				b[i] = letters[rng.IntN(26)]
			case 1:
				b = slices.Delete(b, i, i+1)
			case 2:
				b = slices.Insert(b, i, letters[rng.IntN(26)])
			default:
				if i+1 < len(b) {
					b[i], b[i+1] = b[i+1], b[i]
				}
			}
		}
		return string(b)
	}
	var ref osaPattern
	found := 0
	for range 200 {
		q := mutate(x.key(uint32(rng.IntN(nkeys))))
		if len(q) < fuzzyMinKey {
			continue
		}
		exact := g.cands(q)
		ref.init(q)
		best := map[int32]int{}
		for i := 0; i < nkeys; i++ {
			k := x.key(uint32(i))
			d := fuzzyDist(min(len(q), len(k)))
			dist := ref.dist(k, d)
			if dist <= 0 {
				continue
			}
			for _, id := range g.cands(string(k)) {
				if !fuzzyWorth(&g.entries[id]) || slices.Contains(exact, id) {
					continue
				}
				if have, ok := best[id]; !ok || dist < have {
					best[id] = dist
				}
			}
		}
		got := map[int32]int{}
		for _, h := range x.lookup(q, 1<<20) {
			got[h.id] = h.dist
		}
		found += len(best)
		if len(got) != len(best) {
			t.Errorf("lookup(%q): %d hits, scan finds %d", q, len(got), len(best))
		}
		for id, d := range best {
			if got[id] != d {
				t.Errorf("lookup(%q): %q (%s) at distance %d, scan finds %d", q, g.entries[id].name, g.entries[id].country, got[id], d)
			}
		}
	}
	if found < 200 {
		t.Errorf("the scan found %d hits in all; the test needs misspellings with neighbours", found)
	}
	t.Logf("%d hits checked", found)
}

// osaFull is the textbook optimal string alignment distance.
func osaFull(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestFuzzyOSA(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"equal", "bakhmut", "bakhmut", 0},
		{"transposition", "bahkmut", "bakhmut", 1},
		{"deletion", "maripol", "mariupol", 1},
		{"insertion", "mariupol", "maripol", 1},
		{"substitution", "zoporizhia", "zaporizhia", 1},
		{"two", "severdonetsk", "sievierodonetsk", 3},
		{"ca/abc is 3 in OSA", "ca", "abc", 3},
		{"empty", "", "abc", 3},
	}
	var m osaPattern
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m.init(tc.a)
			for bound := 0; bound <= 3; bound++ {
				want := tc.want
				if want > bound {
					want = -1
				}
				if got := m.dist([]byte(tc.b), bound); got != want {
					t.Errorf("osa(%q, %q, %d) = %d, want %d", tc.a, tc.b, bound, got, want)
				}
			}
		})
	}
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "abcd"[rng.IntN(4)]
		}
		return string(b)
	}
	long := func() (string, string) { // up to the 64 bytes of a word, a few edits apart
		a := make([]byte, 50+rng.IntN(15))
		for i := range a {
			a[i] = "abcd"[rng.IntN(4)]
		}
		b := slices.Clone(a)
		for range rng.IntN(4) {
			i := rng.IntN(len(b) - 1)
			switch rng.IntN(3) {
			case 0:
				b[i], b[i+1] = b[i+1], b[i]
			case 1:
				b = slices.Delete(b, i, i+1)
			default:
				b[i] = 'e'
			}
		}
		return string(a), string(b)
	}
	for n := range 40000 {
		a, b := word(), word()
		if n%2 == 1 {
			a, b = long()
		}
		bound := rng.IntN(4)
		want := osaFull(a, b)
		if want > bound {
			want = -1
		}
		m.init(a)
		if got := m.dist([]byte(b), bound); got != want {
			t.Fatalf("osa(%q, %q, %d) = %d, want %d", a, b, bound, got, want)
		}
	}
}

// fuzzyBenchQueries is a mix of what a matcher would ask: misspellings,
// villages the gazetteer does not have, and correct names.
var fuzzyBenchQueries = []string{
	// misspellings
	"Severdonetsk", "Popsana", "Bordyanka", "Maripol", "Donestk", "Okhtryka", "Bahkmut", "Zoporizhzhia",
	"Mogadichu", "Kismaiyo", "Afganistan", "Kramatorks", "Avdeivka", "Lysychnsk", "Khersone", "Beledweine",
	// unknown villages
	"Gendershe", "Xawaadleey", "Lodungokwe", "Ceel Baraf", "Bulo Mareer", "Kakuma Kalobeyei", "Jilib Dhexe", "Mandera Kotulo",
	// correct names
	"Kharkiv", "Kyiv", "Mogadishu", "Nairobi", "Pokrovsk", "Kursk", "Baidoa", "Garissa",
}

func BenchmarkFuzzyLookup(b *testing.B) {
	x := fuzzyIdx(b)
	keys := make([]string, len(fuzzyBenchQueries))
	for i, q := range fuzzyBenchQueries {
		keys[i] = NameKey(q)
	}
	// Per-query times for the percentiles, from a separate timed pass.
	times := make([]time.Duration, 0, 20*len(keys))
	for range 20 {
		for _, k := range keys {
			t0 := time.Now()
			x.lookup(k, 5)
			times = append(times, time.Since(t0))
		}
	}
	slices.Sort(times)
	b.ResetTimer()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		x.lookup(keys[i%len(keys)], 5)
		i++
	}
	// CPU time is less distorted than wall time on a busy machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(i), "cpu-ns/op")
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(times[len(times)*9/10].Nanoseconds())/1e3, "p90-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds())/1e3, "p99-µs")
}

func BenchmarkFuzzyBuild(b *testing.B) {
	g := finder(b).g
	var heap uint64
	var cpu time.Duration
	n := 0
	for b.Loop() {
		var m0, m1 runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m0)
		b.StartTimer()
		cpu0 := cpuTime()
		x := newFuzzyIndex(g)
		cpu += cpuTime() - cpu0
		n++
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap = m1.HeapAlloc - m0.HeapAlloc
		runtime.KeepAlive(x)
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}
