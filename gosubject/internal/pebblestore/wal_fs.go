package pebblestore

import (
	"strings"

	"github.com/cockroachdb/pebble/vfs"
)

// processCrashSafeFS gives acknowledged writes the durability of a server
// whose WAL is written but not fsync'ed (RocksDB's sync=false, the
// reference server's setting): they survive the server being killed, not a
// power loss.
//
// Pebble cannot do that by itself: a NoSync commit leaves the record in
// Pebble's in-process WAL buffer until a 32 KiB block fills, so kill -9 loses
// acknowledged writes (EventoDB commits NoSync and has that hole), while a
// Sync commit also fsyncs, about 1 ms a write on this class of disk. So the
// store commits with pebble.Sync, which write(2)s the WAL before returning,
// and this FS turns the WAL files' fsyncs into no-ops. Every other file
// (MANIFEST, tables, directories) keeps its real syncs.
type processCrashSafeFS struct{ vfs.FS }

func isWAL(name string) bool { return strings.HasSuffix(name, ".log") }

func (fs processCrashSafeFS) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	if err != nil || !isWAL(name) {
		return f, err
	}
	return unsyncedFile{f}, nil
}

func (fs processCrashSafeFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname)
	if err != nil || !isWAL(newname) {
		return f, err
	}
	return unsyncedFile{f}, nil
}

// unsyncedFile writes through and skips fsync.
type unsyncedFile struct{ vfs.File }

func (unsyncedFile) Sync() error                { return nil }
func (unsyncedFile) SyncData() error            { return nil }
func (unsyncedFile) SyncTo(int64) (bool, error) { return false, nil }
