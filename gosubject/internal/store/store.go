// Package store is the storage interface of the Go subject, one
// implementation per backend (sqlitestore, pebblestore, pgstore). It speaks
// Message DB semantics per namespace; the RPC layer above it validates
// arguments and shapes JSON.
//
// Error contract (every method; the RPC layer maps them to HTTP errors):
//
//	ErrInvalid           input the backend cannot accept, e.g. a duplicate
//	                     message id -> 400 INVALID_REQUEST
//	ErrNamespaceNotFound the namespace does not exist -> 404
//	ErrVersionConflict   WriteMessage: expected version mismatch -> 409
//	ErrNamespaceExists   CreateNamespace: the namespace exists -> 409
//	any other error      backend failure -> 500 BACKEND_ERROR
//
// Errors are wrapped with fmt.Errorf("...: %w", ErrX) so errors.Is works and
// the message names the namespace or stream.
//
// Every method may be called concurrently. Writes to one namespace are atomic
// and linearizable (the expected-version check is made inside the write's
// transaction); reads see every write that returned before the read started.
package store

import (
	"context"
	"errors"
	"time"
)

var (
	ErrInvalid           = errors.New("invalid request")
	ErrNamespaceNotFound = errors.New("namespace not found")
	ErrNamespaceExists   = errors.New("namespace exists")
	ErrVersionConflict   = errors.New("stream version conflict")
)

// Unlimited is the BatchSize meaning "no limit".
const Unlimited = -1

// NewMessage is a message to append. Data and Metadata are JSON texts
// produced by the caller; the store keeps them verbatim.
type NewMessage struct {
	ID         string // UUID text, unique within the namespace
	StreamName string // "category-id" (or a bare category)
	Type       string // non-empty
	Data       string // JSON text
	Metadata   *string
	// ExpectedVersion is the last position the writer saw; -1 means the
	// stream must be empty; nil means no check.
	ExpectedVersion *int64
}

// WriteResult is where a written message landed.
type WriteResult struct {
	Position       int64 // 0-based position in the stream
	GlobalPosition int64 // 1-based, grows across the namespace
}

// Message is a stored message as read back.
type Message struct {
	ID             string
	StreamName     string
	Type           string
	Position       int64
	GlobalPosition int64
	Data           string  // JSON text, as written
	Metadata       *string // JSON text; nil = null
	Time           time.Time
}

// StreamQuery selects messages of one stream with Position >= Position and
// GlobalPosition >= GlobalPosition, ascending by position.
type StreamQuery struct {
	StreamName     string
	Position       int64
	GlobalPosition int64
	BatchSize      int64 // > 0, or Unlimited
}

// ConsumerGroup is Message DB's: a stream belongs to member
// |Hash64(CardinalID(stream))| mod Size.
type ConsumerGroup struct {
	Member int64 // 0 <= Member < Size
	Size   int64 // >= 1
}

// CategoryQuery selects messages of every stream in Category with
// GlobalPosition >= GlobalPosition, ascending by global position.
type CategoryQuery struct {
	Category       string // contains no '-'
	GlobalPosition int64
	BatchSize      int64 // > 0, or Unlimited
	// Correlation keeps only messages whose metadata.correlationStreamName
	// has this category; "" = no filter.
	Correlation   string
	ConsumerGroup *ConsumerGroup
}

// Namespace is a registered namespace.
type Namespace struct {
	Name        string
	TokenHash   string // lowercase hex SHA-256 of the namespace's token
	Description string
	CreatedAt   time.Time
}

// NamespaceStats summarises a namespace's messages.
type NamespaceStats struct {
	MessageCount int64
	StreamCount  int64
	LastActivity *time.Time // time of the newest message; nil when empty
}

// Store is implemented once per backend.
type Store interface {
	// CreateNamespace registers ns and provisions its storage.
	CreateNamespace(ctx context.Context, ns Namespace) error
	// DeleteNamespace drops the namespace and its messages; it returns how
	// many messages were deleted.
	DeleteNamespace(ctx context.Context, name string) (int64, error)
	// SetTokenHash replaces the namespace's token hash.
	SetTokenHash(ctx context.Context, name, tokenHash string) error
	// FindNamespace returns nil, nil when the namespace does not exist.
	FindNamespace(ctx context.Context, name string) (*Namespace, error)
	// ListNamespaces returns every namespace, ordered by name (bytewise).
	ListNamespaces(ctx context.Context) ([]Namespace, error)
	NamespaceStats(ctx context.Context, name string) (NamespaceStats, error)

	// The message methods return ErrNamespaceNotFound for a missing ns.
	WriteMessage(ctx context.Context, ns string, m NewMessage) (WriteResult, error)
	GetStreamMessages(ctx context.Context, ns string, q StreamQuery) ([]Message, error)
	// GetLastStreamMessage returns the stream's last message (the last of
	// msgType when it is not ""), or nil when there is none.
	GetLastStreamMessage(ctx context.Context, ns, stream, msgType string) (*Message, error)
	// GetStreamVersion returns the position of the stream's last message,
	// or nil for an empty stream.
	GetStreamVersion(ctx context.Context, ns, stream string) (*int64, error)
	GetCategoryMessages(ctx context.Context, ns string, q CategoryQuery) ([]Message, error)

	// Ping is a cheap round trip to the backend.
	Ping(ctx context.Context) error
	Close() error
}
