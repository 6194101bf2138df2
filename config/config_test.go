package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sitrep.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "127.0.0.1:8080" || c.Index.Path != "./data/sitrep.index" || c.Server.SearchTimeout != 5*time.Second ||
		c.Search.MaxSize != 100 || len(c.Server.CORSOrigins) != 0 || c.Server.Token != "" {
		t.Errorf("defaults = %+v", c)
	}
}

// TestPrecedence: flag > env > file > default, key by key.
func TestPrecedence(t *testing.T) {
	file := writeFile(t, "server:\n  addr: 127.0.0.1:7000\n  search_timeout: 2s\n  cors_origins: [https://a.example]\nindex:\n  path: /tmp/from-file\nsearch:\n  max_size: 50\n")
	t.Setenv("SITREP_SERVER_ADDR", "127.0.0.1:7001")
	t.Setenv("SITREP_SEARCH_MAX_SIZE", "40")
	t.Setenv("SITREP_SERVER_CORS_ORIGINS", "https://b.example,https://c.example")
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("addr", "", "")
	fs.String("index", "", "")
	if err := fs.Parse([]string{"--addr", "127.0.0.1:7002"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file, map[string]*pflag.Flag{"server.addr": fs.Lookup("addr"), "index.path": fs.Lookup("index")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"flag beats env and file", c.Server.Addr, "127.0.0.1:7002"},
		{"env beats file", c.Search.MaxSize, 40},
		{"env list", strings.Join(c.Server.CORSOrigins, " "), "https://b.example https://c.example"},
		{"file beats default", c.Server.SearchTimeout, 2 * time.Second},
		{"unset flag does not override file", c.Index.Path, "/tmp/from-file"},
		{"default", c.Ingest.BatchSize, 500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		want []string
	}{
		{"unknown key", "server:\n  adress: x\n", nil, []string{`unknown key "server.adress"`}},
		{"bad duration", "server:\n  search_timeout: fast\n", nil, []string{`server.search_timeout: "fast" is not a duration`}},
		{"bad number from env", "", map[string]string{"SITREP_SEARCH_MAX_SIZE": "many"}, []string{"search.max_size"}},
		{"bad addr", "server:\n  addr: nowhere\n", nil, []string{"server.addr"}},
		{"bad origin", "server:\n  cors_origins: [example.org]\n", nil, []string{"server.cors_origins"}},
		{"bad trusted proxy", "server:\n  trusted_proxies: [10.0.0.0/8, proxy.example]\n", nil, []string{"server.trusted_proxies"}},
		{"one message per bad value", "server:\n  search_timeout: x\n  read_timeout: y\nlog:\n  level: loud\n", nil,
			[]string{"server.search_timeout", "server.read_timeout", "log.level"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			file := ""
			if tc.file != "" {
				file = writeFile(t, tc.file)
			}
			_, err := Load(file, nil)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestMissingExplicitFile(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), nil); err == nil {
		t.Fatal("want an error for a missing --config file")
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "a", "b.index")); err != nil {
		t.Errorf("writable path: %v", err)
	}
	f := filepath.Join(dir, "file")
	os.WriteFile(f, nil, 0o644)
	if err := CheckWritable(filepath.Join(f, "x.index")); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("path under a file: %v", err)
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := CheckWritable(filepath.Join(ro, "x.index")); err == nil {
			t.Error("read-only dir: want an error")
		}
	}
}

func TestSites(t *testing.T) {
	t.Chdir(t.TempDir())
	file := writeFile(t, "server:\n  sites:\n    - key: liveblog\n      origins: [https://Blog.Example.org/]\n      rate_limit: 5\n")
	c, err := Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Server.Sites) != 1 || c.Server.Sites[0].Key != "liveblog" || c.Server.Sites[0].Origins[0] != "https://blog.example.org" || c.Server.Sites[0].RateLimit != 5 {
		t.Errorf("sites from YAML = %+v", c.Server.Sites)
	}
	t.Setenv("SITREP_SERVER_SITES", `[{"key":"dash","origins":["https://dash.example.org"],"burst":3}]`)
	c, err = Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Server.Sites) != 1 || c.Server.Sites[0].Key != "dash" || c.Server.Sites[0].Burst != 3 {
		t.Errorf("sites from the environment = %+v", c.Server.Sites)
	}
	t.Setenv("SITREP_SERVER_SITES", `[{"key":"bad key!","origins":[]}]`)
	if _, err := Load(file, nil); err == nil || !strings.Contains(err.Error(), `key "bad key!"`) || !strings.Contains(err.Error(), "at least one origin") {
		t.Errorf("bad site: %v", err)
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Chdir(t.TempDir())
	file := writeFile(t, "server:\n  trusted_proxies: [10.0.0.0/8, 192.0.2.1, '::1']\n")
	c, err := Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Server.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.1/32 ::1/128"; strings.Join(got, " ") != want {
		t.Errorf("trusted proxies = %v, want %s", got, want)
	}
	t.Setenv("SITREP_SERVER_TRUSTED_PROXIES", "172.16.0.0/12")
	if c, err = Load(file, nil); err != nil || len(c.Server.TrustedProxies) != 1 || c.Server.TrustedProxies[0].String() != "172.16.0.0/12" {
		t.Errorf("from the environment: %v %v", c.Server.TrustedProxies, err)
	}
}

// TestIngestLimits: sizes with units from the file, the environment and
// flags; bad sizes refused with the key's name.
func TestIngestLimits(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		field   int64
		record  int64
		fileMax int64
		wantErr string
	}{
		{name: "defaults", field: 2 << 20, record: 16 << 20, fileMax: 8 << 30},
		{name: "units in the file", file: "ingest:\n  max_field_bytes: 512KiB\n  max_record_bytes: 4MB\n  max_file_bytes: 1G\n", field: 512 << 10, record: 4 << 20, fileMax: 1 << 30},
		{name: "plain bytes from the environment", env: map[string]string{"SITREP_INGEST_MAX_RECORD_BYTES": "65536", "SITREP_INGEST_MAX_FILE_BYTES": "0"}, field: 2 << 20, record: 65536, fileMax: 0},
		{name: "unknown unit", env: map[string]string{"SITREP_INGEST_MAX_FIELD_BYTES": "2 parsecs"}, wantErr: "ingest.max_field_bytes"},
		{name: "too small", env: map[string]string{"SITREP_INGEST_MAX_RECORD_BYTES": "10"}, wantErr: "ingest.max_record_bytes"},
		{name: "zero record limit", env: map[string]string{"SITREP_INGEST_MAX_RECORD_BYTES": "0"}, wantErr: "ingest.max_record_bytes"},
		{name: "overflow", env: map[string]string{"SITREP_INGEST_MAX_FILE_BYTES": "9000000000000TiB"}, wantErr: "ingest.max_file_bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			file := ""
			if tc.file != "" {
				file = writeFile(t, tc.file)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			c, err := Load(file, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Ingest.MaxFieldBytes != tc.field || c.Ingest.MaxRecordBytes != tc.record || c.Ingest.MaxFileBytes != tc.fileMax {
				t.Errorf("limits = %d, %d, %d; want %d, %d, %d", c.Ingest.MaxFieldBytes, c.Ingest.MaxRecordBytes, c.Ingest.MaxFileBytes, tc.field, tc.record, tc.fileMax)
			}
		})
	}
}

func TestOpenSearchSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		file    string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{name: "default is the embedded engine", check: func(t *testing.T, c *Config) {
			if c.Index.Engine != EngineBleve || c.Index.OpenSearch.Index != "sitrep" || c.Index.OpenSearch.Shards != 3 || c.Index.OpenSearch.Replicas != 1 {
				t.Errorf("index = %+v", c.Index)
			}
		}},
		{name: "environment names the engine and the nodes",
			env: map[string]string{"SITREP_INDEX_ENGINE": "opensearch", "SITREP_INDEX_OPENSEARCH_URLS": "http://127.0.0.1:9200,http://127.0.0.1:9201",
				"SITREP_INDEX_OPENSEARCH_INDEX": "news", "SITREP_INDEX_OPENSEARCH_REPLICAS": "0", "SITREP_INDEX_OPENSEARCH_INSECURE": "true"},
			check: func(t *testing.T, c *Config) {
				o := c.Index.OpenSearch
				if c.Index.Engine != EngineOpenSearch || len(o.URLs) != 2 || o.URLs[1] != "http://127.0.0.1:9201" || o.Index != "news" || o.Replicas != 0 || !o.Insecure {
					t.Errorf("index = %+v", c.Index)
				}
			}},
		{name: "file sets user and shards", file: "index:\n  engine: opensearch\n  opensearch:\n    user: admin\n    password: pw\n    shards: 5\n",
			check: func(t *testing.T, c *Config) {
				if o := c.Index.OpenSearch; o.User != "admin" || o.Password != "pw" || o.Shards != 5 {
					t.Errorf("opensearch = %+v", o)
				}
			}},
		{name: "unknown engine", env: map[string]string{"SITREP_INDEX_ENGINE": "solr"}, wantErr: "index.engine"},
		{name: "bad url", env: map[string]string{"SITREP_INDEX_ENGINE": "opensearch", "SITREP_INDEX_OPENSEARCH_URLS": "127.0.0.1:9200"}, wantErr: "must be an http(s) URL"},
		{name: "upper-case index name", env: map[string]string{"SITREP_INDEX_ENGINE": "opensearch", "SITREP_INDEX_OPENSEARCH_INDEX": "News"}, wantErr: "lower-case OpenSearch index name"},
		{name: "zero shards", env: map[string]string{"SITREP_INDEX_ENGINE": "opensearch", "SITREP_INDEX_OPENSEARCH_SHARDS": "0"}, wantErr: "index.opensearch.shards"},
		{name: "bad url ignored for the embedded engine", env: map[string]string{"SITREP_INDEX_OPENSEARCH_URLS": "nope"}, check: func(t *testing.T, c *Config) {}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			file := ""
			if tc.file != "" {
				file = writeFile(t, tc.file)
			}
			c, err := Load(file, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
