// Package index is sitrep's store: the Article model, the Bleve mapping, and
// Open / Add / Get / Delete / Search over an index on disk. Callers speak
// Article, Query and Results; nothing outside this package sees Bleve, so the
// engine behind it (shards, another store) can change without touching them.
package index
