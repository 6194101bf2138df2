package ingest_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

// Ingest JSON Lines from a reader ("-" reads Options.Stdin; files, folders
// and globs are read the same way). The second record has the id of the
// first, so it replaces it; the third has neither title nor text and is
// rejected with its line.
func ExampleRun() {
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

	in := `{"id":"k1","title":"Strike in Kharkiv","text":"A drone hit a depot. {{^adFree}}","published":"2025-01-04"}
{"id":"k1","title":"Strike in Kharkiv (updated)","text":"A drone hit a fuel depot.","published":"2025-01-04"}
{"id":"k2","title":"","text":""}
`
	sum, err := ingest.Run(context.Background(), ix, []string{"-"}, ingest.Options{Stdin: strings.NewReader(in)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %d, indexed %d, superseded %d, rejected %d\n", sum.Read, sum.Indexed, sum.Superseded, sum.Rejected)
	for _, p := range sum.Rejects {
		fmt.Println("rejected:", p)
	}
	a, err := ix.Get(context.Background(), "k1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s\n", a.Title, a.Text)
	// Output:
	// read 3, indexed 1, superseded 1, rejected 1
	// rejected: stdin:3: no title and no text
	// Strike in Kharkiv (updated): A drone hit a fuel depot.
}
