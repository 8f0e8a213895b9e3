package boundary

import (
	"slices"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// TestParseConnectOrigins: origin is one string or a list of strings
// (which the core parses and checks); anything else is BAD_CONFIG naming
// the entry, before the core sees it.
func TestParseConnectOrigins(t *testing.T) {
	cases := []struct {
		name, origin string
		one          string
		list         []string
		err          string
	}{
		{"one string", `"https://shop.example"`, "https://shop.example", nil, ""},
		{"a list", `["https://a.example", "http://b.example:8080"]`, "", []string{"https://a.example", "http://b.example:8080"}, ""},
		{"an empty list", `[]`, "", []string{}, ""}, // the core says BAD_CONFIG: origins is empty
		{"a number entry", `["https://a.example", 443]`, "", nil, "origin must be a string, or an array of strings"},
		{"a null entry", `[null]`, "", nil, "origin must be a string, or an array of strings"},
		{"an object", `{"0": "https://a.example"}`, "", nil, "origin must be a string, or an array of strings"},
		{"a number", `443`, "", nil, "origin must be a string, or an array of strings"},
	}
	for _, c := range cases {
		cfg := `{"config": {"window": {"$window": 1}, "origin": ` + c.origin + `, "channel": "c"}, "idna": {}}`
		got, _, err := parseConnect([]byte(cfg))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "BAD_CONFIG") {
				t.Errorf("%s: got %v; want BAD_CONFIG with %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.core.Origin != c.one || !slices.Equal(got.core.Origins, c.list) || (c.list != nil) != (got.core.Origins != nil) {
			t.Errorf("%s: Origin %q, Origins %q; want %q, %q", c.name, got.core.Origin, got.core.Origins, c.one, c.list)
		}
	}
}

// TestHostASCII: a host the browser mapped is what it says; an ASCII
// host is lower-cased; a Unicode host it did not map is refused, never
// passed through as it is.
func TestHostASCII(t *testing.T) {
	root, err := jsonvalue.Parse([]byte(`{"idna": {"bücher.example": "xn--bcher-kva.example", "Ünknown.example": ""}}`), jsonvalue.Limits{MaxBytes: 1 << 10, MaxDepth: 4})
	if err != nil {
		t.Fatal(err)
	}
	ascii := hostASCII(root)
	for _, c := range []struct{ in, want string }{
		{"bücher.example", "xn--bcher-kva.example"},
		{"Shop.EXAMPLE", ""}, // the loader maps every host, ASCII ones too
		{"büro.example", ""},
		{"Ünknown.example", ""},
	} {
		got, err := ascii(c.in)
		if got != c.want || (err != nil) != (c.want == "") {
			t.Errorf("hostASCII(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
