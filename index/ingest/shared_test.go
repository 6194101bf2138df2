package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// TestSharedRawFiles ingests every file under ../shared/data/raw as it is:
// each must be read, and only records with no title and no text may be
// rejected. It needs the shared data, which a fresh clone lacks.
func TestSharedRawFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the shared raw files")
	}
	root := filepath.Join("..", "..", "..", "shared", "data", "raw")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared data not found at %s: skipping (it is not part of the repository)", root)
	}
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 10 {
		t.Fatalf("found only %d raw files under %s", len(files), root)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ix, err := index.Open(filepath.Join(t.TempDir(), "idx"), index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			sum, err := Run(context.Background(), ix, []string{f}, Options{BatchSize: 1000})
			if err != nil {
				t.Fatalf("ingest: %v", err)
			}
			if sum.Read == 0 || sum.Indexed == 0 {
				t.Fatalf("nothing indexed: %+v", sum)
			}
			for _, r := range sum.Rejects {
				if !strings.Contains(r.Reason, "no title") {
					t.Errorf("rejected for another reason than having no title and no text: %s", r)
				}
			}
			n, _ := ix.Count()
			t.Logf("%s: read %d, indexed %d, superseded %d, rejected %d, index holds %d", filepath.Base(f), sum.Read, sum.Indexed, sum.Superseded, sum.Rejected, n)
		})
	}
}
