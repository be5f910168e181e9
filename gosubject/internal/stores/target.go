// Package stores turns EventoDB's --db-url, --data-dir, --db-type and
// --test-mode into an open store.Store, with EventoDB's path rules:
//
//	sqlite://NAME   NAME (default metadata.db) is filepath.Join'ed onto
//	                --data-dir, which is required; the namespace databases
//	                live in --data-dir too. "sqlite:///abs/x.db" therefore
//	                becomes DATA_DIR/abs/x.db, as in EventoDB.
//	pebble://DIR    the store's directory (default ./data/pebble); --data-dir
//	                is ignored. With --test-mode the store is in memory.
//	postgres://...  (or postgresql://) the PostgreSQL store; with --db-type
//	                timescale the TimescaleDB store.
//	(none)          with --test-mode: an in-memory SQLite store.
//
//	target, err := stores.Resolve(cfg.DBURL, cfg.DataDir, cfg.DBType, cfg.TestMode)
//	st, err := stores.Open(ctx, target)
package stores

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// Backend names, as sys.health reports them.
const (
	SQLite    = "sqlite"
	Pebble    = "pebble"
	Postgres  = "postgres"
	Timescale = "timescale"
)

// Target is a resolved store location.
type Target struct {
	Backend  string // SQLite, Pebble, Postgres or Timescale
	InMemory bool   // SQLite or Pebble in memory (test mode)
	// SQLite: the metadata database file; namespace databases go in Dir.
	MetadataPath string
	// SQLite: the data dir; Pebble: the store's directory.
	Dir string
	// Postgres and Timescale: the connection URL, verbatim.
	URL string
}

// Resolve applies EventoDB's rules (see the package comment). It touches no
// files; Open creates the directories.
func Resolve(dbURL, dataDir, dbType string, testMode bool) (Target, error) {
	if dbURL == "" {
		if testMode {
			return Target{Backend: SQLite, InMemory: true}, nil
		}
		return Target{}, errors.New("--db-url is required (use --test-mode for an in-memory store)")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return Target{}, fmt.Errorf("--db-url %q is not a URL: %w", dbURL, err)
	}
	if dbType == Timescale && u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return Target{}, fmt.Errorf("--db-type timescale needs a postgres:// --db-url, got %q", dbURL)
	}
	switch u.Scheme {
	case "postgres", "postgresql":
		backend := Postgres
		if dbType == Timescale {
			backend = Timescale
		}
		return Target{Backend: backend, URL: dbURL}, nil
	case "sqlite":
		name, ok := strings.CutPrefix(dbURL, "sqlite://")
		if !ok {
			return Target{}, fmt.Errorf("--db-url %q: write sqlite://NAME (NAME is joined onto --data-dir)", dbURL)
		}
		if name == "" {
			name = "metadata.db"
		}
		if dataDir == "" {
			return Target{}, errors.New("--data-dir is required for a sqlite:// --db-url")
		}
		return Target{Backend: SQLite, MetadataPath: filepath.Join(dataDir, name), Dir: dataDir}, nil
	case "pebble":
		dir, ok := strings.CutPrefix(dbURL, "pebble://")
		if !ok {
			return Target{}, fmt.Errorf("--db-url %q: write pebble://DIR or pebble:///abs/dir", dbURL)
		}
		if dir == "" {
			dir = "./data/pebble"
		}
		return Target{Backend: Pebble, Dir: dir, InMemory: testMode}, nil
	default:
		return Target{}, fmt.Errorf("--db-url %q: unsupported scheme %q (use sqlite://, pebble:// or postgres://)", dbURL, u.Scheme)
	}
}
