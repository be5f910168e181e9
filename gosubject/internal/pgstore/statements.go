package pgstore

// namespaceSQL holds the statements of one namespace, built once when the
// namespace is first used so that no query text is assembled per call. pgx
// prepares each text once per connection and reuses the prepared statement.
type namespaceSQL struct {
	schema string // unquoted schema name

	write        string
	stream       string
	last         string
	lastOfType   string
	version      string
	category     string
	stats        string
	lockMessages string
	count        string
}

// messageColumns are the columns scanMessage reads, in its order.
const messageColumns = `id::text, stream_name, type, position, global_position, data::text, metadata::text, time`

func newNamespaceSQL(schema string) *namespaceSQL {
	q := quoteIdent(schema)
	sel := `SELECT ` + messageColumns + ` FROM ` + q + `.messages `
	return &namespaceSQL{
		schema: schema,
		write: `SELECT out_position, out_global_position FROM ` + q + `.write_message(` +
			`$1::uuid, $2::text, $3::text, $4::bigint, $5::text, $6::json, $7::json, ` +
			`$8::bigint, $9::bigint, $10::bigint)`,
		stream: sel + `WHERE stream_name = $1::text AND position >= $2::bigint ` +
			`AND global_position >= $3::bigint ORDER BY position LIMIT $4::bigint`,
		last:       sel + `WHERE stream_name = $1::text ORDER BY position DESC LIMIT 1`,
		lastOfType: sel + `WHERE stream_name = $1::text AND type = $2::text ORDER BY position DESC LIMIT 1`,
		version:    `SELECT max(position) FROM ` + q + `.messages WHERE stream_name = $1::text`,
		// |h| mod n is computed as |h mod n| (PostgreSQL's % keeps the
		// dividend's sign), which cannot overflow for h = -2^63.
		category: sel + `WHERE category = $1::text AND global_position >= $2::bigint ` +
			`AND ($3::text IS NULL OR split_part(metadata ->> 'correlationStreamName', '-', 1) = $3::text) ` +
			`AND ($4::bigint IS NULL OR abs(cardinal_hash % $4::bigint) = $5::bigint) ` +
			`ORDER BY global_position LIMIT $6::bigint`,
		stats:        `SELECT count(*), count(DISTINCT stream_name), max(time) FROM ` + q + `.messages`,
		lockMessages: `LOCK TABLE ` + q + `.messages IN ACCESS EXCLUSIVE MODE`,
		count:        `SELECT count(*) FROM ` + q + `.messages`,
	}
}
