// Package app runs the Go subject: it opens the store the configuration
// names, makes sure namespace "default" exists, serves HTTP on
// 127.0.0.1:PORT until ctx ends, then shuts down gracefully.
//
//	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
//	err := app.Run(ctx, cfg, app.Options{Version: "dev"})
package app

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"mdbprof/gosubject/internal/api"
	"mdbprof/gosubject/internal/auth"
	"mdbprof/gosubject/internal/config"
	"mdbprof/gosubject/internal/logging"
	"mdbprof/gosubject/internal/namespace"
	"mdbprof/gosubject/internal/stores"
)

// shutdownTimeout bounds the wait for requests in flight (EventoDB's).
const shutdownTimeout = 10 * time.Second

// Options are the build's settings.
type Options struct {
	Version string
	Knobs   api.WriteKnobs
	// Listening, when set, is called with the bound address once the
	// server accepts connections (tests use it with port 0).
	Listening func(addr net.Addr)
}

// Run serves until ctx is done (nil error) or the server fails.
func Run(ctx context.Context, cfg config.Config, o Options) error {
	target, err := stores.Resolve(cfg.DBURL, cfg.DataDir, cfg.DBType, cfg.TestMode)
	if err != nil {
		return err
	}
	st, err := stores.Open(ctx, target)
	if err != nil {
		return fmt.Errorf("opening the %s store: %w", target.Backend, err)
	}
	defer func() {
		if err := st.Close(); err != nil {
			logging.Error("closing the store", "error", err)
		}
	}()
	token, created, err := EnsureDefaultNamespace(ctx, st, cfg.Token)
	if err != nil {
		return err
	}
	switch {
	case created && cfg.Token == "":
		logging.Warn("no --token given; generated the token of namespace 'default'", "token", token)
	case !created && cfg.Token == "":
		logging.Warn("no --token given; namespace 'default' exists and keeps the token it was created with")
	case !created:
		// EventoDB keeps the stored hash: say when --token will not open it.
		if ns, err := st.FindNamespace(ctx, namespace.Default); err == nil && ns != nil && !auth.HashMatches(token, ns.TokenHash) {
			logging.Warn("namespace 'default' exists with another token; --token will be answered 403")
		}
	}

	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)))
	if err != nil {
		return err // "listen tcp4 127.0.0.1:N: bind: address already in use"
	}
	h := api.NewHandler(api.Options{Store: st, Backend: target.Backend, Version: o.Version, TestMode: cfg.TestMode, Knobs: o.Knobs})
	srv := api.NewServer(h)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logging.Info("gosubject listening", "address", ln.Addr().String(), "backend", target.Backend, "test_mode", cfg.TestMode, "version", o.Version)
	if o.Listening != nil {
		o.Listening(ln.Addr())
	}

	select {
	case err := <-served:
		return fmt.Errorf("HTTP server stopped: %w", err)
	case <-ctx.Done():
	}
	logging.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.ShutdownWithContext(shutdownCtx); err != nil {
		logging.Warn("graceful shutdown cut short", "error", err)
	}
	<-served
	logging.Info("stopped")
	return nil
}
