package origin

import (
	"net/netip"
	"testing"
	"unicode"
)

var ipCases = []string{
	"::", "::1", "1::", "1::2", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
	"1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3::6:7:8", "ABCD:ef01::", "0:0:0:0:0:0:0:0", "fe80::1",
	"1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:::2", "12345::", "1:2:3:4:5:6:7", "1.2.3.4", "::1.2.3", "::1.2.3.4.5",
	"::01.2.3.4", "::256.1.1.1", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "", ":", ":::", "g::",
	"::ffff:0.0.0.0", "1:2:3:4:5::1.2.3.4", "::1:2:3:4:5:6:7", "1::2:3:4:5:6:7", "1:2:3:4:5:6::7",
}

// ipv6 agrees with net/netip on which strings are IPv6 addresses without
// a zone, and on their value.
func TestIPv6MatchesNetip(t *testing.T) {
	for _, s := range ipCases {
		checkIPv6(t, s)
	}
}

func checkIPv6(t *testing.T, s string) {
	t.Helper()
	got, ok := ipv6(s)
	a, err := netip.ParseAddr(s)
	want := err == nil && a.Is6() && a.Zone() == ""
	if ok != want || ok && got != a.As16() {
		t.Errorf("ipv6(%q) = %v, %t; net/netip says %v, %v", s, got, ok, a, err)
	}
}

func FuzzIPv6(f *testing.F) {
	for _, s := range ipCases {
		f.Add(s)
	}
	f.Fuzz(checkIPv6)
}

// canonicalIPv4 accepts exactly what net/netip parses as IPv4 and writes
// back unchanged.
func TestCanonicalIPv4(t *testing.T) {
	for _, s := range []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..3.4", "", "1.2.3.4.", ".1.2.3", "a.b.c.d", "127.1", "0x7f.0.0.1"} {
		a, err := netip.ParseAddr(s)
		want := err == nil && a.Is4() && a.String() == s
		if got := canonicalIPv4(s); got != want {
			t.Errorf("canonicalIPv4(%q) = %t; want %t", s, got, want)
		}
	}
}

// isSpace is unicode.IsSpace, plus the byte order mark, for every rune.
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isSpace(r), unicode.IsSpace(r) || r == '\uFEFF'; got != want {
			t.Errorf("isSpace(%U) = %t; want %t", r, got, want)
		}
	}
}
