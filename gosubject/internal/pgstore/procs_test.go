package pgstore

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// child is a server process the tests started in its own process group,
// with its output in a log file.
type child struct {
	cmd  *exec.Cmd
	log  string        // path of the output log
	done chan struct{} // closed once the process was reaped
	err  error         // Wait's result, valid after done
}

func startChild(cmd *exec.Cmd, log string, cred *syscall.Credential, deathSignal syscall.Signal) (*child, error) {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if cmd.Stdout == nil {
		cmd.Stdout = f
	}
	cmd.Stderr = f
	// Pdeathsig is set after the credentials change (Go's forkExec order),
	// so it survives dropping to the postgres user.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: deathSignal, Credential: cred}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", cmd.Path, err)
	}
	c := &child{cmd: cmd, log: log, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop sends sig, waits up to grace, then SIGKILLs the process group.
func (c *child) stop(sig syscall.Signal, grace time.Duration) error {
	if c.exited() {
		return nil
	}
	c.cmd.Process.Signal(sig)
	select {
	case <-c.done:
	case <-time.After(grace):
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		<-c.done
		return fmt.Errorf("%s ignored %v for %v and was killed", c.cmd.Path, sig, grace)
	}
	// Leftover children in the group (there should be none).
	syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	return nil
}

// logTail is the last lines of the log, for failure messages.
func (c *child) logTail() string {
	b, err := os.ReadFile(c.log)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// scratchDir makes a temp dir named prefix* that records the test process
// as its owner, after removing the dirs of earlier runs whose owner is gone
// (a run that was SIGKILLed or panicked cannot clean up after itself; its
// servers die with it through the parent-death signal).
func scratchDir(prefix string) (string, error) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), prefix+"*"))
	for _, d := range old {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue // not ours, or being created right now
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && pid > 0 && syscall.Kill(pid, 0) == syscall.ESRCH {
			os.RemoveAll(d)
		}
	}
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

const ownerFile = "owner.pid"
