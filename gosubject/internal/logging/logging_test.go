package logging

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONLinesAtTheChosenLevel(t *testing.T) {
	var out bytes.Buffer
	if err := Init(&out, "warn", "json"); err != nil {
		t.Fatal(err)
	}
	defer Init(&bytes.Buffer{}, "warn", "console")
	Info("hidden")
	Warn("shown", "port", 8080)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %q", len(lines), out.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("not JSON: %q: %v", lines[0], err)
	}
	if rec["msg"] != "shown" || rec["level"] != "WARN" || rec["port"] != float64(8080) {
		t.Errorf("record = %v", rec)
	}
}

func TestConsoleIsPlainText(t *testing.T) {
	var out bytes.Buffer
	if err := Init(&out, "debug", "console"); err != nil {
		t.Fatal(err)
	}
	defer Init(&bytes.Buffer{}, "warn", "console")
	Debug("hello", "k", "v")
	if s := out.String(); !strings.Contains(s, "msg=hello") || !strings.Contains(s, "k=v") || strings.Contains(s, "\x1b[") {
		t.Errorf("console line = %q", s)
	}
}

func TestBadSettingsAreErrors(t *testing.T) {
	if err := Init(&bytes.Buffer{}, "loud", "json"); err == nil {
		t.Error("level loud accepted")
	}
	if err := Init(&bytes.Buffer{}, "info", "xml"); err == nil {
		t.Error("format xml accepted")
	}
}
