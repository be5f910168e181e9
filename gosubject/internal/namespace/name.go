// Package namespace holds the rules for namespace names, which become file,
// directory and schema names in the stores.
//
//	if err := namespace.Validate(name); err != nil { ... 400 ... }
package namespace

import "fmt"

// Default is the namespace the --token administers; it always exists.
const Default = "default"

// MaxNameLength is the longest namespace name, in bytes.
const MaxNameLength = 64

// Validate returns nil for a usable namespace name: 1 to MaxNameLength
// ASCII letters, digits, '-' and '_', starting with a letter or digit (so a
// name is never "", ".", "..", a path or the pebble store's "_metadata").
// Otherwise the error says which rule the name breaks.
func Validate(name string) error {
	if name == "" {
		return fmt.Errorf("namespace name must not be empty")
	}
	if len(name) > MaxNameLength {
		return fmt.Errorf("namespace name is %d bytes long; at most %d allowed", len(name), MaxNameLength)
	}
	if !isAlnum(name[0]) {
		return fmt.Errorf("namespace name %q must start with a letter or digit", name)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && c != '-' && c != '_' {
			return fmt.Errorf("namespace name %q may contain only letters, digits, '-' and '_'", name)
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
