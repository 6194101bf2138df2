package extract

// The embedded data files are built from ../shared (GeoNames, Phoenix/UCDP;
// see data/ATTRIBUTION.md and data/actors_README.md) by the generators in
// internal/: `go generate ./index/extract` from the project's root rebuilds
// all three, byte for byte the same for the same inputs. Paths are relative
// to this folder.

//go:generate go run ./internal/gazgen -src ../../../shared/data/gazetteer -corpus ../../../shared/data/corpus/articles.en.jsonl -out data/gazetteer.tsv.gz
//go:generate go run ./internal/gazgen -src ../../../shared/data/gazetteer -script-out data/gazetteer_script.tsv.gz
//go:generate go run ./internal/actorgen -src ../../../shared/data/actors -out data/actors_generated.tsv
