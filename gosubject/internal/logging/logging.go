// Package logging is the server's log: leveled lines on stderr, plain text
// ("console") or one JSON object a line ("json"), through log/slog.
//
//	logging.Init(os.Stderr, "warn", "json")
//	logging.Warn("no --token given", "token", token)
//
// Before Init, warnings and errors go to stderr as text.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
)

var current atomic.Pointer[slog.Logger]

func init() {
	current.Store(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// ParseLevel maps debug, info, warn and error to slog levels.
func ParseLevel(name string) (slog.Level, error) {
	switch name {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q (debug, info, warn, error)", name)
}

// Init makes the log write to w at level and above, as format ("console" or
// "json").
func Init(w io.Writer, level, format string) error {
	lvl, err := ParseLevel(level)
	if err != nil {
		return err
	}
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler
	switch format {
	case "console":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return fmt.Errorf("unknown log format %q (console, json)", format)
	}
	current.Store(slog.New(h))
	return nil
}

// Logger is the current logger, for code that takes a *slog.Logger.
func Logger() *slog.Logger { return current.Load() }

func Debug(msg string, args ...any) { current.Load().Debug(msg, args...) }
func Info(msg string, args ...any)  { current.Load().Info(msg, args...) }
func Warn(msg string, args ...any)  { current.Load().Warn(msg, args...) }
func Error(msg string, args ...any) { current.Load().Error(msg, args...) }
