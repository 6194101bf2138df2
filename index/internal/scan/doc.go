// Package scan is sitrep's one search path. A search is a plan: the words of the query (a Bleve
// query that finds and scores the articles), the facet filters (values of
// one facet OR together, facets AND) and a publication range. One pass
// over the articles that have the words (every article when there are
// none) does all of it:
//
//   - the publication range and the filters are checked on columns and
//     bitmaps, not by the query, so that an article that fails exactly one
//     facet's filter still counts for that facet: the facet counts say what
//     choosing one more value would add ("disjunctive" facets, as
//     Elasticsearch's post_filter and Algolia's faceting give them);
//   - an article that passes everything is a match: it is counted, ranked
//     in a bounded heap, and its facet values and date are tallied;
//   - the date bars fit the matches' first and last dates when asked.
//
// The caller then reads only the page of hits through Bleve, with its
// stored fields and highlights. Facet values are kept per segment as rows
// (rows.go), built once from the segment's postings.
package scan
