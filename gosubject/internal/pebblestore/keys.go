package pebblestore

// EventoDB's key schema, per namespace database (numbers are 20-digit
// zero-padded decimals, so keys sort numerically):
//
//	M:{gp20}               the message (codec.go)
//	SI:{stream}:{pos20}    gp20           stream index
//	CI:{category}:{gp20}   stream name    category index
//	VI:{stream}            pos20          stream version
//	GP                     next gp20      global position counter
//	ID:{message id}        gp20           duplicate-id check (not EventoDB's)
//
// and in the metadata database:
//
//	NS:{namespace}         the namespace record (JSON)
//
// Stream and category names are not escaped, as in EventoDB: a scan of
// SI:{stream}: or CI:{category}: also meets keys of names that extend the
// prefix with ':' ("a" and "a:b"), and skips every key whose rest is not
// exactly 20 digits.

const numberWidth = 20

var (
	prefixMessage  = []byte("M:")
	prefixStream   = []byte("SI:")
	prefixCategory = []byte("CI:")
	prefixVersion  = []byte("VI:")
	prefixID       = []byte("ID:")
	prefixNS       = []byte("NS:")
	keyGP          = []byte("GP")
)

// appendNumber appends n (>= 0) as 20 zero-padded digits.
func appendNumber(dst []byte, n int64) []byte {
	var digits [numberWidth]byte
	for i := numberWidth - 1; i >= 0; i-- {
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, digits[:]...)
}

// parseNumber reads a 20-digit number; ok is false for anything else.
func parseNumber(b []byte) (n int64, ok bool) {
	if len(b) != numberWidth {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n >= 0
}

func messageKey(dst []byte, gp int64) []byte {
	return appendNumber(append(dst, prefixMessage...), gp)
}

// streamPrefix is SI:{stream}: (the stream's index keys without position).
func streamPrefix(dst []byte, stream string) []byte {
	return append(append(append(dst, prefixStream...), stream...), ':')
}

func streamKey(dst []byte, stream string, pos int64) []byte {
	return appendNumber(streamPrefix(dst, stream), pos)
}

// categoryPrefix is CI:{category}:.
func categoryPrefix(dst []byte, category string) []byte {
	return append(append(append(dst, prefixCategory...), category...), ':')
}

func categoryKey(dst []byte, category string, gp int64) []byte {
	return appendNumber(categoryPrefix(dst, category), gp)
}

func versionKey(dst []byte, stream string) []byte {
	return append(append(dst, prefixVersion...), stream...)
}

func idKey(dst []byte, id string) []byte {
	return append(append(dst, prefixID...), id...)
}

func namespaceKey(name string) []byte {
	return append(append([]byte(nil), prefixNS...), name...)
}

// prefixEnd is the first key after every key starting with prefix (prefix
// ends in ':' or is ASCII here, so the last byte never overflows).
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	end[len(end)-1]++
	return end
}
