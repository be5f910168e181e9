package namespace

import (
	"strings"
	"testing"
)

func TestValidateAcceptsPlainNames(t *testing.T) {
	for _, name := range []string{"default", "a", "0", "tenant-a", "Tenant_B", "x" + strings.Repeat("y", MaxNameLength-1)} {
		if err := Validate(name); err != nil {
			t.Errorf("Validate(%q) = %v, want nil", name, err)
		}
	}
}

func TestValidateRejectsPathsAndOddNames(t *testing.T) {
	cases := map[string]string{
		"":                                   "empty",
		"../etc":                             "start",
		"_metadata":                          "start",
		"-a":                                 "start",
		"a/b":                                "only letters",
		"a.b":                                "only letters",
		"ü":                                  "start",
		"a b":                                "only letters",
		strings.Repeat("a", MaxNameLength+1): "at most",
	}
	for name, want := range cases {
		err := Validate(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%q) = %v, want an error mentioning %q", name, err, want)
		}
	}
}
