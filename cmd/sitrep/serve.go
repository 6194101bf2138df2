package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/server"
	"github.com/sitrep/sitrep/web"
)

func newServeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search page, the JSON API and the widget",
		Long: `Serves the index over HTTP: the search page at /, the JSON API under /api, the widget at
/widget.js and /embed, and /healthz. Binds to 127.0.0.1:8080 unless --addr or server.addr
says otherwise.`,
		Example: `  sitrep serve
  sitrep serve --addr :8080 --index /srv/sitrep.index
  SITREP_SERVER_CORS_ORIGINS=https://news.example.org sitrep serve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.wait = true // a server waits for an ingest to finish, and says so
			ix, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			return a.serve(cmd.Context(), ix, cmd.OutOrStdout())
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr, default 127.0.0.1:8080)")
	a.bind("server.addr", cmd.Flags().Lookup("addr"))
	return cmd
}

// serve runs the HTTP server on ix until ctx ends, printing the URL.
func (a *app) serve(ctx context.Context, ix index.Engine, out io.Writer) error {
	// One extractor for the process (a.extractor builds it once): it
	// resolves aliases in filters, reads query words (index options) and
	// annotates what POST /api/articles writes.
	ex, exErr := a.extractor()
	writer := &indexWriter{ix: ix, opts: ingest.Options{
		BatchSize: a.cfg.Ingest.BatchSize, Workers: a.cfg.Ingest.Workers, Limits: a.ingestLimits(),
	}}
	opts := server.Options{
		SearchTimeout: a.cfg.Server.SearchTimeout,
		Token:         a.cfg.Server.Token,
		CORSOrigins:   a.cfg.Server.CORSOrigins,
		MaxBodyBytes:  a.cfg.Server.MaxBodyBytes,
		RateLimit:     a.cfg.Server.RateLimit,
		RateBurst:     a.cfg.Server.RateBurst,
		Logger:        a.log,
		Writer:        writer, // POST/DELETE /api/articles (write.go)
		Version:       version,
		Assets:        web.FS, // the search page's templates and static files

		OriginRateLimit: a.cfg.Server.OriginRateLimit,
		TrustedProxies:  a.cfg.Server.TrustedProxies,

		MaxConcurrent:          a.cfg.Server.MaxConcurrent,
		MaxConcurrentPerClient: a.cfg.Server.MaxConcurrentPerClient,
	}
	for _, s := range a.cfg.Server.Sites {
		opts.Sites = append(opts.Sites, server.Site{Key: s.Key, Origins: s.Origins, RateLimit: s.RateLimit, Burst: s.Burst})
	}
	if exErr == nil {
		opts.Resolver = ex
		writer.opts.Extractor = ex
	} else {
		a.log.Warn("alias resolution and entity extraction of written articles off", "err", exErr)
	}
	h, err := server.New(ix, opts)
	if err != nil {
		return err
	}
	// Build the facet columns before the first visitor does: on a large
	// index they take seconds, which would otherwise be the first search's.
	start := time.Now()
	if err := ix.Warm(ctx); err != nil {
		return fmt.Errorf("warm the index: %w", err)
	}
	a.log.Info("index ready", "path", ix.Path(), "took", time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", a.cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Server.Addr, err)
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       a.cfg.Server.ReadTimeout,
		WriteTimeout:      a.cfg.Server.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(out, "sitrep serving %s at http://%s/\n", ix.Path(), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return a.shutdown(hs, writer)
}

// shutdown stops the server on SIGTERM: no new connections; requests in
// flight get server.shutdown_timeout to finish (a POST's batches land
// whole); then the remaining connections are cut, which cancels their
// requests, and a write still running is given the same time again to end
// at a batch boundary before the index closes. The process exits within
// twice the timeout.
func (a *app) shutdown(hs *http.Server, writer *indexWriter) error {
	timeout := a.cfg.Server.ShutdownTimeout
	a.log.Info("shutting down: finishing requests in flight", "timeout", timeout)
	start := time.Now()
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		a.log.Warn("requests still running at the shutdown timeout were cut", "timeout", timeout)
		_ = hs.Close()
		err = nil
	}
	if !writer.drain(timeout) {
		a.log.Error("a write did not end in time; closing the index anyway (batches are atomic)", "timeout", timeout)
	}
	a.log.Info("stopped", "took", time.Since(start).Round(time.Millisecond))
	return err
}
