package index_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/internal/searchsuite"
)

// TestSuiteOnEmbeddedEngine runs the engine-independent search suite (the
// runner the OpenSearch engine's tests use too) against the embedded index.
func TestSuiteOnEmbeddedEngine(t *testing.T) {
	arts := searchsuite.Articles(t, "testdata/search")
	ix, err := index.Open(t.TempDir()+"/idx", index.Options{Entities: searchsuite.EntitiesOf(arts)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	searchsuite.Run(t, ix, "testdata/search")
}

// TestLanguageSuiteOnEmbeddedEngine runs the suite of Ukrainian, Russian
// and Arabic articles (stemming, namesake territories).
func TestLanguageSuiteOnEmbeddedEngine(t *testing.T) {
	arts := searchsuite.Articles(t, "testdata/search_lang")
	ix, err := index.Open(t.TempDir()+"/idx", index.Options{Entities: searchsuite.EntitiesOf(arts)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), arts, nil); err != nil {
		t.Fatal(err)
	}
	searchsuite.Run(t, ix, "testdata/search_lang")
}
