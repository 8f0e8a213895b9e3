package envelope

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestScan runs decodeCases through Scan: the same verdict as Decode's
// table, and the same error text, fields and envelope as the tree-based
// decoder.
func TestScan(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v View
			err := Scan([]byte(tc.in), Limits{}, &v)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("Scan(%q): got %v; want %v", cut(tc.in), err, tc.want)
			}
			var fe *FieldError
			if tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field) {
				t.Errorf("Scan(%q): got %v; want a *FieldError for %q", cut(tc.in), err, tc.field)
			}
			for _, lim := range scanLimits {
				checkScanMatchesTree(t, []byte(tc.in), lim)
			}
		})
	}
}

// TestScanAliases checks that the view's slices are the message's bytes,
// not copies: overwriting the message changes them.
func TestScanAliases(t *testing.T) {
	t.Parallel()
	in := []byte(msg(toB + `"seq":5,"kind":"error","type":"sum","id":7,"error":{"code":"NOT_FOUND","message":"no such sum"}`))
	var v View
	if err := Scan(in, Limits{}, &v); err != nil {
		t.Fatal(err)
	}
	fields := [][]byte{v.Channel, v.Session, v.To, v.Type, v.Error.Code, v.Error.Quoted}
	for i := range in {
		in[i] = 'X'
	}
	for _, b := range fields {
		if len(b) == 0 || strings.Trim(string(b), "X") != "" {
			t.Errorf("Scan: got a field %q that does not alias the message", b)
		}
	}
	in = []byte(event)
	if err := Scan(in, Limits{}, &v); err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(in, v.Payload)
	in[at+1] = 'X'
	if v.Payload[1] != 'X' {
		t.Errorf("Scan(%q): got payload %q that does not alias the message", cut(event), v.Payload)
	}
}

// TestScanAbsentOrNull checks that an absent payload is nil and a null one
// the text null; an absent fault is HasError false.
func TestScanAbsentOrNull(t *testing.T) {
	t.Parallel()
	var v View
	for in, want := range map[string][]byte{
		msg(toB + `"seq":1,"kind":"event","type":"t"`):                nil,
		msg(toB + `"seq":1,"kind":"event","type":"t","payload":null`): []byte("null"),
		msg(toB + `"seq":1,"kind":"event","type":"t","payload":"\n"`): []byte(`"\n"`),
	} {
		if err := Scan([]byte(in), Limits{}, &v); err != nil || (v.Payload == nil) != (want == nil) || !bytes.Equal(v.Payload, want) || v.HasError {
			t.Errorf("Scan(%q): got payload %q, error member %v, %v; want %q and none", cut(in), v.Payload, v.HasError, err, want)
		}
	}
}

func TestFaultViewMessage(t *testing.T) {
	in := msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"a\u0000b\n\"\u00e9\ud83d\ude00"}`)
	var v View
	if err := Scan([]byte(in), Limits{}, &v); err != nil {
		t.Fatal(err)
	}
	const want = "a\x00b\n\"é😀"
	if got := v.Error.Message(); got != want {
		t.Errorf("Message(): got %q; want %q", got, want)
	}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = v.Error.AppendMessage(buf[:0]) }); n != 0 || string(buf) != want {
		t.Errorf("AppendMessage: got %q in %v allocations; want %q in none", buf, n, want)
	}
}

// TestScanAllocs checks that Scan allocates nothing for the accepted
// messages of decodeCases and the envelopes of kinds, except where a member
// name is written with escapes.
func TestScanAllocs(t *testing.T) {
	inputs := map[string]string{}
	for _, tc := range decodeCases {
		if tc.want == nil {
			inputs[tc.name] = tc.in
		}
	}
	for _, e := range kinds {
		b, _ := Encode(e, Limits{})
		inputs["kinds/"+string(e.Kind)+"/"+strconv.Itoa(len(b))] = string(b)
	}
	var v View
	for name, in := range inputs {
		data := []byte(in)
		want := 0.0
		if name == "escaped member name" {
			want = 1 // the decoded name, once per message
		}
		if n := testing.AllocsPerRun(100, func() { _ = Scan(data, Limits{}, &v) }); n != want {
			t.Errorf("Scan(%s): got %v allocations; want %v", name, n, want)
		}
	}
}

// TestAppendAllocs checks that Append allocates nothing when dst has room.
func TestAppendAllocs(t *testing.T) {
	buf := make([]byte, 0, 1024)
	for _, e := range kinds {
		var err error
		if n := testing.AllocsPerRun(100, func() { buf, err = e.Append(buf[:0], Limits{}) }); n != 0 || err != nil {
			t.Errorf("Append(%+v): got %v allocations, %v; want none", e, n, err)
		}
	}
}

func BenchmarkScan(b *testing.B) {
	in := []byte(event)
	var v View
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if err := Scan(in, Limits{}, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanTable(b *testing.B) {
	var v View
	for _, tc := range decodeCases {
		in := []byte(tc.in)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Scan(in, Limits{}, &v)
			}
		})
	}
}

// keyFloodEvent is an event whose payload is an object with as many keys as
// fit in DefaultMaxPayload: the worst case for the duplicate-key check.
func keyFloodEvent() string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; ; i++ {
		s := `"` + strconv.Itoa(i) + `":0`
		if b.Len()+len(s)+2 > DefaultMaxPayload {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	b.WriteByte('}')
	return msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + b.String())
}

func BenchmarkKeyFlood(b *testing.B) {
	in := []byte(keyFloodEvent())
	b.Run("Scan", func(b *testing.B) {
		var v View
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			if err := Scan(in, Limits{}, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			if _, err := Decode(in, Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
