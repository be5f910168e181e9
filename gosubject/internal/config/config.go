// Package config reads the Go subject's command line and environment, which
// are EventoDB's: every flag has an EVENTODB_* environment default, and the
// flags are parsed by Go's flag package, so "--port 9000", "-port 9000" and
// "--port=9000" all work.
//
//	cfg, err := config.Parse(os.Args[1:], os.LookupEnv)
//	if errors.Is(err, flag.ErrHelp) { ... usage was printed ... }
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DefaultPort is EventoDB's default HTTP port.
const DefaultPort = 8080

// Config is what the server was asked to do.
type Config struct {
	Port      int    // 0..65535; 0 picks a free port
	TestMode  bool   // in-memory store unless DBURL is set; auth optional
	Token     string // token of namespace "default"; "" = generate one
	DBURL     string // sqlite://NAME, pebble://DIR or postgres://...
	DataDir   string // directory of the sqlite databases
	DBType    string // "" or "timescale" (with a postgres URL)
	LogLevel  string // debug, info, warn or error
	LogFormat string // console or json
}

// Env looks a variable up, as os.LookupEnv does.
type Env func(name string) (string, bool)

// UsageError is a command line the flag package could not parse (exit 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

var (
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"console", "json"}
)

// Parse reads args (without the program name) over the environment
// defaults. Errors name the flag or variable and the bad value: a *UsageError
// for what the flag package rejects (flag.ErrHelp for -h, after the usage
// went to usageOut), a plain error for a bad value. usageOut may be nil.
func Parse(args []string, env Env, usageOut io.Writer) (Config, error) {
	var cfg Config
	port, err := envInt(env, "EVENTODB_PORT", DefaultPort)
	if err != nil {
		return cfg, err
	}
	testMode, err := envBool(env, "EVENTODB_TEST_MODE")
	if err != nil {
		return cfg, err
	}
	fs := flag.NewFlagSet("gosubject", flag.ContinueOnError)
	if usageOut == nil {
		usageOut = io.Discard
	}
	fs.SetOutput(usageOut)
	fs.IntVar(&cfg.Port, "port", port, "HTTP port on 127.0.0.1; 0 picks a free one (env EVENTODB_PORT)")
	fs.BoolVar(&cfg.TestMode, "test-mode", testMode, "in-memory store, authentication optional (env EVENTODB_TEST_MODE)")
	fs.StringVar(&cfg.Token, "token", envString(env, "EVENTODB_TOKEN", ""), "token of namespace 'default'; generated when empty (env EVENTODB_TOKEN)")
	fs.StringVar(&cfg.DBURL, "db-url", envString(env, "EVENTODB_DB_URL", ""), "sqlite://NAME (in --data-dir), pebble://DIR or postgres://... (env EVENTODB_DB_URL)")
	fs.StringVar(&cfg.DataDir, "data-dir", envString(env, "EVENTODB_DATA_DIR", ""), "directory of the SQLite databases; required for sqlite (env EVENTODB_DATA_DIR)")
	fs.StringVar(&cfg.DBType, "db-type", envString(env, "EVENTODB_DB_TYPE", ""), "'timescale' with a postgres:// URL (env EVENTODB_DB_TYPE)")
	fs.StringVar(&cfg.LogLevel, "log-level", envString(env, "EVENTODB_LOG_LEVEL", "info"), "debug, info, warn or error (env EVENTODB_LOG_LEVEL)")
	fs.StringVar(&cfg.LogFormat, "log-format", envString(env, "EVENTODB_LOG_FORMAT", "console"), "console or json (env EVENTODB_LOG_FORMAT)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, &UsageError{err}
	}
	if fs.NArg() > 0 {
		return cfg, &UsageError{fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))}
	}
	return cfg, cfg.validate()
}

func (c Config) validate() error {
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("--port must be in [0, 65535], got %d", c.Port)
	}
	if !oneOf(c.LogLevel, logLevels) {
		return fmt.Errorf("--log-level must be one of %s, got %q", strings.Join(logLevels, ", "), c.LogLevel)
	}
	if !oneOf(c.LogFormat, logFormats) {
		return fmt.Errorf("--log-format must be one of %s, got %q", strings.Join(logFormats, ", "), c.LogFormat)
	}
	if c.DBType != "" && c.DBType != "postgres" && c.DBType != "timescale" {
		return fmt.Errorf("--db-type must be empty, 'postgres' or 'timescale', got %q", c.DBType)
	}
	return nil
}

func oneOf(value string, allowed []string) bool {
	for _, a := range allowed {
		if value == a {
			return true
		}
	}
	return false
}

// An empty variable counts as unset, as in EventoDB.
func envString(env Env, name, fallback string) string {
	if v, ok := env(name); ok && v != "" {
		return v
	}
	return fallback
}

func envInt(env Env, name string, fallback int) (int, error) {
	v := envString(env, name, "")
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s must be an integer, got %q", name, v)
	}
	return n, nil
}

func envBool(env Env, name string) (bool, error) {
	v := envString(env, name, "")
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s must be a boolean (true, false, 1, 0), got %q", name, v)
	}
	return b, nil
}
