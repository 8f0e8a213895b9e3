package jsonvalue

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestValidMembers checks ValidMembers against Parse on every case of the
// parse table, with room for all members, for some and for none.
func TestValidMembers(t *testing.T) {
	t.Parallel()
	for _, tc := range parseCases {
		for _, room := range []int{0, 2, 64} {
			checkMembersMatchParse(t, []byte(tc.in), Limits{}, room)
		}
	}
	for _, tc := range keyFloods {
		checkMembersMatchParse(t, []byte(tc.in), Limits{}, 8)
	}
}

// checkMembersMatchParse checks that ValidMembers gives Parse's verdict and
// its top-level members, and that AppendUnquote decodes each key and each
// string value to the text Parse gives.
func checkMembersMatchParse(t *testing.T, in []byte, lim Limits, room int) {
	t.Helper()
	v, perr := Parse(in, lim)
	dst := make([]RawMember, room)
	kind, n, err := ValidMembers(in, lim, dst)
	if perr != nil {
		if err == nil || err.Error() != perr.Error() || kind != Invalid || n != 0 {
			t.Fatalf("ValidMembers(%q): got %v, %d, %v; want invalid, 0, %v", short(string(in)), kind, n, err, perr)
		}
		return
	}
	if err != nil || kind != v.Kind() || n != len(v.Members()) {
		t.Fatalf("ValidMembers(%q): got %v, %d, %v; want %v, %d, success", short(string(in)), kind, n, err, v.Kind(), len(v.Members()))
	}
	for i, m := range v.Members() {
		if i >= room {
			break
		}
		got := dst[i]
		key, err := AppendUnquote(nil, got.Key)
		if err != nil || string(key) != m.Key || !bytes.Equal(got.Value, m.Value.Raw()) || got.Kind != m.Value.Kind() {
			t.Fatalf("ValidMembers(%q) member %d: got %q (%q, %v) %q %v; want %q %q %v",
				short(string(in)), i, got.Key, key, err, got.Value, got.Kind, m.Key, m.Value.Raw(), m.Value.Kind())
		}
		if m.Value.Kind() == String {
			if s, err := AppendUnquote([]byte("x"), got.Value); err != nil || string(s) != "x"+m.Value.Str() {
				t.Fatalf("AppendUnquote(x, %q): got %q, %v; want %q", got.Value, s, err, "x"+m.Value.Str())
			}
		}
	}
}

func TestAppendUnquote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{`""`, "", nil},
		{`"plain"`, "plain", nil},
		{`"\u0061\/\\\"\b\f\n\r\t"`, "a/\\\"\b\f\n\r\t", nil},
		{`"\uD83D\uDE00 caf\u00e9"`, "😀 café", nil},
		{``, "", ErrSyntax},
		{`x`, "", ErrSyntax},
		{`"a`, "", ErrSyntax},
		{`"a" `, "", ErrSyntax},
		{` "a"`, "", ErrSyntax},
		{`"a""b"`, "", ErrSyntax},
		{`"\x"`, "", ErrSyntax},
		{"\"\t\"", "", ErrSyntax},
		{`"\ud800"`, "", ErrUTF8},
		{"\"\xff\"", "", ErrUTF8},
	} {
		got, err := AppendUnquote([]byte("keep:"), []byte(tc.in))
		want := "keep:" + tc.want
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || string(got) != want {
			t.Errorf("AppendUnquote(keep:, %q): got %q, %v; want %q, %v", tc.in, got, err, want, tc.err)
		}
	}
}

// TestValidAllocs checks that Valid and ValidMembers allocate nothing for
// the accepted cases of the parse table whose keys have no escapes, nor for
// the floods of full small objects.
func TestValidAllocs(t *testing.T) {
	dst := make([]RawMember, 4)
	check := func(name string, in []byte) {
		if n := testing.AllocsPerRun(20, func() { _ = Valid(in, Limits{}) }); n != 0 {
			t.Errorf("Valid(%s): got %v allocations; want none", name, n)
		}
		if n := testing.AllocsPerRun(20, func() { _, _, _ = ValidMembers(in, Limits{}, dst) }); n != 0 {
			t.Errorf("ValidMembers(%s): got %v allocations; want none", name, n)
		}
	}
	for _, tc := range parseCases {
		if tc.want == nil && !strings.Contains(tc.in, `\`) {
			check(tc.name, []byte(tc.in))
		}
	}
	check("full small objects", []byte(keyFloods[2].in))
	check("32 keys", []byte(manyKeys(32, "")))
	// Escaped keys cost one buffer per call, not one string per key.
	in := []byte(`[{"\u0061":1,"\u0062":2},{"\u0061":1,"\u0062":2}]`)
	if n := testing.AllocsPerRun(20, func() { _ = Valid(in, Limits{}) }); n > 1 {
		t.Errorf("Valid(%s): got %v allocations; want at most 1", in, n)
	}
}

// FuzzValidMembers checks ValidMembers and AppendUnquote against Parse.
func FuzzValidMembers(f *testing.F) {
	for _, tc := range parseCases {
		if len(tc.in) <= maxFuzzLen {
			f.Add([]byte(tc.in), uint8(3))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte, room uint8) {
		if len(in) > maxFuzzLen {
			return
		}
		checkMembersMatchParse(t, in, Limits{MaxBytes: 256, MaxDepth: 8}, int(room%32))
		// A string literal on its own: AppendUnquote agrees with Parse.
		if len(bytes.TrimSpace(in)) != len(in) {
			return // Parse skips the space, AppendUnquote refuses it
		}
		v, err := Parse(in, Limits{})
		got, uerr := AppendUnquote(nil, in)
		if (err == nil && v.Kind() == String) != (uerr == nil) || (uerr == nil && string(got) != v.Str()) {
			t.Fatalf("AppendUnquote(%q): got %q, %v; Parse got %q, %v", in, got, uerr, v.Str(), err)
		}
	})
}

func BenchmarkValidMembers(b *testing.B) {
	event := []byte(`{"postbridge":1,"channel":"chat","session":"s3cr3t-n0nce-AAAAAAAA","to":"peer-n0nce-BBBBBBBBBB","seq":42,"kind":"event","type":"message.posted","payload":{"text":"hi there","n":3}}`)
	var dst [10]RawMember
	b.ReportAllocs()
	b.SetBytes(int64(len(event)))
	for b.Loop() {
		if _, _, err := ValidMembers(event, Limits{}, dst[:]); err != nil {
			b.Fatal(err)
		}
	}
}
