// Package auth holds EventoDB's namespace tokens:
//
//	ns_<base64url, no padding, of the namespace>_<64 hex digits>
//
// A store keeps only HashToken(token), the lowercase hex SHA-256 of the whole
// token text.
//
//	ns, err := auth.ParseToken("ns_ZGVmYXVsdA_71d7...8e9a") // "default"
//	token, err := auth.GenerateToken("tenant-a")
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

const (
	prefix    = "ns_"
	secretHex = 64 // 32 random bytes
)

// ParseToken returns the namespace a token names, or an error saying why the
// text is not a token. It checks the form only; whether the token opens the
// namespace is the store's hash's business.
func ParseToken(token string) (string, error) {
	rest, ok := strings.CutPrefix(token, prefix)
	if !ok {
		return "", errors.New("token does not start with 'ns_'")
	}
	encoded, secret, ok := strings.Cut(rest, "_")
	if !ok || strings.Contains(secret, "_") {
		return "", errors.New("token is not of the form ns_<base64url namespace>_<64 hex digits>")
	}
	if len(secret) != secretHex {
		return "", fmt.Errorf("token secret must be %d hex digits, got %d characters", secretHex, len(secret))
	}
	if _, err := hex.DecodeString(secret); err != nil {
		return "", errors.New("token secret is not hexadecimal")
	}
	name, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	if err != nil {
		return "", errors.New("token namespace part is not base64url without padding")
	}
	if len(name) == 0 {
		return "", errors.New("token names an empty namespace")
	}
	return string(name), nil
}

// MakeToken builds the token of namespace ns with the given secret (64 hex
// digits; not checked).
func MakeToken(ns, secret string) string {
	return prefix + base64.RawURLEncoding.EncodeToString([]byte(ns)) + "_" + secret
}

// GenerateToken returns a fresh token for ns with a random secret.
func GenerateToken(ns string) (string, error) {
	var secret [secretHex / 2]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return "", fmt.Errorf("generating a token secret: %w", err)
	}
	return MakeToken(ns, hex.EncodeToString(secret[:])), nil
}

// HashToken is the lowercase hex SHA-256 of token, as stores keep it.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// HashMatches reports whether token hashes to storedHash, in constant time.
func HashMatches(token, storedHash string) bool {
	return subtle.ConstantTimeCompare([]byte(HashToken(token)), []byte(storedHash)) == 1
}
