package envelope

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// scanLimits are the limits the differential checks run under: the
// defaults, FuzzDecode's, and tight ones that make limits fire often.
var scanLimits = []Limits{{}, {MaxPayload: 64, MaxDepth: 4}, {MaxPayload: 8, MaxDepth: 1}}

// TestScanMatchesDecodeSeeds runs the differential check on every seed of
// FuzzScanMatchesDecode, long ones included.
func TestScanMatchesDecodeSeeds(t *testing.T) {
	t.Parallel()
	for _, in := range scanSeeds() {
		for _, lim := range scanLimits {
			checkScanMatchesTree(t, []byte(in), lim)
		}
	}
}

// checkScanMatchesTree checks that Scan, Decode and the tree-based decoder
// agree on in: the same error, word for word, or the same envelope.
func checkScanMatchesTree(t *testing.T, in []byte, lim Limits) {
	t.Helper()
	want, werr := decodeTree(in, lim)
	var v View
	err := Scan(in, lim, &v)
	got, derr := Decode(in, lim)
	if werr != nil {
		if err == nil || err.Error() != werr.Error() || !sameClass(err, werr) {
			t.Fatalf("Scan(%q, %+v): got %v; want %v", cut(string(in)), lim, err, werr)
		}
		if derr == nil || derr.Error() != werr.Error() || !sameClass(derr, werr) {
			t.Fatalf("Decode(%q, %+v): got %v; want %v", cut(string(in)), lim, derr, werr)
		}
		if !reflect.DeepEqual(v, View{}) {
			t.Fatalf("Scan(%q, %+v): got %+v with the error; want the zero View", cut(string(in)), lim, v)
		}
		return
	}
	if err != nil || derr != nil {
		t.Fatalf("Scan/Decode(%q, %+v): got %v, %v; want success", cut(string(in)), lim, err, derr)
	}
	if e := v.Envelope(); !reflect.DeepEqual(e, want) {
		t.Fatalf("Scan(%q, %+v).Envelope(): got %+v; want %+v", cut(string(in)), lim, e, want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Decode(%q, %+v): got %+v; want %+v", cut(string(in)), lim, got, want)
	}
	if v.HasError && v.Error.Message() != want.Error.Message {
		t.Fatalf("Scan(%q).Error.Message(): got %q; want %q", cut(string(in)), v.Error.Message(), want.Error.Message)
	}
}

// sameClass reports whether a and b match the same sentinels and name the
// same member and version.
func sameClass(a, b error) bool {
	for _, s := range sentinels {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	var fa, fb *FieldError
	if errors.As(a, &fa) != errors.As(b, &fb) || (fa != nil && fa.Field != fb.Field) {
		return false
	}
	var va, vb *VersionError
	return errors.As(a, &va) == errors.As(b, &vb) && (va == nil || va.Got == vb.Got)
}

// scanSeeds returns every input of decodeCases and of the attack tests, and
// the encoding of each envelope in kinds.
func scanSeeds() []string {
	var seeds []string
	for _, tc := range decodeCases {
		seeds = append(seeds, tc.in)
	}
	for _, e := range kinds {
		b, _ := Encode(e, Limits{})
		seeds = append(seeds, string(b))
	}
	// The inputs of attack_test.go, in its order.
	ev := func(members string) string { return msg(toB + `"seq":1,"kind":"event","type":"t",` + members) }
	seeds = append(seeds,
		ev(`"KIND":"close"`), strings.Replace(event, `"postbridge"`, `"POSTBRIDGE"`, 1),
		ev(`"kind":"close"`), ev(`"\u006bind":"close"`), ev(`"k\u0069nd":"close"`),
		msg(`"seq":1,"kind":"hello","__proto__":{"kind":"close","admin":true}`),
		strings.Repeat("[", DefaultMaxPayload+Overhead+1),
		ev(`"payload":"`+strings.Repeat("x", DefaultMaxPayload-1)+`"`),
		ev(`"payload":"`+strings.Repeat("x", DefaultMaxPayload-3)+`"`),
		msg(`"seq":1,"kind":"hello","`+strings.Repeat("k", 10000)+`":1`),
		ev(`"payload":`+nested(32)), ev(`"payload":`+nested(33)), ev(`"payload":`+nested(5000)),
		ev("\"payload\":\"\xff\""), ev("\"payload\":\"\xed\xa0\x80\""), ev(`"payload":"\ud800"`), ev(`"payload":"\udc00\ud800"`),
		msg(toB+`"seq":1,"kind":"close","error":{"code":"X","message":"a\u0000b\n"}`),
		`{"postbridge":7,"channel":"chat","session":"`+alice+`","seq":1,"kind":"hello","flags":["x"]}`,
	)
	for _, raw := range []string{"\x00", "\n", "\x1f"} {
		seeds = append(seeds, msg(toB+`"seq":1,"kind":"close","error":{"code":"X","message":"a`+raw+`b"}`))
	}
	for _, seq := range []string{"9007199254740993", "18446744073709551617", "1" + strings.Repeat("0", 400), "1e400", "1.0", "-1"} {
		seeds = append(seeds, msg(`"seq":`+seq+`,"kind":"hello"`))
	}
	// Escapes everywhere Scan reads text, which Decode reads the same way.
	seeds = append(seeds,
		`{"postbridge":1,"channel":"\u0063hat","session":"alice-session-\u0030001","seq":1,"kind":"h\u0065llo"}`,
		msg(toB+`"seq":1,"kind":"close","error":{"\u0063ode":"\u0041","message":"\ud83d\ude00 \"x\""}`),
		msg(toB+`"seq":1,"kind":"close","error":{"code":"","message":""}`),
		msg(toB+`"seq":1,"kind":"close","error":{"code":"X","message":"`+strings.Repeat(`\n`, 1025)+`"}`),
		`{"postbridge":-0}`, `{"postbridge":-3}`, `{"postbridge":1e0}`, `{"poſtbridge":1}`, `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"Postbridge":1}`,
		msg(toB+`"seq":1,"kind":"event","type":"t","a":1,"b":2,"c":3,"d":4,"e":5,"f":6`),
	)
	return seeds
}

// FuzzScanMatchesDecode checks that Scan and the tree-based decoder accept
// the same messages, refuse the others with the same error, and read the
// same envelope, under several limits.
func FuzzScanMatchesDecode(f *testing.F) {
	for _, in := range scanSeeds() {
		if len(in) <= maxFuzzLen {
			f.Add([]byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzLen {
			return
		}
		for _, lim := range scanLimits {
			checkScanMatchesTree(t, in, lim)
		}
	})
}
