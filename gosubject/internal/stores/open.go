package stores

import (
	"context"
	"fmt"
	"os"

	"mdbprof/gosubject/internal/pebblestore"
	"mdbprof/gosubject/internal/sqlitestore"
	"mdbprof/gosubject/internal/store"
)

// postgresOpener opens the PostgreSQL (timescale=false) or TimescaleDB store;
// nil when this binary has no PostgreSQL support (see postgres.go).
var postgresOpener func(ctx context.Context, url string, timescale bool) (store.Store, error)

// Open opens the store t names, creating its directories.
func Open(ctx context.Context, t Target) (store.Store, error) {
	switch t.Backend {
	case SQLite:
		if t.InMemory {
			return sqlitestore.OpenInMemory(ctx)
		}
		if err := os.MkdirAll(t.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("creating the data directory: %w", err)
		}
		return sqlitestore.Open(ctx, t.MetadataPath, t.Dir)
	case Pebble:
		if t.InMemory {
			return pebblestore.OpenInMemory()
		}
		return pebblestore.Open(t.Dir)
	case Postgres, Timescale:
		if postgresOpener == nil {
			return nil, fmt.Errorf("this build has no %s store", t.Backend)
		}
		return postgresOpener(ctx, t.URL, t.Backend == Timescale)
	default:
		return nil, fmt.Errorf("unknown backend %q", t.Backend)
	}
}
