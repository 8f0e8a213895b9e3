package schema

import (
	"testing"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// typical is a small message for the "user" schema.
const typical = `{"name":"Ada Lovelace","age":36,"tags":["math","poetry"]}`

// BenchmarkCheck measures a typical small message, valid and not, and one
// pass over the whole table. "parse" is the jsonvalue.Parse that Check
// starts with: the rest is the cost of the schema.
func BenchmarkCheck(b *testing.B) {
	set, err := Compile([]byte(`{"user":` + user + `}`))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		payload := []byte(typical)
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			_, _ = jsonvalue.Parse(payload, jsonvalue.Limits{})
		}
	})
	for _, bc := range []struct{ name, payload string }{
		{"typical", typical},
		{"typical-invalid", `{"name":"Ada Lovelace","age":36,"admin":true}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			payload := []byte(bc.payload)
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				_ = set.Check("user", payload)
			}
		})
	}
	b.Run("table", func(b *testing.B) {
		all, _, index := fuzzSets(b)
		type run struct {
			typ     string
			payload []byte
		}
		var runs []run
		for _, tc := range checkCases {
			if tc.want != "limit" {
				runs = append(runs, run{"t" + itoa(int64(index[tc.schema])), []byte(tc.payload)})
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range runs {
				_ = all.Check(r.typ, r.payload)
			}
		}
	})
}
