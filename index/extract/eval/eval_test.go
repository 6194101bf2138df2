package eval

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/extract"
)

// fakeExtractor returns fixed entities per text, so the scoring is tested
// apart from the extraction.
type fakeExtractor map[string]extract.Entities

func (f fakeExtractor) Extract(title, text string, published time.Time) extract.Entities {
	return f[text]
}

func (f fakeExtractor) CanonicalLocation(name string) (string, bool) { return name, true }

func fp(v float64) *float64 { return &v }

func TestRunScores(t *testing.T) {
	rows := strings.Join([]string{
		`{"id":"1","text":"Al Shabaab clashed in Afgooye town (Afgooye, Lower Shabelle).","event_date":"2025-04-01","location":"Afgooye","country":"Somalia","lat":2.14,"lon":45.12,"actors":["Al Shabaab","Military Forces of Somalia (2022-)"]}`,
		`{"id":"2","text":"Shelling in Idlib province on 2 April.","event_date":"2025-04-02","location":"Idlib","country":"Syria","lat":35.93,"lon":36.63}`,
		`{"id":"3","text":"Video 1","title":"Drone over Bucha","event_date":"2025-04-03","location":"Irpin","country":"Ukraine"}`,
	}, "\n")
	ex := fakeExtractor{
		"Al Shabaab clashed in Afgooye town (Afgooye, Lower Shabelle).": {
			Locations: []extract.Location{
				{Name: "Afgooye", Country: "SO", Kind: "place", Lat: fp(2.15), Lon: fp(45.13), Mentions: []string{"Afgooye"}},
				{Name: "Kenya", Country: "KE", Kind: "country", Mentions: []string{"Kenya"}},
			},
			Dates: []extract.Date{{Date: "2025-04-01", Mention: "x"}},
			Actors: []extract.Actor{
				{Name: "Al-Shabaab", Mentions: []string{"Al Shabaab"}},
				{Name: "Somali National Army", Aliases: []string{"Military Forces of Somalia"}, Mentions: []string{"SNA"}},
				{Name: "Red Cross", Mentions: []string{"Red Cross"}},
			},
		},
		"Shelling in Idlib province on 2 April.": {
			Locations: []extract.Location{
				{Name: "Idlib Governorate", Country: "SY", Kind: "admin1", Lat: fp(35.8), Lon: fp(36.6), Mentions: []string{"Idlib province"}},
			},
			Dates: []extract.Date{{Date: "2024-04-02", Mention: "2 April"}},
		},
	}
	res, err := Run(context.Background(), ex, "test", strings.NewReader(rows), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"rows", float64(res.Rows), 3},
		{"place rows: gold named in the text", float64(res.PlaceRows), 2},
		{"place recall: by name and by region name", res.PlaceRecall, 1},
		{"geo: Afgooye within 25 km, Idlib centroid 15 km off", res.GeoAccuracy, 1},
		{"date accuracy", res.DateAccuracy, 1.0 / 3},
		{"actor rows: only names in the text", float64(res.ActorRows), 1},
		{"actor recall by mention", res.ActorRecall, 1},
		{"actor precision: by mention and by alias, Red Cross is no gold actor", res.ActorPrecision, 2.0 / 3},
		{"location precision: Kenya is outside Somalia", res.LocationPrecision, 2.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-9 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestKm(t *testing.T) {
	// Kyiv to Kharkiv is about 410 km.
	if d := km(50.45, 30.52, 49.99, 36.23); d < 400 || d > 420 {
		t.Errorf("km = %.0f, want about 410", d)
	}
}
