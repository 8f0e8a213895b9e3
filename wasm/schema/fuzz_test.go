package schema

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// fuzzSets compiles every schema of checkCases into one set, type "t<i>"
// for schema i, and the negation {"not": schema} into a second set under
// the same names, for the schemas that allow it ($defs must stay on top).
func fuzzSets(tb testing.TB) (set, negated *Set, index map[string]int) {
	index = map[string]int{}
	var all, neg []string
	for _, tc := range checkCases {
		if _, ok := index[tc.schema]; ok {
			continue
		}
		name := "t" + strconv.Itoa(len(index))
		index[tc.schema] = len(index)
		all = append(all, `"`+name+`":`+tc.schema)
		if !strings.Contains(tc.schema, `"$defs"`) && !strings.Contains(tc.schema, `"$id"`) {
			neg = append(neg, `"`+name+`":{"not":`+tc.schema+`}`)
		}
	}
	var err error
	if set, err = Compile([]byte("{" + strings.Join(all, ",") + "}")); err != nil {
		tb.Fatal(err)
	}
	if negated, err = Compile([]byte("{" + strings.Join(neg, ",") + "}")); err != nil {
		tb.Fatal(err)
	}
	return set, negated, index
}

// FuzzCheck checks payloads against every schema of the table. Check must
// never panic; it must return ErrJSON exactly when the strict parser
// refuses the payload; errors must be of the documented types and short;
// and a schema and its negation must disagree, unless a limit was hit.
func FuzzCheck(f *testing.F) {
	set, negated, index := fuzzSets(f)
	for _, tc := range checkCases {
		if len(tc.payload) <= 512 {
			f.Add(uint8(index[tc.schema]), []byte(tc.payload))
		}
	}
	n := len(index)
	f.Fuzz(func(t *testing.T, i uint8, payload []byte) {
		typ := "t" + strconv.Itoa(int(i)%n)
		err := set.Check(typ, payload)
		jsonErr := jsonvalue.Valid(payload, jsonvalue.Limits{MaxBytes: len(payload) + 1, MaxDepth: MaxPayloadDepth})
		if errors.Is(err, ErrJSON) != (jsonErr != nil) {
			t.Fatalf("Check(%s, %q): got %v; jsonvalue says %v", typ, payload, err, jsonErr)
		}
		if err == nil || jsonErr != nil {
			if negated.Has(typ) && (negated.Check(typ, payload) == nil) == (err == nil) && jsonErr == nil {
				t.Fatalf("Check(%s, %q): schema and its negation both accept it", typ, payload)
			}
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("Check(%s, %q): got %T %v; want *ValidationError", typ, payload, err, err)
		}
		if len(err.Error()) > 600 || (ve.Path != "" && ve.Path[0] != '/') {
			t.Fatalf("Check(%s, %q): got %d-byte error %.100q, path %.40q; want short, path a pointer", typ, payload, len(err.Error()), err, ve.Path)
		}
		if ve.Keyword != "" && negated.Has(typ) {
			nerr := negated.Check(typ, payload)
			var nve *ValidationError
			if nerr != nil && (!errors.As(nerr, &nve) || nve.Keyword != "") {
				t.Fatalf("Check(%s, %q): schema and its negation both refuse it: %v; %v", typ, payload, err, nerr)
			}
		}
	})
}

// FuzzCompile compiles arbitrary sets. Compile must never panic, must
// refuse with *CompileErrors wrapping ErrCompile, must say the same thing
// twice, and a set it accepts must check payloads without panicking.
func FuzzCompile(f *testing.F) {
	for _, tc := range checkCases {
		if len(tc.schema) <= 512 {
			f.Add(setOf(tc.schema))
		}
	}
	for _, tc := range compileCases {
		if len(tc.set) <= 512 {
			f.Add([]byte(tc.set))
		}
	}
	payloads := []string{`null`, `true`, `0`, `-1.5`, `1e400`, `"ab"`, `[]`, `[1,"a",[1],[1]]`, `{}`,
		`{"a":1,"b":[null],"__proto__":{}}`}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := Compile(in)
		_, again := Compile(in)
		if (err == nil) != (again == nil) || (err != nil && err.Error() != again.Error()) {
			t.Fatalf("Compile(%q): got %v, then %v; want the same", in, err, again)
		}
		if err != nil {
			if s != nil || !errors.Is(err, ErrCompile) {
				t.Fatalf("Compile(%q): got %v, %v; want nil and ErrCompile", in, s, err)
			}
			errs := []error{err}
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				if _, single := err.(*CompileError); !single {
					errs = j.Unwrap()
				}
			}
			for _, e := range errs {
				if _, ok := e.(*CompileError); !ok {
					t.Fatalf("Compile(%q): got %T %v; want *CompileError", in, e, e)
				}
			}
			return
		}
		types := s.Types()
		if len(types) != len(s.types) {
			t.Fatalf("Compile(%q).Types(): got %q; want each of the %d types once", in, types, len(s.types))
		}
		for _, typ := range types {
			if !s.Has(typ) {
				t.Fatalf("Compile(%q).Has(%q): got false", in, typ)
			}
			for _, p := range payloads {
				err := s.Check(typ, []byte(p))
				if err != nil && !errors.Is(err, ErrInvalid) {
					t.Fatalf("Compile(%q).Check(%q, %s): got %v; want nil or ErrInvalid", in, typ, p, err)
				}
			}
		}
	})
}
