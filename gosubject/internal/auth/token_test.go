package auth

import (
	"regexp"
	"strings"
	"testing"
)

// The suite's fixed token of namespace "default" (the EventoDB contract the conformance suite checks).
const suiteToken = "ns_ZGVmYXVsdA_71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a"

func TestParseTokenReadsTheNamespace(t *testing.T) {
	ns, err := ParseToken(suiteToken)
	if err != nil || ns != "default" {
		t.Fatalf("ParseToken(suite token) = %q, %v; want \"default\"", ns, err)
	}
	for _, name := range []string{"a", "tenant-a", "Tenant_B", "ü", "x-y-z"} {
		token := MakeToken(name, strings.Repeat("ab", 32))
		got, err := ParseToken(token)
		if err != nil || got != name {
			t.Errorf("ParseToken(%q) = %q, %v; want %q", token, got, err, name)
		}
	}
	// Uppercase hex is hexadecimal too.
	if _, err := ParseToken("ns_ZGVmYXVsdA_" + strings.Repeat("AB", 32)); err != nil {
		t.Errorf("uppercase secret: %v", err)
	}
}

func TestParseTokenRejectsMalformedTokens(t *testing.T) {
	secret := strings.Repeat("a", 64)
	cases := map[string]string{
		"":                                   "ns_",
		"nonsense":                           "ns_",
		"ns_ZGVmYXVsdA":                      "form",
		"ns_ZGVmYXVsdA_" + secret[:63]:       "64 hex",
		"ns_ZGVmYXVsdA_" + secret + "a":      "64 hex",
		"ns_ZGVmYXVsdA_" + secret[:63] + "g": "hexadecimal",
		"ns__" + secret:                      "empty",
		"ns_ZGVmYXVsdA=_" + secret:           "base64url",
		"ns_Z_" + secret:                     "base64url",
		"ns_ZGVm_YXVsdA_" + secret:           "form",
	}
	for token, want := range cases {
		_, err := ParseToken(token)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseToken(%q) = %v, want an error mentioning %q", token, err, want)
		}
	}
}

func TestGenerateTokenParsesBack(t *testing.T) {
	form := regexp.MustCompile(`^ns_[A-Za-z0-9_-]+_[0-9a-f]{64}$`)
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		token, err := GenerateToken("tenant-a")
		if err != nil {
			t.Fatal(err)
		}
		if !form.MatchString(token) {
			t.Fatalf("GenerateToken = %q, not ns_<b64>_<64 hex>", token)
		}
		if ns, err := ParseToken(token); err != nil || ns != "tenant-a" {
			t.Fatalf("ParseToken(%q) = %q, %v", token, ns, err)
		}
		if seen[token] {
			t.Fatalf("GenerateToken repeated %q", token)
		}
		seen[token] = true
	}
}

func TestHashTokenIsHexSha256OfTheWholeToken(t *testing.T) {
	// sha256("abc") from FIPS 180-2.
	if got, want := HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Fatalf("HashToken(abc) = %s, want %s", got, want)
	}
	h := HashToken(suiteToken)
	if !HashMatches(suiteToken, h) {
		t.Fatal("HashMatches(token, HashToken(token)) = false")
	}
	if HashMatches(suiteToken[:len(suiteToken)-1]+"b", h) {
		t.Fatal("a different secret matched")
	}
	if HashMatches(suiteToken, strings.ToUpper(h)) {
		t.Fatal("stored hashes are lowercase; uppercase must not match")
	}
}
