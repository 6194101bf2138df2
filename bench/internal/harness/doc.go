// Package harness measures sitrep against the engines users would otherwise
// reach for — plain Bleve (default mapping, English analyzer) and SQLite
// FTS5 — on the same synthetic corpus and the same queries.
//
// The corpus is generated from the real articles in ../shared: a seeded
// Generator recombines their sentences into as many articles as asked,
// keeping the vocabulary, the entity mentions and the length distribution,
// with dates spread over several years. The query set is drawn from the same
// articles. Each engine ingests in a child process of its own, so that peak
// memory is per engine; queries are asked the way the search page asks them
// (top 10, highlighting, location/actor/source/date facets, exact totals).
//
// This package imports Bleve and SQLite directly for the peers, because the
// peers must not go through sitrep's own mapping. It lives in the bench
// module, outside the product: the import rules (only index imports Bleve)
// hold for the sitrep module, and the sitrep binary links none of this.
package harness
