package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// pgCluster is a throwaway PostgreSQL 15 cluster: data directory and unix
// socket in a private temp dir, no TCP listener, durability off. It runs as
// the postgres user when the tests run as root (initdb refuses root).
type pgCluster struct {
	dir  string
	proc *child
	url  string
}

const pgBinDefault = "/usr/lib/postgresql/15/bin"

func startPostgres() (*pgCluster, error) {
	bin := os.Getenv("MDBPROF_PG_BIN")
	if bin == "" {
		bin = pgBinDefault
	}
	for _, tool := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, tool)); err != nil {
			return nil, errSkip{fmt.Sprintf("no %s in %s (set MDBPROF_PG_BIN): %v", tool, bin, err)}
		}
	}
	var cred *syscall.Credential
	var uid, gid = -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, errSkip{"running as root and there is no postgres user to run initdb as"}
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := scratchDir("pgstore-test-pg-")
	if err != nil {
		return nil, err
	}
	c := &pgCluster{dir: dir}
	fail := func(err error) (*pgCluster, error) {
		c.stop()
		return nil, err
	}
	sock := filepath.Join(dir, "sock")
	if err := os.Mkdir(sock, 0o700); err != nil {
		return fail(err)
	}
	if cred != nil {
		// The dir stays private (0700) but belongs to postgres, who creates
		// the data dir in it; root removes it at the end regardless.
		for _, p := range []string{dir, sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				return fail(err)
			}
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	const port = "5432" // names the socket file only: no TCP listener
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", sock, "-p", port,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200")
	c.proc, err = startChild(cmd, filepath.Join(dir, "postgres.log"), cred, syscall.SIGQUIT)
	if err != nil {
		return fail(err)
	}
	c.url = "postgres://postgres@/postgres?host=" + url.QueryEscape(sock) + "&port=" + port + "&sslmode=disable"
	if err := waitForQuery(c.url, c.proc, 60*time.Second); err != nil {
		return fail(err)
	}
	return c, nil
}

// waitForQuery waits until a query through url succeeds, failing early when
// proc exits; the error carries proc's log tail.
func waitForQuery(dsn string, proc *child, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if proc.exited() {
			return fmt.Errorf("%s exited (%v) before it was ready:\n%s", proc.cmd.Path, proc.err, proc.logTail())
		}
		last = queryOnce(dsn)
		if last == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %v (last error: %v):\n%s", proc.cmd.Path, timeout, last, proc.logTail())
}

func queryOnce(dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var one int
	return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// stop shuts the cluster down (SIGINT: fast shutdown, then SIGKILL) and
// removes its directory.
func (c *pgCluster) stop() error {
	var err error
	if c.proc != nil {
		err = c.proc.stop(syscall.SIGINT, 15*time.Second)
	}
	return errors.Join(err, os.RemoveAll(c.dir))
}
