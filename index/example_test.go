package index_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/sitrep/sitrep/index"
)

// Open an index in a folder, write two articles in one batch and search
// them: a word and a place filter.
func ExampleIndex_Search() {
	dir, err := os.MkdirTemp("", "sitrep-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.Open(filepath.Join(dir, "idx"), index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	ctx := context.Background()
	err = ix.Apply(ctx, []*index.Article{
		{ID: "a1", Title: "Drone strike on Kharkiv", Text: "A drone hit a depot in Kharkiv overnight.",
			Published: time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC),
			Locations: []index.Location{{Name: "Kharkiv", Country: "UA", Path: []string{"Kharkiv", "Ukraine"}}}},
		{ID: "a2", Title: "Ceasefire talks in Doha", Text: "Negotiators met in Doha; no drone was mentioned.",
			Published: time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC),
			Locations: []index.Location{{Name: "Doha", Country: "QA", Path: []string{"Doha", "Qatar"}}}},
	}, nil)
	if err != nil {
		log.Fatal(err)
	}

	res, err := ix.Search(ctx, index.Query{Text: "drone", Sort: index.SortDate})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("drone:", res.Total)
	for _, h := range res.Hits {
		fmt.Println(" ", h.ID, h.Title)
	}
	res, err = ix.Search(ctx, index.Query{Text: "drone", Locations: []string{"Ukraine"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("drone in Ukraine:", res.Total, res.Hits[0].ID)
	// Output:
	// drone: 2
	//   a1 Drone strike on Kharkiv
	//   a2 Ceasefire talks in Doha
	// drone in Ukraine: 1 a1
}
