// Package server is sitrep's HTTP side: the JSON API, the search page, the
// widget and its embed page, with the middleware every request passes
// (recovery, logging, security headers, CORS, limits). It is the only user
// of gorilla/mux and speaks index.Query and index.Results, never Bleve.
package server
