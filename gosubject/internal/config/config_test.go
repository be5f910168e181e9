package config

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

func envOf(vars map[string]string) Env {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

var noEnv = envOf(nil)

func TestDefaultsAreEventoDBs(t *testing.T) {
	cfg, err := Parse(nil, noEnv, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 8080, LogLevel: "info", LogFormat: "console"}
	if cfg != want {
		t.Fatalf("Parse() = %+v, want %+v", cfg, want)
	}
}

func TestFlagsInEveryGoSpelling(t *testing.T) {
	for _, args := range [][]string{
		{"--port", "9000", "--token", "T", "--db-url", "sqlite://m.db", "--data-dir", "/d", "--db-type", "timescale", "--log-level", "warn", "--log-format", "json", "--test-mode"},
		{"-port", "9000", "-token", "T", "-db-url", "sqlite://m.db", "-data-dir", "/d", "-db-type", "timescale", "-log-level", "warn", "-log-format", "json", "-test-mode"},
		{"--port=9000", "-token=T", "--db-url=sqlite://m.db", "--data-dir=/d", "--db-type=timescale", "--log-level=warn", "--log-format=json", "--test-mode=true"},
	} {
		cfg, err := Parse(args, noEnv, nil)
		if err != nil {
			t.Fatalf("Parse(%q): %v", args, err)
		}
		want := Config{Port: 9000, TestMode: true, Token: "T", DBURL: "sqlite://m.db", DataDir: "/d", DBType: "timescale", LogLevel: "warn", LogFormat: "json"}
		if cfg != want {
			t.Errorf("Parse(%q) = %+v, want %+v", args, cfg, want)
		}
	}
}

func TestEnvironmentDefaultsAndFlagsWin(t *testing.T) {
	env := envOf(map[string]string{
		"EVENTODB_PORT": "7000", "EVENTODB_TEST_MODE": "true", "EVENTODB_TOKEN": "envtoken",
		"EVENTODB_DB_URL": "pebble:///p", "EVENTODB_DATA_DIR": "/e", "EVENTODB_DB_TYPE": "timescale",
		"EVENTODB_LOG_LEVEL": "error", "EVENTODB_LOG_FORMAT": "json",
	})
	cfg, err := Parse(nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 7000, TestMode: true, Token: "envtoken", DBURL: "pebble:///p", DataDir: "/e", DBType: "timescale", LogLevel: "error", LogFormat: "json"}
	if cfg != want {
		t.Fatalf("from env: %+v, want %+v", cfg, want)
	}
	cfg, err = Parse([]string{"--port", "1234", "--token", "flagtoken", "--test-mode=false"}, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 1234 || cfg.Token != "flagtoken" || cfg.TestMode {
		t.Fatalf("flags did not override the environment: %+v", cfg)
	}
	// An empty variable is unset.
	cfg, err = Parse(nil, envOf(map[string]string{"EVENTODB_PORT": "", "EVENTODB_LOG_LEVEL": ""}), nil)
	if err != nil || cfg.Port != 8080 || cfg.LogLevel != "info" {
		t.Fatalf("empty variables: %+v, %v", cfg, err)
	}
}

func TestBadValuesAreErrorsNamingTheSetting(t *testing.T) {
	cases := []struct {
		args  []string
		env   map[string]string
		want  string
		usage bool
	}{
		{args: []string{"--port", "http"}, want: "-port", usage: true},
		{args: []string{"--port", "70000"}, want: "--port must be in [0, 65535], got 70000"},
		{args: []string{"--port", "-1"}, want: "--port must be in [0, 65535]"},
		{args: []string{"--log-level", "loud"}, want: `--log-level must be one of debug, info, warn, error, got "loud"`},
		{args: []string{"--log-format", "xml"}, want: `--log-format must be one of console, json, got "xml"`},
		{args: []string{"--db-type", "mysql"}, want: `--db-type must be empty, 'postgres' or 'timescale', got "mysql"`},
		{args: []string{"--no-such-flag"}, want: "no-such-flag", usage: true},
		{args: []string{"--token"}, want: "token", usage: true},
		{args: []string{"stray"}, want: `unexpected argument "stray"`, usage: true},
		{env: map[string]string{"EVENTODB_PORT": "eighty"}, want: `EVENTODB_PORT must be an integer, got "eighty"`},
		{env: map[string]string{"EVENTODB_TEST_MODE": "yes"}, want: `EVENTODB_TEST_MODE must be a boolean`},
		{env: map[string]string{"EVENTODB_LOG_LEVEL": "verbose"}, want: `--log-level must be one of`},
	}
	for _, c := range cases {
		_, err := Parse(c.args, envOf(c.env), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q, %v) = %v, want an error containing %q", c.args, c.env, err, c.want)
			continue
		}
		var usage *UsageError
		if errors.As(err, &usage) != c.usage {
			t.Errorf("Parse(%q, %v): usage error = %v, want %v", c.args, c.env, !c.usage, c.usage)
		}
	}
}

func TestHelpPrintsUsage(t *testing.T) {
	var out bytes.Buffer
	_, err := Parse([]string{"-h"}, noEnv, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("Parse(-h) = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{"-db-url", "EVENTODB_DB_URL", "-log-format"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
}
