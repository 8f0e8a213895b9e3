package relay

import (
	"encoding/json"
	"strings"
	"testing"
)

var roomCases = []struct {
	in   string
	want bool
}{
	{"demo", true},
	{"D", true},
	{"7", true},
	{"a.b_c:d-e", true},
	{"tap:main.localhost:8080", true},
	{strings.Repeat("x", 64), true},
	{"", false},
	{strings.Repeat("x", 65), false},
	{"*", false}, // AllRooms is a subscription, not a room
	{".hidden", false},
	{"_x", false},
	{":x", false},
	{"-x", false},
	{"a b", false},
	{"a/b", false},
	{"a\"b", false},
	{"a\\b", false},
	{"<script>", false},
	{"demo\x00", false},
	{"demo\n", false},
	{"dеmo", false}, // Cyrillic е: looks like "demo"
	{"ｄemo", false}, // full-width d
	{"demo\u200b", false},
}

func TestValidRoom(t *testing.T) {
	t.Parallel()
	for _, tc := range roomCases {
		if got := ValidRoom(tc.in); got != tc.want {
			t.Errorf("ValidRoom(%q): got %v; want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzValidRoom checks the property appendMsg relies on: a valid room needs
// no JSON escaping.
func FuzzValidRoom(f *testing.F) {
	for _, tc := range roomCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidRoom(s) {
			return
		}
		b, err := json.Marshal(s)
		if err != nil || string(b) != `"`+s+`"` || len(s) > 64 {
			t.Fatalf("ValidRoom(%q) = true but it encodes as %s", s, b)
		}
	})
}
