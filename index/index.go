package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	gojson "github.com/goccy/go-json"
	"github.com/sitrep/sitrep/index/internal/scan"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Options tunes an Index.
type Options struct {
	// MaxSize caps the page size of a search (default 100).
	MaxSize int
	// MaxOffset caps page*size, so deep paging stays cheap (default 10000).
	MaxOffset int
	// FacetSize is the number of values per term facet (default 10, max 100).
	FacetSize int
	// ScanWorkers is how many goroutines scan one search's matches, each
	// over its own range of documents (default GOMAXPROCS; 1 scans in one
	// pass). Without it, an index of fewer than 20,000 documents is
	// scanned in one pass.
	ScanWorkers int
	// CacheSize is the number of recent answers kept until the next write
	// (default 1000; negative: no cache).
	CacheSize int
	// Entities reads the places and actors a query word names, so that
	// "Kiev" also finds the articles about Kyiv (entities.go); nil: free
	// text matches words only.
	Entities EntityFunc
	// Wait makes OpenContext wait while another process holds the index,
	// instead of failing at once with a LockedError.
	Wait bool
	// OnWait, when set, is called once when OpenContext starts waiting,
	// with the pid of the holder (0: unknown).
	OnWait func(pid int)
	// AnyMapping opens an index built with another MappingVersion, to
	// read it back (reindex); searching it may miss what its analysis did
	// not index.
	AnyMapping bool
	// CacheBytes bounds the approximate memory of those answers (default
	// 64 MiB); an answer larger than an eighth of it is not kept.
	CacheBytes int64
}

// DefaultCacheBytes is the default of Options.CacheBytes.
const DefaultCacheBytes = 64 << 20

func (o *Options) defaults() {
	if o.MaxSize <= 0 {
		o.MaxSize = 100
	}
	if o.MaxOffset <= 0 {
		o.MaxOffset = 10000
	}
	if o.FacetSize <= 0 {
		o.FacetSize = 10
	}
	if o.CacheSize == 0 {
		o.CacheSize = 1000
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = DefaultCacheBytes
	}
}

// Index is an open sitrep index on disk. It is safe for concurrent use.
type Index struct {
	b    bleve.Index
	path string
	opts Options

	lock     *indexLock // sitrep.lock, held while open (lock.go)
	readOnly bool       // the folder cannot be written

	rows  *scan.Cache     // facet rows per segment (internal/scan)
	cache *resultCache    // recent answers until the next write (cache.go)
	ents  *entityResolver // what query words name (entities.go)

	mu       sync.Mutex
	span     dateSpan // cached earliest/latest publication date
	spanGood bool
	bm25     *search.BM25Stats // average field lengths for ranking (bm25.go)
	dups     dupTables         // near-duplicate lookup (collapse.go)
	names    nameLists         // names of location:, actor: and source: (names.go)
}

type dateSpan struct{ min, max time.Time }

// Open opens the index at path, creating it when it does not exist. When
// another process holds the index it fails at once with a LockedError
// (see OpenContext to wait instead).
func Open(path string, opts Options) (*Index, error) {
	return OpenContext(context.Background(), path, opts)
}

// boltTimeout bounds Bleve's own wait for its lock, for a holder that does
// not take sitrep.lock (an older sitrep): a clear error instead of a hang.
const boltTimeout = "2s"

// OpenContext is Open that, with opts.Wait, waits for another process to
// release the index until ctx ends. An index whose folder cannot be
// written is opened read-only: searches work, writes fail with
// ErrReadOnly.
func OpenContext(ctx context.Context, path string, opts Options) (*Index, error) {
	opts.defaults()
	lock, err := acquireLock(ctx, path, opts.Wait, opts.OnWait)
	readOnly := errors.Is(err, errNoWrite)
	if err != nil && !readOnly {
		return nil, err
	}
	var b bleve.Index
	_, err = os.Stat(filepath.Join(path, "index_meta.json"))
	switch {
	case err == nil:
		cfg := map[string]any{"bolt_timeout": boltTimeout}
		if readOnly {
			cfg["read_only"] = true
		}
		b, err = bleve.OpenUsing(path, cfg)
		if err != nil {
			_ = lock.release()
			if errors.Is(err, bolterrors.ErrTimeout) {
				return nil, &LockedError{Path: path}
			}
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
		if v, _ := b.GetInternal([]byte(mappingVersionKey)); string(v) != MappingVersion && !opts.AnyMapping {
			_ = b.Close()
			_ = lock.release()
			if len(v) == 0 {
				v = []byte("2 or older")
			}
			return nil, fmt.Errorf("%w: %s was built with mapping version %s and this sitrep searches version %s; "+
				"ingest into a new folder, or copy it with `sitrep reindex --from %s --to NEW`", ErrOldIndex, path, v, MappingVersion, path)
		}
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return nil, fmt.Errorf("create index %s: the folder is read-only", path)
	case errors.Is(err, fs.ErrNotExist):
		m, merr := newMapping()
		if merr != nil {
			_ = lock.release()
			return nil, fmt.Errorf("index mapping: %w", merr)
		}
		b, err = bleve.New(path, m)
		if err != nil {
			_ = lock.release()
			return nil, fmt.Errorf("create index %s: %w", path, err)
		}
		if err = b.SetInternal([]byte(mappingVersionKey), []byte(MappingVersion)); err != nil {
			_ = b.Close()
			_ = lock.release()
			return nil, fmt.Errorf("create index %s: %w", path, err)
		}
	default:
		_ = lock.release()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	useBM25(b)
	return &Index{b: b, path: path, opts: opts, lock: lock, readOnly: readOnly, rows: newRows(),
		cache: newResultCache(opts.CacheSize, opts.CacheBytes), ents: &entityResolver{fn: opts.Entities}}, nil
}

// newRows is the scan's cache of the facet fields: the facets a search
// counts, the near-duplicate group and the publication date.
func newRows() *scan.Cache {
	return scan.New(scan.Fields{
		Rows:      []string{fLoc, fActor, fSource, fGroup, fLocPath, fLocGeo, fActorKind},
		Published: fPublished,
		Group:     fGroup,
	})
}

// keepInternal stores a value beside the index for the next process, when
// the index can be written: on a read-only index Bleve would wait forever
// for a persister that does not run. Losing the value costs only its
// recomputation.
func (ix *Index) keepInternal(key string, val []byte) {
	if !ix.readOnly {
		_ = ix.b.SetInternal([]byte(key), val)
	}
}

// ReadOnly reports whether the index was opened read-only because its
// folder cannot be written.
func (ix *Index) ReadOnly() bool { return ix.readOnly }

// Exists reports whether an index has been created at path.
func Exists(path string) bool {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	return err == nil
}

// Close closes the index and releases its lock.
func (ix *Index) Close() error {
	err := ix.b.Close()
	if lerr := ix.lock.release(); err == nil {
		err = lerr
	}
	return err
}

// Path is the index directory.
func (ix *Index) Path() string { return ix.path }

// Count returns the number of articles.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// ContentHash identifies an article's content: equal hashes mean that
// re-indexing the article would change nothing.
func ContentHash(a *Article) string {
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// StampHash returns ContentHash(a) and keeps it with the article, so that
// writing the article stores it without computing it again: a writer that
// compares hashes before it writes (ingest) marshals each article once.
// The article must not change before it is written; a change of its id,
// title, text or cluster is noticed, and the hash computed again.
func StampHash(a *Article) string {
	h := ContentHash(a)
	a.hash = &hashMemo{id: a.ID, title: a.Title, text: a.Text, cluster: a.Cluster, hash: h}
	return h
}

// storedHash is the hash that toDoc stores: the stamped one while it
// still fits the article.
func storedHash(a *Article) string {
	if m := a.hash; m != nil && m.id == a.ID && m.title == a.Title && m.text == a.Text && m.cluster == a.Cluster {
		return m.hash
	}
	return ContentHash(a)
}

// hashMemo is a ContentHash with the fields it was stamped with.
type hashMemo struct{ id, title, text, cluster, hash string }

// entities is the stored form of what the facets do not keep: the
// structured entities, returned by Get and in hits.
type entities struct {
	Locations []Location  `json:"locations,omitempty"`
	Actors    []Actor     `json:"actors,omitempty"`
	Dates     []EventDate `json:"dates,omitempty"`
	Geo       *GeoPoint   `json:"geo,omitempty"`
}

// decodeEntities reads the stored entities field into v: entities, or a
// struct with the part of it that a reader needs. Every reader of the
// field decodes it here, with goccy/go-json, which reads the stored form
// (written by encoding/json in toDoc) about three times faster than
// encoding/json does (BenchmarkDecodeEntities): hits decode it for every
// result shown.
func decodeEntities(stored string, v any) bool {
	return gojson.UnmarshalNoEscape([]byte(stored), v) == nil
}

func toDoc(a *Article) map[string]any {
	d := map[string]any{
		"_type": fDocType,
		fTitle:  a.Title,
		fText:   a.Text,
		fHash:   storedHash(a),
	}
	set := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	set(fURL, a.URL)
	set(fSource, a.Source)
	set(fLang, a.Lang)
	set(fDataset, a.Dataset)
	set(fCluster, a.Cluster)
	if !a.Published.IsZero() {
		// Bleve silently drops dates it cannot parse: always RFC 3339.
		d[fPublished] = a.Published.UTC().Format(time.RFC3339)
	}
	if locs := a.LocationNames(); len(locs) > 0 {
		d[fLoc] = locs
	}
	if ents := entityFieldValues(a); len(ents) > 0 {
		d[fEntity] = ents // entities.go
	}
	if acts := a.ActorNames(); len(acts) > 0 {
		d[fActor] = acts
		if al := actorAliases(a); len(al) > 0 {
			d[fActorAlias] = al
		}
	}
	extraFields(d, a)        // per-language copies, near-duplicate fields (langfields.go)
	addPageFacetFields(d, a) // place paths, map points, actor kinds (pagefacets.go)
	ents := entities{Locations: a.Locations, Actors: a.Actors, Dates: a.Dates, Geo: a.Geo}
	if b, err := json.Marshal(ents); err == nil {
		d[fEntities] = string(b)
	}
	return d
}

// Apply writes articles and deletions in one atomic batch. Articles must
// carry their ID. A batch either lands whole or not at all, so a crash
// leaves the index as it was before or after it.
func (ix *Index) Apply(ctx context.Context, put []*Article, del []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	if ix.readOnly {
		return fmt.Errorf("index %s: the folder cannot be written: %w", ix.path, ErrReadOnly)
	}
	docs, err := ix.mapDocs(put) // one worker per core
	if err != nil {
		return err
	}
	if err := ix.applyDocs(docs, del); err != nil {
		return err
	}
	ix.mu.Lock()
	ix.spanGood = false
	ix.mu.Unlock()
	ix.names.invalidate()
	ix.cache.Clear()
	return nil
}

// minSplit is the smallest part of a batch written beside another.
const minSplit = 200

// applyDocs writes docs and the deletions of del. Bleve builds a batch's
// segment on one core, and that took a third of an ingest's CPU: a large
// batch without deletions is written as one Bleve batch per core, in
// parallel. Each part is atomic, as each batch was; a crash between parts
// leaves an index that opens, and a re-run writes the rest.
func (ix *Index) applyDocs(docs []*document.Document, del []string) error {
	parts := min(runtime.NumCPU(), len(docs)/minSplit)
	if parts < 2 || len(del) > 0 {
		parts = 1
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		lo, hi := p*len(docs)/parts, (p+1)*len(docs)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := ix.b.NewBatch()
			for _, d := range docs[lo:hi] {
				if err := batch.IndexAdvanced(d); err != nil {
					errs[p] = fmt.Errorf("index article %s: %w", d.ID(), err)
					return
				}
			}
			if p == 0 {
				for _, id := range del {
					batch.Delete(id)
				}
			}
			if err := ix.b.Batch(batch); err != nil {
				errs[p] = writeError(ix.path, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeError explains a failed batch. Bleve formats the file system's
// errors with %v, so the cause is found in the text as well.
func writeError(path string, err error) error {
	has := func(e syscall.Errno) bool { return errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) }
	switch {
	case has(syscall.ENOSPC):
		return fmt.Errorf("index %s: the disk is full; this batch was not saved and the index keeps what it held before it: %w", path, err)
	case has(syscall.EROFS), has(syscall.EACCES):
		return fmt.Errorf("index %s: the folder cannot be written; this batch was not saved: %w", path, err)
	}
	return fmt.Errorf("index batch: %w", err)
}

// mapDocs turns articles into Bleve documents in parallel: building the
// field map (fingerprints, entity JSON) and walking it through the mapping
// took a third of an ingest on one core while Bleve's analysis waited.
func (ix *Index) mapDocs(put []*Article) ([]*document.Document, error) {
	docs := make([]*document.Document, len(put))
	errs := make([]error, len(put))
	m := ix.b.Mapping()
	workers := min(runtime.NumCPU(), len(put))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(put); i += workers {
				a := put[i]
				if a.ID == "" {
					errs[i] = fmt.Errorf("index: article without id")
					continue
				}
				d := document.NewDocument(a.ID)
				fields := toDoc(a)
				if err := packBody(fields); err != nil { // body.go
					errs[i] = fmt.Errorf("index article %s: %w", a.ID, err)
					continue
				}
				if err := m.MapDocument(d, fields); err != nil {
					errs[i] = fmt.Errorf("index article %s: %w", a.ID, err)
					continue
				}
				docs[i] = d
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// Hashes returns the content hash of each of ids already in the index.
func (ix *Index) Hashes(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fHash}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: look up hashes: %w", err)
	}
	for _, h := range res.Hits {
		if s, ok := h.Fields[fHash].(string); ok {
			out[h.ID] = s
		}
	}
	return out, nil
}

var storedFields = []string{fBody, fTitle, fText, fURL, fSource, fPublished, fLang, fDataset, fCluster, fEntities}

// Get returns one article with its entities, or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (*Article, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = storedFields
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: get %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	unpackBody(res.Hits[0].Fields) // body.go
	return articleFromFields(res.Hits[0].ID, res.Hits[0].Fields), nil
}

func str(f map[string]any, k string) string {
	s, _ := f[k].(string)
	return s
}

func articleFromFields(id string, f map[string]any) *Article {
	a := scalarFields(id, f)
	a.Lang, a.Dataset = str(f, fLang), str(f, fDataset)
	if e := str(f, fEntities); e != "" {
		var ents entities
		if decodeEntities(e, &ents) {
			a.Locations, a.Actors, a.Dates, a.Geo = ents.Locations, ents.Actors, ents.Dates, ents.Geo
		}
	}
	if a.Locations == nil {
		a.Locations = []Location{}
	}
	if a.Actors == nil {
		a.Actors = []Actor{}
	}
	if a.Dates == nil {
		a.Dates = []EventDate{}
	}
	return a
}

// scalarFields is an article's stored title, text, URL, source, cluster
// and publication time.
func scalarFields(id string, f map[string]any) *Article {
	a := &Article{
		ID: id, Title: str(f, fTitle), Text: str(f, fText), URL: str(f, fURL),
		Source: str(f, fSource), Cluster: str(f, fCluster),
	}

	if p := str(f, fPublished); p != "" {
		if t, err := time.Parse(time.RFC3339, p); err == nil {
			a.Published = t.UTC()
		}
	}
	return a
}

// Delete removes articles by id and returns how many existed.
func (ix *Index) Delete(ctx context.Context, ids []string) (int, error) {
	return DeleteExisting(ctx, ix, ids)
}

// SizeBytes is the index's size on disk.
func (ix *Index) SizeBytes() int64 {
	var n int64
	_ = filepath.WalkDir(ix.path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// Compact merges the index's segments into one, as Elasticsearch's force
// merge does after a bulk load: searches then read one dictionary per
// field instead of one per segment, and the space of replaced and deleted
// articles is given back. It takes about as long as the ingest's own
// merges took; searches are served meanwhile.
func (ix *Index) Compact(ctx context.Context) error {
	if ix.readOnly {
		return fmt.Errorf("index %s: the folder cannot be written: %w", ix.path, ErrReadOnly)
	}
	adv, err := ix.b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("index %s: compacting is not supported by this index type", ix.path)
	}
	// One force merge joins at most ten segments at a time: repeat while
	// it makes progress.
	last := -1
	for round := 0; round < 10; round++ {
		if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return fmt.Errorf("index %s: compact: %w", ix.path, err)
		}
		snap, release, err := ix.snapshot()
		if err != nil {
			return err
		}
		n := len(snap.Segments())
		release()
		if n <= 1 || n == last {
			break
		}
		last = n
	}
	ix.cache.Clear()
	return nil
}
