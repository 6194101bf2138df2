package extract_test

import (
	"fmt"
	"log"
	"time"

	"github.com/sitrep/sitrep/index/extract"
)

// Find the places, actors and dates of an article. Relative dates are
// resolved against the publication date.
func ExampleExtractor_Extract() {
	x, err := extract.New(extract.Options{})
	if err != nil {
		log.Fatal(err)
	}
	published := time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)
	e := x.Extract("Fighting near Makhnovka",
		"Russian forces attacked the village of Makhnovka in Kursk Oblast on January 4, Volodymyr Zelensky said.",
		published)
	for _, l := range e.Locations {
		fmt.Printf("place %s (%s, %s)\n", l.Name, l.Admin1, l.Country)
	}
	for _, a := range e.Actors {
		fmt.Printf("actor %s (%s)\n", a.Name, a.Kind)
	}
	for _, d := range e.Dates {
		fmt.Printf("date %s from %q\n", d.Date, d.Mention)
	}
	// Output:
	// place Kursk Oblast (Kursk Oblast, RU)
	// place Makhnovka (Kursk Oblast, RU)
	// actor Russian armed forces (military)
	// actor Volodymyr Zelensky (person)
	// date 2025-01-04 from "January 4"
}
