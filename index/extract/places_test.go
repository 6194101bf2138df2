package extract

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	testFinderOnce sync.Once
	testFinder     *placeFinder
	testFinderErr  error
)

func finder(t testing.TB) *placeFinder {
	t.Helper()
	testFinderOnce.Do(func() { testFinder, testFinderErr = newPlaceFinder() })
	if testFinderErr != nil {
		t.Fatalf("newPlaceFinder: %v", testFinderErr)
	}
	return testFinder
}

// seedExcerpt is from the article the project started from
// (../shared/seed/000_3b8dc8f29802841a.txt), which may be used as a fixture.
const seedExcerpt = `Ukrainian President Volodymyr Zelenskyy revealed that Russian and North Korean forces suffered substantial losses during intense fighting in the Kursk region, a southern part of Russia near the Ukrainian border. During his nightly video address on January 4, Zelensky shared information from Ukrainian military commander Oleksandr Syrskyi, who reported that the recent battles near the village of Makhnovka resulted in the loss of up to a battalion of Russian paratroopers and North Korean infantry troops. {{^adFree}} {{/adFree}}

Battle near Makhnovka Zelenskyy specifically highlighted the significant losses in the village of Makhnovka, located close to the Ukrainian border. He stated, "In battles yesterday and today near a single village, Makhnovka, in Kursk region, the Russian army lost up to a battalion of North Korean infantry soldiers and Russian paratroops."

A battalion typically comprises several hundred soldiers. {{^adFree}} {{/adFree}}

Ongoing fighting in Kursk region Reports from both Ukrainian and Russian sources indicate that heavy fighting continues in the Kursk region. Russia's Ministry of Defence reported that Ukraine had launched a new attack in the area, which Russia has been attempting to defend for several months. Ukraine had made a surprise incursion into this western Russian territory in early August 2024.

North Korean support for Russian forces According to Ukrainian and Western assessments, North Korean troops have been deployed in support of Russian forces in the Kursk region, with some reports estimating their numbers to be around 11,000. However, Russia has not publicly confirmed or denied the presence of North Korean forces in the area.

Russia’s military strategy Russian President Vladimir Putin, during his annual phone-in last month, expressed confidence that Russia would eventually drive Ukrainian forces out of Kursk but refrained from providing a timeline for when this would happen, Reuters reported.

The control of Kursk is of strategic importance to both sides, with Ukraine holding onto key territory that could provide valuable leverage in any peace negotiations. Ukraine’s continued success in retaining a portion of Russian territory in Kursk reportedly strengthens its bargaining position as both countries prepare for potential peace talks.`

type wantLoc struct {
	name, country, admin1 string
	approx                bool
}

func findLoc(locs []Location, name string) (Location, bool) {
	for _, l := range locs {
		if l.Name == name {
			return l, true
		}
	}
	return Location{}, false
}

func TestFindPlaces(t *testing.T) {
	p := finder(t)
	tests := []struct {
		name    string
		text    string
		want    []wantLoc
		notWant []string // names (or mentions) that must not be found
	}{
		{
			name: "Kyiv spelled Kiev",
			text: "Russian missiles struck Kiev overnight, the mayor said.",
			want: []wantLoc{{"Kyiv", "UA", "Kyiv City", false}},
		},
		{
			name: "Kharkov and Nikolaev transliterations",
			text: "Shelling continued in Kharkov and Nikolaev on Tuesday.",
			want: []wantLoc{{"Kharkiv", "UA", "Kharkiv Oblast", false}, {"Mykolaiv", "UA", "Mykolaiv Oblast", false}},
		},
		{
			name: "Zaporozhye",
			text: "The plant near Zaporozhye lost power again.",
			want: []wantLoc{{"Zaporizhzhia", "UA", "Zaporizhzhia Oblast", false}},
		},
		{
			name: "Paris France by population",
			text: "Ministers met in Paris to discuss the ceasefire.",
			want: []wantLoc{{"Paris", "FR", "Ile-de-France", false}},
		},
		{
			name: "Paris Texas by the region named beside it",
			text: "A storm hit Paris, Texas, on Sunday, officials in Texas said.",
			want: []wantLoc{{"Paris", "US", "Texas", false}, {"Texas", "US", "Texas", false}},
		},
		{
			name: "Pokrovka in the region the article names",
			text: "Drones hit Pokrovka in the Mykolaiv region overnight.",
			want: []wantLoc{{"Pokrovka", "UA", "Mykolaiv Oblast", false}, {"Mykolaiv Oblast", "UA", "Mykolaiv Oblast", false}},
		},
		{
			name: "another Pokrovka for another region",
			text: "Floods reached Pokrovka, in Primorsky Krai, on Friday.",
			want: []wantLoc{{"Pokrovka", "RU", "Primorsky Krai", false}},
		},
		{
			name:    "nationality adjective is not a place",
			text:    "Russian forces shelled the positions overnight.",
			notWant: []string{"Russian", "Russia"},
		},
		{
			name:    "month and common words are not places",
			text:    "In March, the Police said the Deal was off. Man of the Year. Of course.",
			notWant: []string{"March", "Police", "Deal", "Man", "Of"},
		},
		{
			name:    "a person's first name is not a place",
			text:    "President Volodymyr Zelenskyy spoke to reporters.",
			notWant: []string{"Volodymyr"},
		},
		{
			name: "Khan Yunis and Khan Younis",
			text: "Strikes hit Khan Younis in the Gaza Strip; residents fled Khan Yunis towards Rafah.",
			want: []wantLoc{{"Khan Yunis", "PS", "Gaza Strip", false}, {"Gaza Strip", "PS", "Gaza Strip", false}},
		},
		{
			name: "everyday forms of regions",
			text: "Fighting in the Donetsk oblast and the Kherson Oblast spread; aid reached Darfur and the West Bank.",
			want: []wantLoc{
				{"Donetsk Oblast", "UA", "Donetsk Oblast", false}, {"Kherson Oblast", "UA", "Kherson Oblast", false},
				{"Darfur", "SD", "Darfur", false}, {"West Bank", "PS", "West Bank", false},
			},
		},
		{
			name: "Makhnovka attached to the Kursk region",
			text: "Battles continued near Makhnovka, in the Kursk region, a village close to the border.",
			want: []wantLoc{{"Makhnovka", "RU", "Kursk Oblast", true}, {"Kursk Oblast", "RU", "Kursk Oblast", false}},
		},
		{
			name:    "ACLED-style note: unknown place inside its district",
			text:    "On 3 May 2025, militants attacked a checkpoint in Buuraha Cali Miskat (Qandala, Bari). Two soldiers were injured.",
			want:    []wantLoc{{"Buuraha Cali Miskat", "SO", "Bari", true}, {"Bari", "SO", "Bari", false}},
			notWant: []string{"Bari, Italy"},
		},
		{
			name: "ACLED-style note: known town in its region",
			text: "On 5 May 2025, residents protested in Qoryooley town (Qoryooley, Lower Shabelle).",
			want: []wantLoc{{"Qoryooley", "SO", "Lower Shabelle", false}},
		},
		{
			name:    "country as a modifier",
			text:    "US forces conducted an airstrike near Jilib town (Jilib, Middle Juba).",
			want:    []wantLoc{{"Jilib", "SO", "Middle Juba", false}},
			notWant: []string{"United States"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs := p.find(tt.text, nil)
			for _, w := range tt.want {
				l, ok := findLoc(locs, w.name)
				if !ok {
					t.Errorf("%q not found in %s", w.name, summary(locs))
					continue
				}
				if l.Country != w.country || l.Admin1 != w.admin1 || l.Approx != w.approx {
					t.Errorf("%q = %s/%s approx=%v, want %s/%s approx=%v", w.name, l.Country, l.Admin1, l.Approx, w.country, w.admin1, w.approx)
				}
				if l.Lat == nil || l.Lon == nil {
					t.Errorf("%q has no point", w.name)
				}
			}
			for _, n := range tt.notWant {
				for _, l := range locs {
					if l.Name == n || strings.EqualFold(strings.Join(l.Mentions, "|"), n) || l.Name+", "+CountryName(l.Country) == n {
						t.Errorf("found %q (%s) but it is not a place here", n, summary([]Location{l}))
					}
				}
			}
		})
	}
}

func summary(locs []Location) string {
	var b strings.Builder
	for _, l := range locs {
		b.WriteString("[" + l.Name + " " + l.Country + "/" + l.Admin1 + " " + l.Kind + " " + strings.Join(l.Mentions, ",") + "]")
	}
	return b.String()
}

func TestSeedArticlePlaces(t *testing.T) {
	locs := finder(t).find(seedExcerpt, nil)
	m, ok := findLoc(locs, "Makhnovka")
	if !ok {
		t.Fatalf("Makhnovka not found: %s", summary(locs))
	}
	if m.Country != "RU" || m.Admin1 != "Kursk Oblast" || !m.Approx || m.Lat == nil || m.GeonameID != 0 {
		t.Errorf("Makhnovka = %+v, want RU, Kursk Oblast, approximate point", m)
	}
	if got, want := strings.Join(m.Path(), " > "), "Makhnovka > Kursk Oblast > Russia"; got != want {
		t.Errorf("Makhnovka path = %q, want %q", got, want)
	}
	for _, want := range []struct{ name, country string }{
		{"Kursk Oblast", "RU"}, {"Russia", "RU"}, {"Ukraine", "UA"}, {"North Korea", "KP"},
	} {
		l, ok := findLoc(locs, want.name)
		if !ok || l.Country != want.country {
			t.Errorf("%s (%s) not found: %s", want.name, want.country, summary(locs))
		}
	}
	for _, l := range locs {
		if l.Country != "RU" && l.Country != "UA" && l.Country != "KP" {
			t.Errorf("unexpected location %s", summary([]Location{l}))
		}
	}
}

func TestCanonical(t *testing.T) {
	p := finder(t)
	tests := []struct {
		name, in, want string
	}{
		{"alias", "Kiev", "Kyiv"},
		{"any case", "KHARKOV", "Kharkiv"},
		{"region everyday form", "Kursk region", "Kursk Oblast"},
		{"region name", "kursk oblast", "Kursk Oblast"},
		{"country", "russia", "Russia"},
		{"country alias", "Russian Federation", "Russia"},
		{"abbreviation", "US", "United States"},
		{"transliteration", "Khan Younis", "Khan Yunis"},
		{"Gaza Strip", "gaza strip", "Gaza Strip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := p.canonical(tt.in)
			if !ok || got != tt.want {
				t.Errorf("canonical(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
	if got, ok := p.canonical("Xqzzyville"); ok {
		t.Errorf("canonical(unknown) = %q, want not found", got)
	}
}

func TestCountryName(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"Russia", "RU", "Russia"}, {"Palestine", "PS", "Palestine"}, {"North Korea", "KP", "North Korea"},
		{"Ukraine", "UA", "Ukraine"}, {"unknown", "ZZ", "ZZ"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountryName(tt.in); got != tt.want {
				t.Errorf("CountryName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNameKey(t *testing.T) {
	for _, tt := range []struct{ name, a, b string }{
		{"ou/u", "Khan Younis", "Khan-Yunis"},
		{"final h", "Raqqah", "Raqqa"},
		{"doubled letters", "Lower Shabeelle", "Lower Shabele"},
		{"diacritics", "Khān Yūnis", "Khan Yunis"},
		{"adjective ending", "Sudzhanskiy", "Sudzhansky"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if NameKey(tt.a) != NameKey(tt.b) {
				t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want equal", tt.a, NameKey(tt.a), tt.b, NameKey(tt.b))
			}
		})
	}
}

// TestGazetteerBudget reports load time and memory, and fails when the
// gazetteer takes more than 300 MB.
func TestGazetteerBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gazetteer")
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	g, err := loadGazetteer()
	took := time.Since(start)
	cpu := cpuTime() - cpu0
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	t.Logf("gazetteer: %d entries, %d keys, loaded in %v wall, %v CPU (all threads, GC included), %.0f MB heap",
		len(g.entries), len(g.keys), took.Round(time.Millisecond), cpu.Round(time.Millisecond), mb)
	if mb > 300 {
		t.Errorf("gazetteer uses %.0f MB, budget 300 MB", mb)
	}
	runtime.KeepAlive(g)
}

func BenchmarkLoadGazetteer(b *testing.B) {
	for b.Loop() {
		if _, err := loadGazetteer(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindPlaces3KB measures place extraction of a 3 KB article.
func BenchmarkFindPlaces3KB(b *testing.B) {
	p := finder(b)
	text := seedExcerpt
	for len(text) < 3072 {
		text += "\n\n" + seedExcerpt
	}
	text = text[:3072]
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		p.find(text, nil)
	}
}

// FuzzFindPlaces checks that no text makes the matcher panic or return a
// location without a name, country or mention.
func FuzzFindPlaces(f *testing.F) {
	for _, s := range []string{
		seedExcerpt,
		"in Buuraha Cali Miskat (Qandala, Bari).",
		"Mogadishu - Heliwa (Banadir)",
		"(((", "U.S.-backed al-Raqqa's", "the village of , , (", "Kyiv\u00a0oblast ʼ’ ( ) - –",
	} {
		f.Add(s)
	}
	p := finder(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, l := range p.find(text, nil) {
			if l.Name == "" || l.Country == "" || len(l.Mentions) == 0 {
				t.Fatalf("bad location %+v from %q", l, text)
			}
			for _, m := range l.Mentions {
				if !strings.Contains(text, m) {
					t.Fatalf("mention %q not in text %q", m, text)
				}
			}
		}
	})
}
