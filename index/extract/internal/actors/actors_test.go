package actors

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// testNew builds a Finder from the dictionaries that package extract embeds.
func testNew() (*Finder, error) {
	curated, err := os.ReadFile("../../data/actors_curated.tsv")
	if err != nil {
		return nil, err
	}
	generated, err := os.ReadFile("../../data/actors_generated.tsv")
	if err != nil {
		return nil, err
	}
	return New(Dict{Name: "data/actors_curated.tsv", Data: curated}, Dict{Name: "data/actors_generated.tsv", Data: generated}, nil)
}

var (
	finderOnce sync.Once
	finder     *Finder
	finderErr  error
)

// testFinder loads the dictionaries once for all tests.
func testFinder(t testing.TB) *Finder {
	t.Helper()
	finderOnce.Do(func() { finder, finderErr = testNew() })
	if finderErr != nil {
		t.Fatal(finderErr)
	}
	return finder
}

// article3K is the seed article of package extract cut to 3 KB, the size the
// speed budget names.
func article3K(b testing.TB) string {
	s, err := os.ReadFile("../../testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	if len(s) > 3072 {
		s = s[:3072]
	}
	return string(s)
}

func actorNamed(as []Actor, name string) (Actor, bool) {
	for _, a := range as {
		if a.Name == name {
			return a, true
		}
	}
	return Actor{}, false
}

func actorNames(as []Actor) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestFindActors(t *testing.T) {
	a := testFinder(t)
	tests := []struct {
		name   string
		text   string
		want   []string // canonical names that must be found
		absent []string // canonical names that must not be found
	}{
		{name: "transliterations", text: "Zelenskiy met Erdoğan; Zelenskii later called Erdogan.",
			want: []string{"Volodymyr Zelensky", "Recep Tayyip Erdogan"}},
		{name: "acronyms need their case", text: "The UN and the IDF said; un-named sources",
			want: []string{"United Nations", "Israel Defense Forces"}},
		{name: "lower-case acronym is a word", text: "we found un answer", absent: []string{"United Nations"}},
		{name: "capitalised alias needs a capital", text: "he played his trump card", absent: []string{"Donald Trump"}},
		{name: "longest alias wins", text: "Islamic State Somalia Province fighters attacked.",
			want: []string{"Islamic State Somalia Province"}, absent: []string{"Islamic State"}},
		{name: "armed groups 2022-2026", text: "The RSF fought the SAF; Wagner became the Africa Corps; Houthis (Ansar Allah) fired; M23 took Goma; HTS entered Damascus.",
			want: []string{"Rapid Support Forces", "Sudanese Armed Forces", "Wagner Group", "Africa Corps", "Houthis", "M23", "Hayat Tahrir al-Sham"}},
		{name: "ministry in possessive form", text: "Russia’s Ministry of Defence said, and the Russian defence ministry added",
			want: []string{"Russian Ministry of Defence"}},
		{name: "AU missions", text: "AUSSOM took over from ATMIS, which had replaced AMISOM.",
			want: []string{"African Union Support and Stabilization Mission in Somalia"}},
		{name: "nationality and forces", text: "Ethiopian troops and Kenyan soldiers joined Somali forces.",
			want: []string{"Ethiopian National Defense Force", "Kenya Defence Forces", "Somali National Army"}},
		{name: "nationality without curated entry", text: "Chadian troops crossed the border.",
			want: []string{"Chadian armed forces"}},
		{name: "coordinated nationalities", text: "Russian and North Korean forces attacked.",
			want: []string{"Russian armed forces", "North Korean military"}},
		{name: "government of", text: "The Government of Kenya and the Federal Government of Somalia (FGS) met.",
			want: []string{"Government of Kenya", "Government of Somalia"}},
		{name: "title before unknown name", text: "Army spokesman Nabil Abdallah said the attack failed.",
			want: []string{"Nabil Abdallah"}},
		{name: "military rank", text: "Lt. Gen. Ahmed Ibrahim Mufaddal arrived.", want: []string{"Ahmed Ibrahim Mufaddal"}},
		{name: "title without name", text: "the General Staff reported", absent: []string{"Staff"}},
		{name: "clan militias", text: "Marehan and Dir clan militias clashed with Hawiye-Habar Gedir-Ayr sub-clan militia.",
			want: []string{"Marehan Clan Militia", "Dir Clan Militia", "Hawiye-Habar Gedir-Ayr Sub-Clan Militia"}},
		{name: "groups", text: "Al Shabaab militants shot civilians and abducted pastoralists; protesters gathered.",
			want: []string{"Al Shabaab", "Civilians", "Pastoralists", "Protesters"}},
		{name: "unidentified", text: "An unidentified armed group shot a driver.", want: []string{"Unidentified Armed Group"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := a.Find(tc.text)
			for _, w := range tc.want {
				if _, ok := actorNamed(got, w); !ok {
					t.Errorf("want %q, got %v", w, actorNames(got))
				}
			}
			for _, w := range tc.absent {
				if _, ok := actorNamed(got, w); ok {
					t.Errorf("did not want %q, got %v", w, actorNames(got))
				}
			}
			for _, a := range got {
				for _, m := range a.Mentions {
					if !strings.Contains(tc.text, m) {
						t.Errorf("%s: mention %q not in text", a.Name, m)
					}
				}
			}
		})
	}
}

func BenchmarkFindActors(b *testing.B) {
	a, err := testNew()
	if err != nil {
		b.Fatal(err)
	}
	text := article3K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Find(text)
	}
}

func BenchmarkLoadActors(b *testing.B) {
	for b.Loop() {
		if _, err := testNew(); err != nil {
			b.Fatal(err)
		}
	}
}
