package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// FuzzParseFrame: any text is either refused with a typed error or read
// into a frame the store takes without panicking; a msg frame's data is
// an object; and whatever becomes a row exports as valid JSON.
func FuzzParseFrame(f *testing.F) {
	for _, c := range frameCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fr, err := model.ParseFrame([]byte(in))
		if err != nil {
			var pe *model.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseFrame(%q): got untyped error %v", in, err)
			}
			return
		}
		if fr.Op == model.OpMsg && !json.Valid(fr.Data) {
			t.Fatalf("ParseFrame(%q): got msg data %q that is not JSON", in, fr.Data)
		}
		s := model.NewStore(4)
		s.Add(fr)
		b, err := model.Export(s.Records())
		if err != nil || !json.Valid(b) {
			t.Fatalf("Export after ParseFrame(%q): got %q, %v", in, b, err)
		}
	})
}

// FuzzParseRecord: refused with a typed error, or a record whose latency
// is never negative.
func FuzzParseRecord(f *testing.F) {
	for _, c := range recordCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := model.ParseRecord([]byte(in))
		if err != nil {
			var pe *model.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseRecord(%q): got untyped error %v", in, err)
			}
			return
		}
		if r.Latency < 0 {
			t.Fatalf("ParseRecord(%q): got latency %v", in, r.Latency)
		}
	})
}

// FuzzPretty: indenting never changes the JSON value, and text that is
// not JSON comes back untouched.
func FuzzPretty(f *testing.F) {
	for _, c := range prettyCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := model.Pretty(in)
		if !ok {
			if out != in {
				t.Fatalf("Pretty(%q): got %q for text that is not JSON; want it unchanged", in, out)
			}
			return
		}
		// Compare texts, not decoded values: 1E700 is JSON that no
		// float64 holds (the regression seed in testdata).
		var a, b bytes.Buffer
		if json.Compact(&a, []byte(in)) != nil || json.Compact(&b, []byte(out)) != nil {
			t.Fatalf("Pretty(%q): got %q, ok for text that is not JSON", in, out)
		}
		if a.String() != b.String() {
			t.Fatalf("Pretty(%q): got %q, a different text", in, out)
		}
	})
}

// FuzzSparkline: whatever the numbers, the markup holds only the chart.
func FuzzSparkline(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 120, 240, 48)
	f.Add(math.NaN(), math.Inf(-1), 0.0, -1, 0, -3)
	f.Fuzz(func(t *testing.T, a, b, c float64, slots, w, h int) {
		v := []float64{a, b, c}
		checkSparkline(t, v, model.Sparkline(v, slots%1000, w%2000, h%500))
	})
}
