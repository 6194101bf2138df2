# sitrep: build, test, lint.
GO       ?= go
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build test test-short lint bench bench-go eval demo clean fuzz vulncheck cluster-up cluster-down test-cluster test-failover

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/sitrep ./cmd/sitrep

# All tests: unit, data-driven search suite, end-to-end (real binary, real
# index, real server) and browser tests (headless Chromium); then the
# benchmark harness, a module of its own in bench/ (its load test against a
# real sitrep serve among them).
test:
	$(GO) test -race -timeout 20m ./...
	$(GO) -C bench test -race -timeout 10m ./...

# Without the race detector and browser tests, for a quick loop.
test-short:
	$(GO) test -short ./...
	$(GO) -C bench test -short ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) -C bench vet ./...
	$(GO) run $(STATICCHECK) ./...
	cd bench && $(GO) run $(STATICCHECK) ./...
	@./.ci/check-imports

# Fuzz targets run by `make fuzz`, one package:target per line (add yours on
# a line of its own). Each runs for FUZZTIME (a duration, or a count of
# inputs such as 500x, which CI uses: with Go 1.26 a duration can end in a
# spurious "context deadline exceeded", golang/go#75804); what a target
# finds is written to its package's testdata/fuzz/ and stays there as a
# regression case, run by every `go test`.
FUZZTIME ?= 30s
FUZZ_TARGETS := \
	./index/ingest:FuzzJSONL \
	./index/ingest:FuzzJSONLBetween \
	./index/ingest:FuzzJSONArrayBetween \
	./index/ingest:FuzzCSV \
	./index/ingest:FuzzTSV \
	./index/ingest:FuzzCSVBetween \
	./index/ingest:FuzzFeed \
	./index/ingest:FuzzFeedBetween \
	./index/ingest:FuzzHTML \
	./index/ingest:FuzzText \
	./index/ingest:FuzzGzip \
	./index/ingest:FuzzGzipCorrupt \
	./index/ingest:FuzzSniffFormat \
	./index/ingest:FuzzCleanText \
	./index/ingest:FuzzPythonList \
	./index/ingest:FuzzCollapseSpaces \
	./index/internal/querystr:FuzzParse \
	./index:FuzzSearch \
	./index:FuzzDecodeEntities \
	./server:FuzzParameters \
	./server:FuzzMarkOnly \
	./config:FuzzOrigin \
	./server:FuzzClientIP \

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# Known vulnerabilities in the code sitrep calls (govulncheck, pinned in the
# script); skipped with a message where its database cannot be reached.
vulncheck:
	@./.ci/govulncheck

# A local 3-node OpenSearch cluster on 127.0.0.1:9200-9202 (real nodes from
# the Maven Central artifacts, Java 17 and Maven needed): waits for green.
cluster-up:
	deploy/opensearch/cluster.sh up

# Stops the local cluster and removes its data.
cluster-down:
	deploy/opensearch/cluster.sh down

# The engine-independent tests against a cluster this target starts and
# stops: the search suite, the API tests, the page and API answers of both
# engines compared, and the end-to-end test (the real binary ingesting,
# searching and serving). SITREP_TEST_OPENSEARCH names the cluster to the
# tests; without it (make test) they skip their OpenSearch cases.
test-cluster:
	deploy/opensearch/cluster.sh up
	SITREP_TEST_OPENSEARCH=http://127.0.0.1:9200 $(GO) test -count=1 -timeout 20m -run 'OpenSearch|Searches|Suite' ./index/... ./cmd/sitrep/ ./server/ ; \
		rc=$$?; deploy/opensearch/cluster.sh down; exit $$rc

# Kills one node of a cluster this target starts (SIGKILL) while searches
# and a bulk ingest run, restarts it, and checks that nothing is lost.
test-failover:
	deploy/opensearch/cluster.sh up
	SITREP_TEST_FAILOVER=1 $(GO) test -count=1 -timeout 20m -v -run TestOpenSearchFailover ./index/internal/opensearch/ ; \
		rc=$$?; deploy/opensearch/cluster.sh down; exit $$rc

# sitrep against plain Bleve and SQLite FTS5 on a corpus generated from
# ../shared (bench/, a module of its own, so that SQLite stays out of the
# sitrep binary), e.g. make bench ARGS='--articles 100000 --out docs/performance'
# or make bench ARGS='ingest-load --articles 100000'. Paths in ARGS are
# relative to this folder; `cd bench && go run . ARGS` is the same from there.
ARGS ?=
bench: build
	$(GO) -C bench build -o ../bin/sitrep-bench .
	bin/sitrep-bench $(ARGS) --sitrep $(CURDIR)/bin/sitrep

# The Go benchmarks beside the hot paths (search, ingest, extraction), on
# the sample articles the project ships.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./index/...

eval:
	$(GO) run ./cmd/sitrep eval

demo:
	$(GO) run ./cmd/sitrep demo

clean:
	rm -rf bin data/demo.index artifacts
