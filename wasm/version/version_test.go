package version

import (
	"regexp"
	"testing"
)

// TestNumberIsSemver: npm refuses a package whose version is not
// MAJOR.MINOR.PATCH (with an optional pre-release), so make package would.
func TestNumberIsSemver(t *testing.T) {
	if !regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$`).MatchString(Number) {
		t.Fatalf("version.Number is %q: want MAJOR.MINOR.PATCH", Number)
	}
}
