// Package server is sitrep's HTTP side: the JSON API, the search page, the
// widget and its embed page, with the middleware every request passes
// (recovery, logging, security headers, CORS, limits). It is the only user
// of gorilla/mux and speaks index.Query and index.Results, never Bleve; the
// write endpoints speak its own Writer and WriteSummary, so that it does not
// depend on the ingest pipeline that cmd/sitrep plugs in.
//
// One file per idea:
//
//	server.go       Server, Options, routes of the API, parameters, error mapping
//	middleware.go   recovery, logging, security headers
//	cors.go         CORS allow-list (origins as config gives them)
//	ratelimit.go    token buckets per client, site key and origin
//	concurrency.go  searches running at once
//	write.go        POST/DELETE /api/articles behind the token
//	page.go         the search page: routes, template, handler
//	view.go         the page's view model: links, facet trees and groups, hits, pages
//	charts.go       the SVG timeline and map
//	facets.go       the page's search (the index counts facets disjunctively)
//	facetlookup.go  filter-as-you-type (/api/facet)
//	export.go       /export.csv and /export.json
//	highlight.go    markOnly: only <mark> survives in a fragment
//	assets.go       the one static file server (page and widget)
//	widget.go       /widget.js, /embed, /embed/help
package server
