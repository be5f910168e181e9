package pgstore

import (
	"fmt"
	"strings"

	"mdbprof/gosubject/internal/store"
)

// Schema layout (EventoDB's names; the table layout is this store's own):
//
//	eventodb_store.namespaces   the registry: one row per namespace
//	eventodb_<ns>.messages      a namespace's messages (PostgreSQL)
//	tsdb_<ns>.messages          the same as a TimescaleDB hypertable
//	<schema>.write_message(...) the append, run as one statement
//
// A message row keeps its stream's category and the Message DB hash of its
// cardinal id, computed by the writer, so category reads and consumer groups
// need no per-row string work or MD5 in SQL.

const (
	registrySchema = "eventodb_store"

	postgresPrefix  = "eventodb_"
	timescalePrefix = "tsdb_"

	// maxIdentifierBytes is PostgreSQL's NAMEDATALEN-1; longer identifiers
	// are silently truncated, which could make two namespaces share a schema.
	maxIdentifierBytes = 63

	// registryLockKey serialises registry DDL between processes that open
	// the same database at once (CREATE ... IF NOT EXISTS is not race-free).
	registryLockKey = 0x6576656e746f6462 // "eventodb"
)

// Error codes raised by write_message. Class "EV" is not used by PostgreSQL.
const (
	codeVersionConflict = "EV409"
	codeDuplicateID     = "EV400"
)

// registryDDL creates the namespace registry when it is missing.
const registryDDL = `
CREATE SCHEMA IF NOT EXISTS eventodb_store;
CREATE TABLE IF NOT EXISTS eventodb_store.namespaces (
	name        text PRIMARY KEY,
	schema_name text NOT NULL UNIQUE,
	token_hash  text NOT NULL,
	description text NOT NULL DEFAULT '',
	created_at  timestamptz NOT NULL
);`

// schemaName is the schema of namespace ns. It fails with store.ErrInvalid
// when the name could not be stored without PostgreSQL truncating it.
func schemaName(ns string, timescale bool) (string, error) {
	prefix := postgresPrefix
	if timescale {
		prefix = timescalePrefix
	}
	if ns == "" {
		return "", fmt.Errorf("namespace name is empty: %w", store.ErrInvalid)
	}
	if strings.IndexByte(ns, 0) >= 0 {
		return "", fmt.Errorf("namespace name %q contains a NUL byte: %w", ns, store.ErrInvalid)
	}
	if len(prefix)+len(ns) > maxIdentifierBytes {
		return "", fmt.Errorf("namespace name %q is longer than %d bytes (schema %s<name> must fit PostgreSQL's %d): %w",
			ns, maxIdentifierBytes-len(prefix), prefix, maxIdentifierBytes, store.ErrInvalid)
	}
	return prefix + ns, nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteLiteral quotes an SQL string literal (standard_conforming_strings on).
func quoteLiteral(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// namespaceDDL creates the messages table and write_message in schema q
// (quoted). For TimescaleDB the table is a hypertable: its unique indexes
// would have to contain "time", so id and (stream, position) uniqueness
// rests on write_message's advisory locks alone. ts is the quoted
// schema of the timescaledb extension; with ts "" the layout is made without
// the hypertable (the tests run it on plain PostgreSQL that way, to check the
// advisory-lock uniqueness under real concurrency).
func namespaceDDL(q string, timescale bool, ts string) string {
	var b strings.Builder
	b.WriteString("CREATE SCHEMA " + q + ";\n")
	b.WriteString(`CREATE TABLE ` + q + `.messages (
	global_position bigserial NOT NULL,
	position        bigint NOT NULL,
	time            timestamptz NOT NULL DEFAULT now(),
	stream_name     text NOT NULL,
	category        text NOT NULL,
	cardinal_hash   bigint NOT NULL,
	type            text NOT NULL,
	data            json NOT NULL,
	metadata        json,
	id              uuid NOT NULL,
`)
	if timescale {
		b.WriteString(`	PRIMARY KEY (global_position, time)
);
CREATE INDEX messages_id ON ` + q + `.messages (id);
CREATE INDEX messages_stream ON ` + q + `.messages (stream_name, position);
`)
	} else {
		b.WriteString(`	PRIMARY KEY (global_position)
);
CREATE UNIQUE INDEX messages_id ON ` + q + `.messages (id);
CREATE UNIQUE INDEX messages_stream ON ` + q + `.messages (stream_name, position);
`)
	}
	b.WriteString(`CREATE INDEX messages_category ON ` + q + `.messages (category, global_position);
`)
	if timescale && ts != "" {
		table := quoteLiteral(q + ".messages")
		// EventoDB's TimescaleDB layout: 7-day chunks, compressed per
		// stream once a chunk is 7 days old.
		b.WriteString(`SELECT ` + ts + `.create_hypertable(` + table + `::regclass, 'time',
	chunk_time_interval => interval '7 days');
ALTER TABLE ` + q + `.messages SET (
	timescaledb.compress,
	timescaledb.compress_segmentby = 'stream_name',
	timescaledb.compress_orderby = 'position, global_position');
SELECT ` + ts + `.add_compression_policy(` + table + `::regclass, interval '7 days');
`)
	}
	b.WriteString(writeFunctionDDL(q))
	return b.String()
}

// writeFunctionDDL is write_message: it takes the stream's advisory lock
// (w_stream_key), checks w_expected against the stream's last position, takes
// the id's lock (w_id_key, as a two-int4 key so it cannot meet a stream key),
// checks that the id is free and appends at the next position, all in the
// caller's transaction (one statement in autocommit is one transaction). It
// raises EV409 with the stream's version as DETAIL on a mismatch and EV400
// on a taken id. Both checks come before the INSERT, so a refused write takes
// no global position. The id check is what keeps ids unique on a hypertable;
// on PostgreSQL the unique index is a second guard.
func writeFunctionDDL(q string) string {
	return `CREATE FUNCTION ` + q + `.write_message(
	w_id uuid, w_stream text, w_category text, w_cardinal_hash bigint,
	w_type text, w_data json, w_metadata json, w_expected bigint,
	w_stream_key bigint, w_id_key bigint)
RETURNS TABLE (out_position bigint, out_global_position bigint)
LANGUAGE plpgsql AS $write$
DECLARE
	version bigint;
BEGIN
	PERFORM pg_catalog.pg_advisory_xact_lock(w_stream_key);
	SELECT max(m.position) INTO version FROM ` + q + `.messages m
		WHERE m.stream_name = w_stream;
	version := coalesce(version, -1);
	IF w_expected IS NOT NULL AND w_expected <> version THEN
		RAISE EXCEPTION USING ERRCODE = '` + codeVersionConflict + `',
			MESSAGE = 'stream version conflict', DETAIL = version::text;
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock((w_id_key >> 32)::int4, (w_id_key & 2147483647)::int4);
	IF EXISTS (SELECT 1 FROM ` + q + `.messages m WHERE m.id = w_id) THEN
		RAISE EXCEPTION USING ERRCODE = '` + codeDuplicateID + `',
			MESSAGE = 'duplicate message id ' || w_id::text;
	END IF;
	RETURN QUERY
		INSERT INTO ` + q + `.messages AS m (id, stream_name, category,
			cardinal_hash, type, position, data, metadata)
		VALUES (w_id, w_stream, w_category, w_cardinal_hash, w_type,
			version + 1, w_data, w_metadata)
		RETURNING m.position, m.global_position;
END
$write$;
`
}
