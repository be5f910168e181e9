package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const suiteToken = "ns_ZGVmYXVsdA_71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a"

// The test binary doubles as the server: with GOSUBJECT_AS_MAIN set it runs
// main's run() on its arguments (and GOSUBJECT_ALLOC stands in for the
// link-time knob).
func TestMain(m *testing.M) {
	if os.Getenv("GOSUBJECT_AS_MAIN") == "1" {
		if v, ok := os.LookupEnv("GOSUBJECT_ALLOC"); ok {
			extraWriteAllocBytes = v
		}
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func command(t *testing.T, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "GOSUBJECT_AS_MAIN=1"), env...)
	return cmd
}

// runToEnd runs the server with args and returns its exit code and stderr.
func runToEnd(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := command(t, env, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%v did not exit; stderr: %s", args, stderr.String())
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

func TestBadCommandLinesExitWithOneClearLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		env  []string
		args []string
		code int
		want string
	}{
		{nil, []string{"--no-such-flag"}, 2, "no-such-flag"},
		{nil, []string{"stray"}, 2, `unexpected argument "stray"`},
		{nil, []string{"--port", "99999", "--test-mode"}, 1, "--port must be in [0, 65535]"},
		{[]string{"EVENTODB_PORT=x"}, []string{"--test-mode"}, 1, "EVENTODB_PORT must be an integer"},
		{nil, []string{"--log-format", "xml", "--test-mode"}, 1, "--log-format"},
		{nil, []string{"--test-mode", "--token", "nonsense"}, 1, "--token: token does not start with 'ns_'"},
		{nil, []string{"--test-mode", "--token", "ns_b3RoZXI_" + strings.Repeat("a", 64)}, 1, "namespace 'other'"},
		{nil, []string{"--db-url", "sqlite://m.db"}, 1, "--data-dir is required"},
		{nil, nil, 1, "--db-url is required"},
		{nil, []string{"--db-url", "mysql://h/db"}, 1, "unsupported scheme"},
		{[]string{"GOSUBJECT_ALLOC=lots"}, []string{"--test-mode"}, 1, `main.extraWriteAllocBytes="lots"`},
		{nil, []string{"--db-url", "pebble://" + filepath.Join(dir, "file", "sub"), "--port", "0"}, 1, "opening the pebble store"},
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		code, stderr := runToEnd(t, c.env, c.args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != c.code || !strings.Contains(stderr, c.want) || len(lines) != 1 {
			t.Errorf("%v %v: exit %d, stderr %q; want exit %d and one line containing %q", c.env, c.args, code, stderr, c.code, c.want)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	if code, stderr := runToEnd(t, nil, "-h"); code != 0 || !strings.Contains(stderr, "-db-url") {
		t.Errorf("-h: exit %d, %q", code, stderr)
	}
	cmd := command(t, nil, "--version")
	out, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(out)) != "dev" {
		t.Errorf("--version = %q, %v", out, err)
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// running is a server started in the background.
type running struct {
	cmd    *exec.Cmd
	port   int
	stderr *bytes.Buffer
	done   chan error
}

func start(t *testing.T, args ...string) *running {
	t.Helper()
	port := freePort(t)
	cmd := command(t, nil, append([]string{"--port", fmt.Sprint(port)}, args...)...)
	r := &running{cmd: cmd, port: port, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-r.done
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/health", port))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && string(body) == `{"status":"ok"}` {
				return r
			}
		}
		select {
		case <-r.done:
			t.Fatalf("the server exited: %s", r.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no /health within 20 s: %s", r.stderr.String())
	return nil
}

func (r *running) call(t *testing.T, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/rpc", r.port), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// stop sends sig and returns the exit code.
func (r *running) stop(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	r.cmd.Process.Signal(sig)
	select {
	case <-r.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit 15 s after %v: %s", sig, r.stderr.String())
	}
	return r.cmd.ProcessState.ExitCode()
}

func TestSignalsShutDownCleanly(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		dir := t.TempDir()
		r := start(t, "--db-url", "sqlite://messages.db", "--data-dir", dir, "--token", suiteToken, "--log-level", "warn")
		if code, body := r.call(t, suiteToken, `["stream.write","a-1",{"type":"T","data":{}}]`); code != 200 {
			t.Fatalf("write: %d %s", code, body)
		}
		if code := r.stop(t, sig); code != 0 {
			t.Errorf("%v: exit %d, want 0; stderr %s", sig, code, r.stderr.String())
		}
		if r.stderr.Len() != 0 {
			t.Errorf("at warn, a clean run logged %q", r.stderr.String())
		}
		for _, f := range []string{"messages.db", "default.db"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// EventoDB keeps the stored hash of an existing default namespace.
func TestAReusedDatabaseKeepsItsToken(t *testing.T) {
	dir := t.TempDir()
	url := "pebble://" + dir
	r := start(t, "--db-url", url, "--token", suiteToken)
	r.call(t, suiteToken, `["stream.write","a-1",{"type":"T","data":{}}]`)
	r.stop(t, syscall.SIGTERM)

	other := "ns_ZGVmYXVsdA_" + strings.Repeat("e", 64)
	r = start(t, "--db-url", url, "--token", other, "--log-format", "json")
	if code, body := r.call(t, other, `["stream.version","a-1"]`); code != 403 || !strings.Contains(body, "AUTH_UNAUTHORIZED") {
		t.Errorf("the new token: %d %s, want 403", code, body)
	}
	if code, body := r.call(t, suiteToken, `["stream.version","a-1"]`); code != 200 || body != "0" {
		t.Errorf("the original token: %d %s, want 200 0", code, body)
	}
	r.stop(t, syscall.SIGTERM)
	// JSON lines, one of them the warning about the token.
	sc := bufio.NewScanner(bytes.NewReader(r.stderr.Bytes()))
	warned := false
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", sc.Text())
		}
		warned = warned || (rec["level"] == "WARN" && strings.Contains(fmt.Sprint(rec["msg"]), "another token"))
	}
	if !warned {
		t.Errorf("no warning about the kept token in %s", r.stderr.String())
	}
}

func TestAPortInUseIsReported(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	code, stderr := runToEnd(t, nil, "--test-mode", "--port", fmt.Sprint(port))
	if code != 1 || !strings.Contains(stderr, "address already in use") {
		t.Errorf("exit %d, %q; want 1 and 'address already in use'", code, stderr)
	}
}
