package origin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/origin"
)

// allowEntries is the configuration the allowsCases are checked against.
var allowEntries = []string{
	"https://app.example.com",
	"http://main.localhost:8080",
	"HTTPS://Bücher.example/", // stored as https://xn--bcher-kva.example
	"http://[::1]:8080",
	"http://main.localhost:8080/", // a duplicate once canonical
}

// allowsCases are origins as an attacker or a browser might report them.
// Each refused one defeats a naive check (prefix, substring, case folding,
// trimming, URL parsing).
var allowsCases = []struct {
	in   string
	want bool
}{
	{"https://app.example.com", true},
	{"http://main.localhost:8080", true},
	{"https://xn--bcher-kva.example", true},
	{"http://[::1]:8080", true},

	// Prefix and suffix tricks.
	{"http://main.localhost:8080.evil.example", false},
	{"http://main.localhost.evil.localhost:8082", false},
	{"http://main.localhost:80800", false},
	{"http://main.localhost:808", false},
	{"http://main.localhost", false},
	{"https://app.example.com.evil.example", false},
	{"https://app.example.community", false},
	{"https://evil-app.example.com", false},
	{"https://evilapp.example.com", false},
	{"https://app.example.co", false},
	{"https://app.example.com:8443", false},
	{"https://sub.app.example.com", false},

	// Scheme swap and case.
	{"http://app.example.com", false},
	{"https://main.localhost:8080", false},
	{"wss://app.example.com", false},
	{"HTTPS://app.example.com", false},
	{"https://APP.example.com", false},
	{"Http://main.localhost:8080", false},

	// Spellings a URL parser would normalise away.
	{"https://app.example.com:443", false},
	{"https://app.example.com/", false},
	{"https://app.example.com.", false},
	{"https://app.example.com/path", false},
	{"https://app.example.com?", false},
	{"https://app.example.com#", false},
	{"http://[0:0::1]:8080", false},
	{"http://[::0001]:8080", false},
	{"http://main.localhost:08080", false},

	// User info, opaque and empty origins.
	{"http://main.localhost:8080@evil.example", false},
	{"https://app.example.com@evil.example", false},
	{"https://user@app.example.com", false},
	{"null", false},
	{"", false},
	{"*", false},

	// Whitespace, controls and invisible characters.
	{" https://app.example.com", false},
	{"https://app.example.com ", false},
	{"https://app.example.com\n", false},
	{"https://app.example.com\x00", false},
	{"\ufeffhttps://app.example.com", false},
	{"https://app.exa\tmple.com", false},

	// Unicode and look-alike forms of the IDN entry.
	{"https://bücher.example", false},
	{"https://Bücher.example", false},
	{"https://XN--BCHER-KVA.example", false},
	{"https://xn--bcher-kva.example.", false},

	// Long input is refused without comparing.
	{"https://app.example.com" + strings.Repeat("/", origin.MaxLength), false},
}

func TestAllows(t *testing.T) {
	t.Parallel()
	a, err := origin.NewAllowlist(allowEntries...)
	if err != nil {
		t.Fatalf("NewAllowlist(%q): %v", allowEntries, err)
	}
	for _, c := range allowsCases {
		t.Run(testName(c.in), func(t *testing.T) {
			t.Parallel()
			if got := a.Allows(c.in); got != c.want {
				t.Errorf("Allows(%q): got %v; want %v", c.in, got, c.want)
			}
		})
	}
}

func TestAllowsDoesNotAllocate(t *testing.T) {
	a, err := origin.NewAllowlist(allowEntries...)
	if err != nil {
		t.Fatalf("NewAllowlist(%q): %v", allowEntries, err)
	}
	for _, c := range allowsCases {
		if n := testing.AllocsPerRun(100, func() { a.Allows(c.in) }); n != 0 {
			t.Errorf("Allows(%q): got %v allocations; want 0", c.in, n)
		}
	}
}

func TestNilAllowlist(t *testing.T) {
	t.Parallel()
	var a *origin.Allowlist
	if a.Allows("https://app.example.com") || a.Contains(origin.MustParse("https://app.example.com")) || a.Origins() != nil {
		t.Error("nil *Allowlist: got something allowed; want nothing")
	}
	var zero origin.Allowlist
	if zero.Allows("") || zero.Contains(origin.Origin{}) {
		t.Error("zero Allowlist: got something allowed; want nothing")
	}
}

func TestNewAllowlistDeduplicates(t *testing.T) {
	t.Parallel()
	a, err := origin.NewAllowlist(allowEntries...)
	if err != nil {
		t.Fatalf("NewAllowlist(%q): %v", allowEntries, err)
	}
	got := a.Origins()
	want := []string{"https://app.example.com", "http://main.localhost:8080", "https://xn--bcher-kva.example", "http://[::1]:8080"}
	if len(got) != len(want) {
		t.Fatalf("NewAllowlist(%q).Origins(): got %v; want %q", allowEntries, got, want)
	}
	for i := range got {
		if got[i].String() != want[i] || !a.Contains(got[i]) {
			t.Errorf("NewAllowlist(%q).Origins()[%d]: got %q; want %q", allowEntries, i, got[i].String(), want[i])
		}
	}
	got[0] = origin.Origin{}
	if a.Origins()[0].IsZero() {
		t.Error("Origins(): changing the returned slice changed the allowlist")
	}
}

func TestNewAllowlistReportsEveryEntry(t *testing.T) {
	t.Parallel()
	in := []string{"https://ok.example", "https://*.example.com", "http://localhost:0", "null"}
	a, err := origin.NewAllowlist(in...)
	if a != nil || err == nil {
		t.Fatalf("NewAllowlist(%q): got %v, %v; want an error", in, a, err)
	}
	for _, want := range []error{origin.ErrWildcard, origin.ErrPort, origin.ErrNull} {
		if !errors.Is(err, want) {
			t.Errorf("NewAllowlist(%q): got %v; want it to match %v", in, err, want)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Errorf("NewAllowlist(%q): got %d lines in %q; want 3, one per bad entry", in, n, err)
	}
	if errors.Is(err, origin.ErrEmpty) {
		t.Errorf("NewAllowlist(%q): got %v; want no ErrEmpty", in, err)
	}
}

func TestNewAllowlistEmpty(t *testing.T) {
	t.Parallel()
	if a, err := origin.NewAllowlist(); a != nil || !errors.Is(err, origin.ErrEmptyAllowlist) {
		t.Errorf("NewAllowlist(): got %v, %v; want ErrEmptyAllowlist", a, err)
	}
	if _, err := origin.NewAllowlist(""); !errors.Is(err, origin.ErrEmpty) {
		t.Errorf(`NewAllowlist(""): got %v; want ErrEmpty`, err)
	}
}

func BenchmarkAllows(b *testing.B) {
	a, err := origin.NewAllowlist(allowEntries...)
	if err != nil {
		b.Fatalf("NewAllowlist(%q): %v", allowEntries, err)
	}
	for _, in := range []string{
		"https://app.example.com",                                         // first entry
		"http://[::1]:8080",                                               // last entry
		"http://main.localhost.evil.localhost:8082",                       // miss
		"https://app.example.com" + strings.Repeat("/", origin.MaxLength), // over the cap
	} {
		b.Run(testName(in), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a.Allows(in)
			}
		})
	}
}
