package sqlitestore

// EventoDB's SQLite schema. The metadata database holds the namespace
// registry; each namespace has a database file of its own, NAME.db in the
// data dir, holding Message DB's messages table. Times are Unix seconds.
const metadataSchema = `
CREATE TABLE IF NOT EXISTS namespaces (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    db_path TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at INTEGER NOT NULL,
    metadata TEXT
);
CREATE INDEX IF NOT EXISTS idx_namespaces_token_hash ON namespaces(token_hash);
`

// categoryExpr is the category of stream_name, spelled exactly as in the
// messages_category index so that queries on it use the index.
const categoryExpr = `substr(stream_name, 1, CASE WHEN instr(stream_name, '-') > 0 THEN instr(stream_name, '-') - 1 ELSE length(stream_name) END)`

const namespaceSchema = `
CREATE TABLE IF NOT EXISTS messages (
    id TEXT NOT NULL,
    stream_name TEXT NOT NULL,
    type TEXT NOT NULL,
    position INTEGER NOT NULL,
    global_position INTEGER PRIMARY KEY AUTOINCREMENT,
    data TEXT,
    metadata TEXT,
    time INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages (id);
CREATE UNIQUE INDEX IF NOT EXISTS messages_stream ON messages (stream_name, position);
CREATE INDEX IF NOT EXISTS messages_category ON messages (` + categoryExpr + `, global_position);
`

const messageColumns = `id, stream_name, type, position, global_position, data, metadata, time`

// The prepared statements of a namespace database.
const (
	sqlStreamVersion = `SELECT MAX(position) FROM messages WHERE stream_name = ?`
	sqlInsert        = `INSERT INTO messages (id, stream_name, type, position, data, metadata, time) VALUES (?, ?, ?, ?, ?, ?, ?)`
	// LIMIT -1 is SQLite's "no limit" (store.Unlimited).
	sqlStreamGet = `SELECT ` + messageColumns + ` FROM messages
        WHERE stream_name = ? AND position >= ? AND global_position >= ?
        ORDER BY position LIMIT ?`
	sqlStreamLast = `SELECT ` + messageColumns + ` FROM messages
        WHERE stream_name = ? ORDER BY position DESC LIMIT 1`
	sqlStreamLastOfType = `SELECT ` + messageColumns + ` FROM messages
        WHERE stream_name = ? AND type = ? ORDER BY position DESC LIMIT 1`
	sqlCategoryGet = `SELECT ` + messageColumns + ` FROM messages
        WHERE ` + categoryExpr + ` = ? AND global_position >= ?
        ORDER BY global_position`
	// Message DB's correlation filter: the category of
	// metadata.correlationStreamName is ?3.
	sqlCategoryGetCorrelated = `SELECT ` + messageColumns + ` FROM messages
        WHERE ` + categoryExpr + ` = ?1 AND global_position >= ?2
          AND (json_extract(metadata, '$.correlationStreamName') = ?3
               OR substr(json_extract(metadata, '$.correlationStreamName'), 1, length(?3) + 1) = ?3 || '-')
        ORDER BY global_position`
	sqlStats = `SELECT COUNT(*), COUNT(DISTINCT stream_name), MAX(time) FROM messages`
)
