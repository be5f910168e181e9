package sqlitestore

import (
	"errors"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// uniqueViolation reports whether err is SQLite's UNIQUE/PRIMARY KEY
// constraint failure on column ("table.column" as SQLite names it).
func uniqueViolation(err error, column string) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_CONSTRAINT {
		return false
	}
	return strings.Contains(e.Error(), column)
}
