package stores

import "mdbprof/gosubject/internal/pgstore"

func init() { postgresOpener = pgstore.Open }
