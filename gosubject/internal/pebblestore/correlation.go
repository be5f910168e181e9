package pebblestore

import (
	"encoding/json"

	"mdbprof/gosubject/internal/msgdb"
)

// correlated reports whether metadata's correlationStreamName belongs to
// category (Message DB's correlation filter).
func correlated(metadata *string, category string) bool {
	if metadata == nil {
		return false
	}
	var m struct {
		CorrelationStreamName *string `json:"correlationStreamName"`
	}
	if json.Unmarshal([]byte(*metadata), &m) != nil || m.CorrelationStreamName == nil {
		return false
	}
	return msgdb.Category(*m.CorrelationStreamName) == category
}
