package pebblestore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"mdbprof/gosubject/internal/store"
)

// With PEBBLESTORE_KILL_DIR set, the test binary is a writer that
// acknowledges each write on stdout and then SIGKILLs itself.
func TestMain(m *testing.M) {
	if dir := os.Getenv("PEBBLESTORE_KILL_DIR"); dir != "" {
		os.Exit(writeThenDie(dir))
	}
	os.Exit(m.Run())
}

const killWrites = 500

func writeThenDie(dir string) int {
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := s.CreateNamespace(ctx, store.Namespace{Name: "n", TokenHash: "h"}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i := 0; i < killWrites; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		if _, err := s.WriteMessage(ctx, "n", store.NewMessage{ID: id, StreamName: "k-1", Type: "T", Data: `{}`}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(i) // acknowledged
	}
	syscall.Kill(os.Getpid(), syscall.SIGKILL) // no Close, no flush
	return 1
}

// Acknowledged writes survive kill -9 (processCrashSafeFS): without it a
// NoSync commit loses up to a 32 KiB WAL block.
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PEBBLESTORE_KILL_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, err := strconv.Atoi(sc.Text()); err == nil && n == acked {
			acked++
		}
	}
	err = cmd.Wait()
	if status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !status.Signaled() || status.Signal() != syscall.SIGKILL {
		t.Fatalf("the writer ended by %v, not SIGKILL (acked %d)", err, acked)
	}
	if acked != killWrites {
		t.Fatalf("the writer acknowledged %d writes, want %d", acked, killWrites)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.GetStreamMessages(context.Background(), "n", store.StreamQuery{StreamName: "k-1", BatchSize: store.Unlimited})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != acked {
		t.Fatalf("%d of %d acknowledged writes survived the kill", len(rows), acked)
	}
}
