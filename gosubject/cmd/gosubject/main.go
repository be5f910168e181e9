// Command gosubject is a MessageDB-compatible event store with EventoDB's
// command line, HTTP API and storage layouts, built on EventoDB's libraries
// (fasthttp, modernc.org/sqlite, Pebble, pgx), so the suite can profile a Go
// server it builds itself. See internal/app.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"mdbprof/gosubject/internal/api"
	"mdbprof/gosubject/internal/app"
	"mdbprof/gosubject/internal/config"
	"mdbprof/gosubject/internal/logging"
)

// Set at link time with -ldflags "-X main.NAME=VALUE".
var (
	version = "dev"
	// TEST-ONLY (api.WriteKnobs): bytes allocated and iterations of integer
	// work added to every stream.write; "0" costs nothing.
	extraWriteAllocBytes = "0"
	extraWriteWork       = "0"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	if len(args) > 0 && (args[0] == "version" || args[0] == "--version" || args[0] == "-v") {
		fmt.Println(version)
		return 0
	}
	var usage bytes.Buffer
	cfg, err := config.Parse(args, os.LookupEnv, &usage)
	if errors.Is(err, flag.ErrHelp) {
		os.Stderr.Write(usage.Bytes())
		return 0
	}
	var usageErr *config.UsageError
	if errors.As(err, &usageErr) {
		fmt.Fprintf(os.Stderr, "gosubject: %v (see -h)\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gosubject: %v\n", err)
		return 1
	}
	knobs, err := linkedKnobs()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gosubject: %v\n", err)
		return 1
	}
	if err := logging.Init(os.Stderr, cfg.LogLevel, cfg.LogFormat); err != nil {
		fmt.Fprintf(os.Stderr, "gosubject: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := app.Run(ctx, cfg, app.Options{Version: version, Knobs: knobs}); err != nil {
		logging.Error("gosubject: " + err.Error())
		return 1
	}
	return 0
}

func linkedKnobs() (api.WriteKnobs, error) {
	var k api.WriteKnobs
	for _, v := range []struct {
		name, text string
		dst        *int
	}{
		{"main.extraWriteAllocBytes", extraWriteAllocBytes, &k.ExtraAllocBytes},
		{"main.extraWriteWork", extraWriteWork, &k.ExtraWork},
	} {
		n, err := strconv.Atoi(v.text)
		if err != nil || n < 0 {
			return k, fmt.Errorf("%s=%q (set with -ldflags -X) must be a non-negative integer", v.name, v.text)
		}
		*v.dst = n
	}
	return k, nil
}
