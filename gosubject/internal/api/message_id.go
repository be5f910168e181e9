package api

import (
	"fmt"

	"github.com/google/uuid"
)

// newMessageID is a random (version 4) UUID, lowercase.
func newMessageID() (string, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("generating a message id: %w", err)
	}
	return id.String(), nil
}

// normalizeMessageID accepts a UUID in its 8-4-4-4-12 hexadecimal form and
// returns it lowercase.
func normalizeMessageID(text string) (string, error) {
	if len(text) != 36 {
		return "", fmt.Errorf("%q is not a UUID (8-4-4-4-12 hexadecimal digits)", text)
	}
	out := []byte(text)
	for i, c := range out {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return "", fmt.Errorf("%q is not a UUID (8-4-4-4-12 hexadecimal digits)", text)
			}
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			out[i] = c - 'A' + 'a'
		default:
			return "", fmt.Errorf("%q is not a UUID (8-4-4-4-12 hexadecimal digits)", text)
		}
	}
	return string(out), nil
}
