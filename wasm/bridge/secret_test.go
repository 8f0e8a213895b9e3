package bridge

import (
	"regexp"
	"testing"
)

// TestNewSecret: the length and alphabet Config.Secret accepts, and a
// new value each time.
func TestNewSecret(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for range 100 {
		s := NewSecret()
		if !valid.MatchString(s) || seen[s] {
			t.Fatalf("NewSecret() = %q (seen before: %v); want 43 fresh base64url characters", s, seen[s])
		}
		seen[s] = true
	}
}
