// Package extract finds the entities of a news article: places (resolved
// against an embedded GeoNames gazetteer, with hierarchy and coordinates),
// actors (people, armies, armed groups, governments and organisations, with
// aliases and transliterations) and dates (absolute, partial and relative to
// the publication date). Text in, entities out: it knows nothing of Bleve or
// HTTP, so ingest, the `sitrep extract` command and evaluations share it.
package extract
