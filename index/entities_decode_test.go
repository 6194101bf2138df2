package index

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// FuzzDecodeEntities: whatever the entities hold, decodeEntities reads the
// stored form (encoding/json's, as toDoc writes it) back as encoding/json
// itself does, into the whole entities and into what a hit reads.
func FuzzDecodeEntities(f *testing.F) {
	f.Add("Kharkiv", "Харків", "UA", "Kharkiv Oblast", 49.98, 36.25, "person", "Zelenskyy")
	f.Add(`"quoted" \ back`, "<mark>&amp;", "", "\u2028\u2029", math.Copysign(0, -1), 1e-300, "", "")
	f.Add("bad \xff byte", "\x00\x1f", "€", "𝄞", math.MaxFloat64, -math.SmallestNonzeroFloat64, "\ufffd", "a\tb\nc")
	f.Fuzz(func(t *testing.T, name, mention, country, admin1 string, lat, lon float64, kind, actor string) {
		ents := entities{
			Locations: []Location{{Name: name, Country: country, Admin1: admin1, Lat: &lat, Lon: &lon, Kind: kind,
				Mentions: []string{mention, name}, Path: []string{name, admin1, country}}},
			Actors: []Actor{{Name: actor, Kind: kind, Mentions: []string{mention}, Aliases: []string{actor, name}}},
			Dates:  []EventDate{{Date: "2025-01-04", Mention: mention}},
			Geo:    &GeoPoint{Lat: lat, Lon: lon},
		}
		b, err := json.Marshal(ents)
		if err != nil {
			return // NaN or infinite coordinates: toDoc stores no entities
		}
		stored := string(b)
		var want, got entities
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("encoding/json cannot read its own output %s: %v", stored, err)
		}
		if !decodeEntities(stored, &got) {
			t.Fatalf("decodeEntities failed on %s", stored)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeEntities read\n%+v\nencoding/json reads\n%+v\nfrom %s", got, want, stored)
		}
		var wantHit, gotHit hitEntities
		if err := json.Unmarshal(b, &wantHit); err != nil {
			t.Fatal(err)
		}
		if !decodeEntities(stored, &gotHit) {
			t.Fatalf("decodeEntities failed on %s into hitEntities", stored)
		}
		if !reflect.DeepEqual(gotHit, wantHit) {
			t.Fatalf("hit entities: decodeEntities read %+v, encoding/json %+v", gotHit, wantHit)
		}
	})
}

// BenchmarkDecodeEntities decodes the stored entities of a hit with many
// places and actors, as every result shown does.
func BenchmarkDecodeEntities(b *testing.B) {
	var ents entities
	for i := range 40 {
		lat, lon := 48.0+float64(i)/10, 37.0+float64(i)/10
		ents.Locations = append(ents.Locations, Location{Name: "Place", Country: "UA", Admin1: "Donetsk Oblast", Admin2: "Pokrovsk Raion",
			Lat: &lat, Lon: &lon, GeonameID: 700000 + i, Kind: "place", Mentions: []string{"Place", "the place"}, Path: []string{"Place", "Pokrovsk Raion", "Donetsk Oblast", "Ukraine"}})
		ents.Actors = append(ents.Actors, Actor{Name: "Armed Forces of Ukraine", Kind: "military", Mentions: []string{"Ukrainian forces"}, Aliases: []string{"ZSU", "AFU"}})
	}
	raw, err := json.Marshal(ents)
	if err != nil {
		b.Fatal(err)
	}
	stored := string(raw)
	b.SetBytes(int64(len(stored)))
	for b.Loop() {
		var e hitEntities
		if !decodeEntities(stored, &e) || len(e.Locations) != 40 {
			b.Fatal("not decoded")
		}
	}
}
