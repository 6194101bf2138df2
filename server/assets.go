package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The search page's static files (/static/...) and the widget's files
// (/widget.js, /embed.js, /embed/help.*) are served by one asset server with
// one set of rules:
//
//   - every file is kept in memory, with its gzipped form when that is at
//     least a tenth smaller, sent when the request accepts gzip;
//   - the ETag is strong and taken over the file's content, so that it
//     changes exactly when the file does; the gzipped form has its own
//     ("...-gz"), as a strong ETag names one representation;
//   - If-None-Match is compared weakly ("W/" ignored, lists and "*" honoured)
//     and answered with 304;
//   - a URL with ?v= the set's current version may be cached for a year
//     (a new file gives a new version, so a new URL); any other URL for five
//     minutes, then revalidated with the ETag.

const (
	cacheVersioned   = "public, max-age=31536000, immutable"
	cacheUnversioned = "public, max-age=300"
)

// asset is one file of an assetSet.
type asset struct {
	ctype    string
	body, gz []byte // gz is nil when gzip would not save a tenth
	etag     string // strong, over body
}

// assetSet is a group of files that share a version: the hash of their
// contents (and of anything else added to it, such as the templates that
// name the files), which versioned URLs carry as ?v=.
type assetSet struct {
	files   map[string]*asset // by URL path
	version string
	// public adds the headers a script needs to load on any page (the
	// widget's files: module scripts and COEP pages ask for them).
	public bool
	hashes [][]byte // of the contents, until seal
}

func newAssetSet(public bool) *assetSet {
	return &assetSet{files: map[string]*asset{}, public: public}
}

// add keeps body under the URL path urlPath.
func (s *assetSet) add(urlPath, ctype string, body []byte) {
	sum := sha256.Sum256(body)
	a := &asset{ctype: ctype, body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if buf.Len() < len(body)*9/10 {
		a.gz = buf.Bytes()
	}
	s.files[urlPath] = a
	s.hashes = append(s.hashes, sum[:])
}

// hash adds content that is not served but names the files in its URLs
// (a template), so that a change to it gives a new version too.
func (s *assetSet) hash(content []byte) {
	sum := sha256.Sum256(content)
	s.hashes = append(s.hashes, sum[:])
}

// seal computes the version from every file and hashed content, in the
// order they were added, and prefixes label when it is not empty.
func (s *assetSet) seal(label string) {
	h := sha256.New()
	for _, sum := range s.hashes {
		h.Write(sum)
	}
	s.version = hex.EncodeToString(h.Sum(nil))[:12]
	if label != "" {
		s.version = url.QueryEscape(label + "-" + s.version)
	}
	s.hashes = nil
}

// serve sends the file at urlPath, or reports false when there is none.
func (s *assetSet) serve(w http.ResponseWriter, r *http.Request, urlPath string) bool {
	a, ok := s.files[urlPath]
	if !ok {
		return false
	}
	h := w.Header()
	body, etag := a.body, a.etag
	if a.gz != nil && acceptsGzip(r) {
		body, etag = a.gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", etag)
	h.Add("Vary", "Accept-Encoding")
	if r.URL.Query().Get("v") == s.version {
		h.Set("Cache-Control", cacheVersioned)
	} else {
		h.Set("Cache-Control", cacheUnversioned)
	}
	if s.public {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	}
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return true
}

// handler serves the file at urlPath.
func (s *assetSet) handler(urlPath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, urlPath)
	})
}

// acceptsGzip reports whether Accept-Encoding names gzip with a weight
// above zero.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && !zeroWeight(q) {
			return true
		}
	}
	return false
}

// zeroWeight reports whether a "q=..." parameter says the coding is not
// acceptable (q=0, q=0.0, q=0.000).
func zeroWeight(param string) bool {
	k, v, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(param), " ", ""), "=")
	if !ok || !strings.EqualFold(k, "q") {
		return false
	}
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f == 0
}

// etagMatch implements If-None-Match's weak comparison.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
