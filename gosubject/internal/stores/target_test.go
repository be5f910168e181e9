package stores

import (
	"strings"
	"testing"
)

func TestResolveFollowsEventoDBsPathRules(t *testing.T) {
	cases := []struct {
		url, dataDir, dbType string
		testMode             bool
		want                 Target
	}{
		{"", "", "", true, Target{Backend: SQLite, InMemory: true}},
		{"sqlite://messages.db", "/d", "", false, Target{Backend: SQLite, MetadataPath: "/d/messages.db", Dir: "/d"}},
		{"sqlite://", "/d", "", false, Target{Backend: SQLite, MetadataPath: "/d/metadata.db", Dir: "/d"}},
		// EventoDB joins, so an absolute name lands inside the data dir.
		{"sqlite:///abs/dir/m.db", "/d", "", false, Target{Backend: SQLite, MetadataPath: "/d/abs/dir/m.db", Dir: "/d"}},
		{"sqlite://sub/m.db", "rel", "", true, Target{Backend: SQLite, MetadataPath: "rel/sub/m.db", Dir: "rel"}},
		{"pebble:///p/q", "/ignored", "", false, Target{Backend: Pebble, Dir: "/p/q"}},
		{"pebble://rel", "", "", false, Target{Backend: Pebble, Dir: "rel"}},
		{"pebble://", "", "", false, Target{Backend: Pebble, Dir: "./data/pebble"}},
		{"pebble:///p", "", "", true, Target{Backend: Pebble, Dir: "/p", InMemory: true}},
		{"postgres://u:p@h:5432/db?sslmode=disable", "", "", false, Target{Backend: Postgres, URL: "postgres://u:p@h:5432/db?sslmode=disable"}},
		{"postgresql://h/db", "", "timescale", false, Target{Backend: Timescale, URL: "postgresql://h/db"}},
		{"postgres://h/db", "", "postgres", false, Target{Backend: Postgres, URL: "postgres://h/db"}},
	}
	for _, c := range cases {
		got, err := Resolve(c.url, c.dataDir, c.dbType, c.testMode)
		if err != nil {
			t.Errorf("Resolve(%q, %q, %q, %v): %v", c.url, c.dataDir, c.dbType, c.testMode, err)
			continue
		}
		if got != c.want {
			t.Errorf("Resolve(%q, %q, %q, %v) = %+v, want %+v", c.url, c.dataDir, c.dbType, c.testMode, got, c.want)
		}
	}
}

func TestResolveRejectsWhatItCannotOpen(t *testing.T) {
	cases := []struct{ url, dataDir, dbType, want string }{
		{"", "", "", "--db-url is required"},
		{"sqlite://m.db", "", "", "--data-dir is required"},
		{"mysql://h/db", "", "", `unsupported scheme "mysql"`},
		{"sqlite:m.db", "/d", "", "write sqlite://NAME"},
		{"pebble:dir", "", "", "write pebble://DIR"},
		{"sqlite://m.db", "/d", "timescale", "needs a postgres://"},
		{"postgres://%zz", "", "", "is not a URL"},
	}
	for _, c := range cases {
		_, err := Resolve(c.url, c.dataDir, c.dbType, false)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Resolve(%q, %q, %q) = %v, want an error containing %q", c.url, c.dataDir, c.dbType, err, c.want)
		}
	}
}
