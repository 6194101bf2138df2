// Package web holds the files the server sends to browsers, embedded in the
// binary: templates/ (server-rendered pages), static/ (the search page's CSS
// and JS) and widget/ (the embeddable widget). No build step: what is here
// is what is served.
package web

import "embed"

// FS is the embedded tree: templates/, static/, widget/.
//
//go:embed all:templates all:static all:widget
var FS embed.FS
