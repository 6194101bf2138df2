package dates

import (
	"os"
	"testing"
	"time"
)

// seedPublished is the publication date of the seed article of package extract.
var seedPublished = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)

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

func TestFindDates(t *testing.T) {
	pub := seedPublished // Sunday 5 January 2025
	tests := []struct {
		name string
		text string
		pub  time.Time
		want []Date
	}{
		{"ACLED style", "On 1 April 2025, US forces conducted an airstrike.", time.Time{}, []Date{{"2025-04-01", "1 April 2025"}}},
		{"month first with year", "on January 4, 2025, he said", time.Time{}, []Date{{"2025-01-04", "January 4, 2025"}}},
		{"month first without year", "on January 4, Zelensky said", pub, []Date{{"2025-01-04", "January 4"}}},
		{"year-less in the previous year", "since December 28 fighting", pub, []Date{{"2024-12-28", "December 28"}}},
		{"abbreviated month", "Jan. 4 was calm", pub, []Date{{"2025-01-04", "Jan. 4"}}},
		{"day first slashes", "Posted 04/01/2025", time.Time{}, []Date{{"2025-01-04", "04/01/2025"}}},
		{"month first slashes when day first is impossible", "12/25/2024", time.Time{}, []Date{{"2024-12-25", "12/25/2024"}}},
		{"ISO", "updated 2024-11-19 at noon", time.Time{}, []Date{{"2024-11-19", "2024-11-19"}}},
		{"partial month", "in early August 2024 Ukraine", time.Time{}, []Date{{"2024-08", "early August 2024"}}},
		{"mid-month", "by mid-March 2022", time.Time{}, []Date{{"2022-03", "mid-March 2022"}}},
		{"year after cue", "in 2023 the war", time.Time{}, []Date{{"2023", "2023"}}},
		{"number is not a year", "2023 soldiers and 2,000 troops", time.Time{}, nil},
		{"yesterday", "In battles yesterday", pub, []Date{{"2025-01-04", "yesterday"}}},
		{"on Saturday", "on Saturday the army", pub, []Date{{"2025-01-04", "Saturday"}}},
		{"last Sunday", "last Sunday", pub, []Date{{"2024-12-29", "last Sunday"}}},
		{"last week is its Monday", "last week", pub, []Date{{"2024-12-23", "last week"}}},
		{"last month", "during his phone-in last month", pub, []Date{{"2024-12", "last month"}}},
		{"last year", "last year", pub, []Date{{"2024", "last year"}}},
		{"days ago", "three days ago", pub, []Date{{"2025-01-02", "three days ago"}}},
		{"relative needs a publication date", "yesterday and last month", time.Time{}, nil},
		{"weekday before a date names it", "Friday 5 Sep 2014", pub, []Date{{"2014-09-05", "5 Sep 2014"}}},
		{"range", "1-3 April 2025", time.Time{}, []Date{{"2025-04-03", "3 April 2025"}, {"2025-04-01", "1-3 April 2025"}}},
		{"ordinal", "the 4th of July 2024", time.Time{}, []Date{{"2024-07-04", "4th of July 2024"}}},
		{"may is a verb", "he may come in march", pub, nil},
		{"de-duplicated", "January 4 and 4 January", pub, []Date{{"2025-01-04", "January 4"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(tc.text, tc.pub)
			if len(got) != len(tc.want) {
				t.Fatalf("find(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("find(%q)[%d] = %+v, want %+v", tc.text, i, got[i], tc.want[i])
				}
			}
		})
	}
}

func BenchmarkFindDates(b *testing.B) {
	text := article3K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, seedPublished)
	}
}
