// Package config loads sitrep's settings: defaults, then a YAML file
// (sitrep.yaml), then SITREP_* environment variables, then command-line
// flags, each overriding the one before. It is the only user of viper and
// hands out a plain, validated Config.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is every setting of sitrep.
type Config struct {
	Index   Index
	Server  Server
	Search  Search
	Ingest  Ingest
	Extract Extract
	Log     Log
}

// Index settings.
type Index struct {
	Path string // index directory
	// Engine is where articles are stored: "bleve" (the embedded index at
	// Path, the default) or "opensearch" (a cluster named by OpenSearch).
	Engine     string
	OpenSearch OpenSearch
}

// Engines of Index.Engine.
const (
	EngineBleve      = "bleve"
	EngineOpenSearch = "opensearch"
)

// OpenSearch settings: the cluster that holds the index when
// index.engine is opensearch.
type OpenSearch struct {
	URLs     []string // nodes, e.g. http://127.0.0.1:9200
	Index    string   // index name
	Shards   int      // primary shards of a new index
	Replicas int      // replicas of each shard of a new index
	User     string   // basic-auth user (empty: none)
	Password string
	// CAFile is a PEM file of the certificate authority that signed the
	// cluster's certificates (empty: the system's).
	CAFile string
	// Insecure skips TLS certificate verification (development only).
	Insecure bool
}

// Server settings.
type Server struct {
	Addr          string        // listen address; localhost unless configured
	ReadTimeout   time.Duration // whole request read
	WriteTimeout  time.Duration // whole response write
	SearchTimeout time.Duration // one search
	Token         string        // bearer token for write endpoints; empty disables them
	CORSOrigins   []string      // origins allowed to call the API from a browser
	MaxBodyBytes  int64         // request body limit for write endpoints
	RateLimit     float64       // requests per second per client for the API (0: off)
	RateBurst     float64       // bucket size of RateLimit (0: twice the rate, at least 1)
	// OriginRateLimit is requests per second for each other origin calling
	// without a site key, all its visitors together (0: off).
	OriginRateLimit float64
	Sites           []Site // widget site keys bound to origins, each with its own budget
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client (addresses or CIDR ranges); from anyone else it is ignored.
	TrustedProxies []netip.Prefix
	// MaxConcurrent is how many searching requests run at once (0: four per CPU).
	MaxConcurrent int
	// MaxConcurrentPerClient is how many of them one client may run (0: 8).
	MaxConcurrentPerClient int
	// ShutdownTimeout is how long SIGTERM waits for requests in flight.
	ShutdownTimeout time.Duration
}

// Site is a site embedding the widget under its own key: requests with the
// key count against the site's budget, and the key works only from its origins.
type Site struct {
	Key       string   `json:"key"`
	Origins   []string `json:"origins"`
	RateLimit float64  `json:"rate_limit"` // requests per second for the whole site (0: no site budget)
	Burst     float64  `json:"burst"`      // bucket size (0: twice rate_limit, at least 1)
}

// Search settings.
type Search struct {
	MaxSize    int   // largest page size
	FacetSize  int   // values per facet
	CacheBytes int64 // memory of the result cache
}

// Ingest settings.
type Ingest struct {
	BatchSize int // articles per index batch
	Workers   int // parallel cleaning/extraction workers (0: number of CPUs)
	// MaxFieldBytes bounds one field (title, text...) of an article; longer
	// text is cut at a character boundary with a warning naming file:line.
	MaxFieldBytes int64
	// MaxRecordBytes bounds one record as read: a JSON Lines line, a JSON
	// value or array element, a CSV/TSV row, a feed item, an HTML page or a
	// text file. A larger JSON value, row or feed item is rejected with
	// file:line (the reader skips it without holding it); an HTML page or
	// text file is read up to the limit, with a warning.
	MaxRecordBytes int64
	// MaxFileBytes bounds what is read from one input after decompression
	// (0: no limit); the records before the limit are kept.
	MaxFileBytes int64
}

// Extract settings.
type Extract struct {
	ActorFiles []string // extra actor dictionaries
}

// Log settings.
type Log struct {
	Level  string // debug, info, warn, error
	Format string // text or json
}

// key describes one setting.
type key struct {
	name string
	def  any
	help string
}

// Keys lists every setting with its default, in the order the README shows.
var keys = []key{
	{"index.path", "./data/sitrep.index", "index directory"},
	{"index.engine", "bleve", "bleve (embedded index at index.path) or opensearch (a cluster)"},
	{"index.opensearch.urls", []string{"http://127.0.0.1:9200"}, "OpenSearch nodes (comma-separated)"},
	{"index.opensearch.index", "sitrep", "OpenSearch index name"},
	{"index.opensearch.shards", 3, "primary shards of a new OpenSearch index"},
	{"index.opensearch.replicas", 1, "replicas of each shard of a new OpenSearch index"},
	{"index.opensearch.user", "", "OpenSearch basic-auth user (empty: none)"},
	{"index.opensearch.password", "", "OpenSearch basic-auth password"},
	{"index.opensearch.ca_file", "", "PEM file of the CA of the cluster's TLS certificates (empty: the system's)"},
	{"index.opensearch.insecure", false, "skip TLS certificate verification (development only)"},
	{"server.addr", "127.0.0.1:8080", "listen address (localhost only unless changed)"},
	{"server.read_timeout", "10s", "time to read a request"},
	{"server.write_timeout", "30s", "time to write a response"},
	{"server.search_timeout", "5s", "time one search may take"},
	{"server.token", "", "bearer token for write endpoints (empty: writes disabled)"},
	{"server.cors_origins", []string{}, "origins allowed to call the API from browsers"},
	{"server.trusted_proxies", []string{}, "reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges)"},
	{"server.max_body_bytes", int64(10 << 20), "largest request body for write endpoints"},
	{"server.rate_limit", 0.0, "API requests per second per client (0: unlimited)"},
	{"server.rate_burst", 0.0, "requests a client may make at once (0: twice server.rate_limit)"},
	{"server.origin_rate_limit", 0.0, "API requests per second per other origin without a site key (0: unlimited)"},
	{"server.sites", []any{}, "widget site keys: list of {key, origins, rate_limit, burst} (env: as JSON)"},
	{"server.max_concurrent", 0, "searching requests run at once; more wait, then 503 (0: four per CPU)"},
	{"server.max_concurrent_per_client", 0, "searching requests one client may run at once; more wait, then 429 (0: 8)"},
	{"server.shutdown_timeout", "10s", "on SIGTERM, time for requests in flight to finish"},
	{"search.max_size", 100, "largest page size"},
	{"search.facet_size", 10, "values per facet"},
	{"search.cache_bytes", int64(64 << 20), "memory for recent answers, kept until the next write"},
	{"ingest.batch_size", 500, "articles per index batch"},
	{"ingest.workers", 0, "parallel extraction workers (0: one per CPU)"},
	{"ingest.max_field_bytes", "2MiB", "longest field (title, text...); longer text is cut with a warning"},
	{"ingest.max_record_bytes", "16MiB", "largest record (JSON line or value, CSV/TSV row, feed item, HTML page); larger is rejected"},
	{"ingest.max_file_bytes", "8GiB", "most bytes read from one input after decompression (0: no limit)"},
	{"extract.actor_files", []string{}, "extra actor dictionary files"},
	{"log.level", "info", "debug, info, warn or error"},
	{"log.format", "text", "text or json"},
}

// Help returns "key (default): help" lines, for --help and the README.
func Help() []string {
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%-22s %-22v %s", k.name, k.def, k.help))
	}
	return out
}

// EnvName is the environment variable of a key: server.addr -> SITREP_SERVER_ADDR.
func EnvName(k string) string {
	return "SITREP_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
}

// Load reads the configuration. file is the --config path ("" looks for
// ./sitrep.yaml and $SITREP_CONFIG); flags maps keys to command-line
// flags, which win when set.
func Load(file string, flags map[string]*pflag.Flag) (*Config, error) {
	v := viper.New()
	for _, k := range keys {
		v.SetDefault(k.name, k.def)
		if err := v.BindEnv(k.name, EnvName(k.name)); err != nil {
			return nil, err
		}
	}
	if file == "" {
		file = os.Getenv("SITREP_CONFIG")
	}
	explicit := file != ""
	if file == "" {
		if _, err := os.Stat("sitrep.yaml"); err == nil {
			file = "sitrep.yaml"
		}
	}
	var errs []string
	if file != "" {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			if explicit || !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("config %s: %w", file, err)
			}
		}
		known := map[string]bool{}
		for _, k := range keys {
			known[k.name] = true
		}
		var unknown []string
		for _, k := range v.AllKeys() {
			if !known[k] && v.InConfig(k) {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			errs = append(errs, fmt.Sprintf("%s: unknown key %q", file, k))
		}
	}
	for k, f := range flags {
		if f != nil && f.Changed {
			v.Set(k, f.Value.String())
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				v.Set(k, sv.GetSlice())
			}
		}
	}

	c := &Config{}
	dur := func(k string) time.Duration {
		s := v.GetString(k)
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("%s: %q is not a duration (write e.g. 5s, 500ms, 2m)", k, s))
		}
		return d
	}
	integer := func(k string, min int) int {
		s := v.GetString(k)
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || fmt.Sprint(n) != strings.TrimSpace(s) || n < min {
			errs = append(errs, fmt.Sprintf("%s: %q must be a whole number of at least %d", k, s, min))
		}
		return n
	}
	number := func(k string) float64 {
		s := strings.TrimSpace(v.GetString(k))
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			errs = append(errs, fmt.Sprintf("%s: %q must be a number of at least 0", k, s))
		}
		return f
	}
	bytesize := func(k string, min int64, zeroOK bool) int64 {
		s := v.GetString(k)
		n, err := ParseBytes(s)
		if err != nil || (n < min && !(zeroOK && n == 0)) {
			errs = append(errs, fmt.Sprintf("%s: %q must be a size of at least %d bytes (e.g. 2MiB, 512KiB, 1GiB, 1048576)", k, s, min))
		}
		return n
	}
	list := func(k string) []string {
		var out []string
		for _, s := range v.GetStringSlice(k) {
			for _, p := range strings.Split(s, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	c.Index.Path = v.GetString("index.path")
	c.Index.Engine = strings.ToLower(strings.TrimSpace(v.GetString("index.engine")))
	c.Index.OpenSearch = OpenSearch{
		URLs:     list("index.opensearch.urls"),
		Index:    strings.TrimSpace(v.GetString("index.opensearch.index")),
		Shards:   integer("index.opensearch.shards", 1),
		Replicas: integer("index.opensearch.replicas", 0),
		User:     v.GetString("index.opensearch.user"),
		Password: v.GetString("index.opensearch.password"),
		CAFile:   v.GetString("index.opensearch.ca_file"),
	}
	switch b := strings.ToLower(strings.TrimSpace(v.GetString("index.opensearch.insecure"))); b {
	case "true", "1", "yes":
		c.Index.OpenSearch.Insecure = true
	case "false", "0", "no", "":
	default:
		errs = append(errs, fmt.Sprintf("index.opensearch.insecure: %q must be true or false", b))
	}
	c.Server.Addr = v.GetString("server.addr")
	c.Server.ReadTimeout = dur("server.read_timeout")
	c.Server.WriteTimeout = dur("server.write_timeout")
	c.Server.SearchTimeout = dur("server.search_timeout")
	c.Server.Token = v.GetString("server.token")
	c.Server.CORSOrigins = list("server.cors_origins")
	c.Server.MaxBodyBytes = int64(integer("server.max_body_bytes", 1024))
	c.Server.RateLimit = number("server.rate_limit")
	c.Server.RateBurst = number("server.rate_burst")
	c.Server.OriginRateLimit = number("server.origin_rate_limit")
	c.Server.Sites = sites(v.Get("server.sites"), &errs)
	for _, p := range list("server.trusted_proxies") {
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Sprintf("server.trusted_proxies: %q is neither an address nor a CIDR range (e.g. 10.0.0.0/8)", p))
				continue
			}
			pre = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		c.Server.TrustedProxies = append(c.Server.TrustedProxies, pre.Masked())
	}
	c.Server.MaxConcurrent = integer("server.max_concurrent", 0)
	c.Server.MaxConcurrentPerClient = integer("server.max_concurrent_per_client", 0)
	c.Server.ShutdownTimeout = dur("server.shutdown_timeout")
	c.Search.CacheBytes = int64(integer("search.cache_bytes", 1<<20))
	c.Search.MaxSize = integer("search.max_size", 1)
	c.Search.FacetSize = integer("search.facet_size", 1)
	c.Ingest.BatchSize = integer("ingest.batch_size", 1)
	c.Ingest.Workers = integer("ingest.workers", 0)
	c.Ingest.MaxFieldBytes = bytesize("ingest.max_field_bytes", 1<<10, false)
	c.Ingest.MaxRecordBytes = bytesize("ingest.max_record_bytes", 1<<10, false)
	c.Ingest.MaxFileBytes = bytesize("ingest.max_file_bytes", 1<<10, true)
	c.Extract.ActorFiles = list("extract.actor_files")
	c.Log.Level = strings.ToLower(v.GetString("log.level"))
	c.Log.Format = strings.ToLower(v.GetString("log.format"))

	if c.Search.MaxSize > 1000 {
		errs = append(errs, fmt.Sprintf("search.max_size: %d is too large (at most 1000)", c.Search.MaxSize))
	}
	if c.Search.FacetSize > 1000 {
		errs = append(errs, fmt.Sprintf("search.facet_size: %d is too large (at most 1000)", c.Search.FacetSize))
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		errs = append(errs, fmt.Sprintf("server.addr: %q is not host:port (e.g. 127.0.0.1:8080)", c.Server.Addr))
	}
	for i, o := range c.Server.CORSOrigins {
		if o == "*" {
			continue
		}
		n, ok := origin(o)
		if !ok {
			errs = append(errs, fmt.Sprintf("server.cors_origins: %q must be an origin such as https://example.org (scheme, host, port; no path)", o))
		}
		c.Server.CORSOrigins[i] = n
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Sprintf("log.level: %q must be debug, info, warn or error", c.Log.Level))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		errs = append(errs, fmt.Sprintf("log.format: %q must be text or json", c.Log.Format))
	}
	if c.Index.Path == "" {
		errs = append(errs, "index.path: must not be empty")
	}
	switch c.Index.Engine {
	case EngineBleve:
	case EngineOpenSearch:
		errs = append(errs, checkOpenSearch(c.Index.OpenSearch)...)
	default:
		errs = append(errs, fmt.Sprintf("index.engine: %q must be bleve or opensearch", c.Index.Engine))
	}
	if len(errs) > 0 {
		return nil, errors.New("invalid configuration:\n  " + strings.Join(errs, "\n  "))
	}
	return c, nil
}

// ParseBytes reads a size: a whole number of bytes, or one followed by a
// unit (KiB, MiB, GiB, TiB; KB, MB, GB, TB and K, M, G, T mean the same
// powers of 1024, as memory sizes do).
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("size %q: no number", s)
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: %w", s, err)
	}
	var shift uint
	switch strings.ToLower(strings.TrimSpace(t[i:])) {
	case "", "b":
	case "k", "kb", "kib":
		shift = 10
	case "m", "mb", "mib":
		shift = 20
	case "g", "gb", "gib":
		shift = 30
	case "t", "tb", "tib":
		shift = 40
	default:
		return 0, fmt.Errorf("size %q: unknown unit %q", s, t[i:])
	}
	if n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("size %q: too large", s)
	}
	return n << shift, nil
}

// origin checks that o is an http(s) origin and returns it as browsers send
// it: lower case, without a trailing slash.
func origin(o string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(o))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return o, false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

var siteKeyRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// sites reads server.sites: a list of maps from YAML, or the same list as
// JSON from SITREP_SERVER_SITES.
func sites(raw any, errs *[]string) []Site {
	bad := func(format string, args ...any) { *errs = append(*errs, fmt.Sprintf("server.sites: "+format, args...)) }
	var b []byte
	switch x := raw.(type) {
	case nil:
		return nil
	case string:
		if strings.TrimSpace(x) == "" {
			return nil
		}
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			bad("%v", err)
			return nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var out []Site
	if err := dec.Decode(&out); err != nil {
		bad("must be a list of {key, origins, rate_limit, burst}: %v", err)
		return nil
	}
	seen := map[string]bool{}
	for i := range out {
		s := &out[i]
		switch {
		case !siteKeyRe.MatchString(s.Key):
			bad("key %q must be 1 to 100 letters, digits, '.', '_' or '-'", s.Key)
		case seen[s.Key]:
			bad("key %q is listed twice", s.Key)
		}
		seen[s.Key] = true
		if len(s.Origins) == 0 {
			bad("key %q needs at least one origin", s.Key)
		}
		for j, o := range s.Origins {
			n, ok := origin(o)
			if !ok {
				bad("key %q: %q must be an origin such as https://example.org", s.Key, o)
			}
			s.Origins[j] = n
		}
		if s.RateLimit < 0 || s.Burst < 0 {
			bad("key %q: rate_limit and burst must be at least 0", s.Key)
		}
	}
	return out
}

// CheckWritable reports whether the index directory can be created or
// written, with a message that names the path.
func CheckWritable(path string) error {
	dir := path
	for {
		info, err := os.Stat(dir)
		if err == nil {
			if !info.IsDir() {
				return fmt.Errorf("index.path: %s is not a directory", dir)
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".sitrep-write-check-*")
	if err != nil {
		return fmt.Errorf("index.path: %s is not writable: %w", path, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// checkOpenSearch validates the cluster settings when they are used.
func checkOpenSearch(o OpenSearch) []string {
	var errs []string
	if len(o.URLs) == 0 {
		errs = append(errs, "index.opensearch.urls: name at least one node, e.g. http://127.0.0.1:9200")
	}
	for _, u := range o.URLs {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Sprintf("index.opensearch.urls: %q must be an http(s) URL such as http://127.0.0.1:9200", u))
		}
	}
	// OpenSearch index names: lower case, no spaces or \\/*?"<>|,#:, not starting with -_+.
	if o.Index == "" || o.Index != strings.ToLower(o.Index) || strings.ContainsAny(o.Index, " \\/*?\"<>|,#:") ||
		strings.ContainsAny(o.Index[:1], "-_+.") || len(o.Index) > 255 {
		errs = append(errs, fmt.Sprintf("index.opensearch.index: %q must be a lower-case OpenSearch index name", o.Index))
	}
	if o.Shards > 1024 {
		errs = append(errs, fmt.Sprintf("index.opensearch.shards: %d is too many (at most 1024)", o.Shards))
	}
	if o.CAFile != "" {
		if _, err := os.Stat(o.CAFile); err != nil {
			errs = append(errs, fmt.Sprintf("index.opensearch.ca_file: %v", err))
		}
	}
	return errs
}
