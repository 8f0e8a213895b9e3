package jsonvalue

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// keyFloods are objects built to make a duplicate-key check slow: as many
// keys as DefaultMaxBytes holds, in the shapes that hurt each strategy.
var keyFloods = []struct {
	name string
	in   string
}{
	// Thousands of short keys in one object: quadratic pairwise checks
	// would do tens of millions of comparisons.
	{"distinct", flood(func(i int) string { return `"` + strconv.Itoa(i) + `":0` }, "{", "}")},
	// Keys sharing a long prefix: every comparison reads the prefix.
	{"long prefix", flood(func(i int) string { return `"` + strings.Repeat("p", 40) + strconv.Itoa(i) + `":0` }, "{", "}")},
	// Many objects of exactly linearKeys members, the most the pairwise
	// check handles.
	{"full small objects", flood(func(i int) string {
		var b strings.Builder
		b.WriteByte('{')
		for k := range linearKeys {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(k) + `":0`)
		}
		b.WriteByte('}')
		return b.String()
	}, "[", "]")},
}

// flood joins item(0), item(1), ... between open and close, as many as fit
// in DefaultMaxBytes.
func flood(item func(int) string, open, close string) string {
	var b strings.Builder
	b.WriteString(open)
	for i := 0; ; i++ {
		s := item(i)
		if b.Len()+len(s)+2 > DefaultMaxBytes {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	b.WriteString(close)
	return b.String()
}

// TestKeyFloods checks the floods are valid, and that a duplicate added to
// one is found and reported at its first repeat, whichever key it repeats.
func TestKeyFloods(t *testing.T) {
	t.Parallel()
	for _, tc := range keyFloods {
		if err := Valid([]byte(tc.in), Limits{}); err != nil {
			t.Errorf("Valid(%s): got %v; want success", tc.name, err)
		}
	}
	// Two repeats: "7" first repeated at the second-to-last key, "3" at the
	// last. The first repeat in source order is the one reported.
	var keys []string
	for i := range 500 {
		keys = append(keys, `"`+strconv.Itoa(i)+`":0`)
	}
	in := "{" + strings.Join(keys, ",") + `,"7":1,"\u0033":2}`
	for _, fn := range []struct {
		name string
		run  func([]byte) error
	}{
		{"Parse", func(b []byte) error { _, err := Parse(b, Limits{}); return err }},
		{"Valid", func(b []byte) error { return Valid(b, Limits{}) }},
	} {
		err := fn.run([]byte(in))
		var pe *ParseError
		want := int64(strings.Index(in, `"7":1`))
		if !errors.Is(err, ErrDuplicateKey) || !errors.As(err, &pe) || pe.Offset != want || !strings.Contains(err.Error(), `"7"`) {
			t.Errorf("%s(flood with repeats): got %v; want duplicate key \"7\" at offset %d", fn.name, err, want)
		}
	}
}

// TestManyKeysMatchesReference builds objects of 17 to 80 keys from a small
// alphabet, some written with escapes, so that the sort-based check sees
// many duplicates, and compares what it reports with a naive left-to-right
// scan.
func TestManyKeysMatchesReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := linearKeys + 1 + r.IntN(64)
		var b strings.Builder
		b.WriteByte('{')
		seen := map[string]bool{}
		dupAt := -1
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			key := string(rune('a'+r.IntN(8))) + strconv.Itoa(r.IntN(12))
			switch {
			case seen[key] && i >= linearKeys: // a repeat for the sort to find
				if dupAt < 0 {
					dupAt = b.Len()
				}
			case seen[key]:
				key += "x" + strconv.Itoa(i) // keep the pairwise range distinct
			}
			seen[key] = true
			lit := `"` + key + `"`
			if r.IntN(3) == 0 {
				lit = `"\u00` + strconv.FormatInt(int64(key[0]), 16) + key[1:] + `"`
			}
			b.WriteString(lit + ":" + strconv.Itoa(i))
		}
		b.WriteByte('}')
		in := b.String()
		for _, err := range []error{Valid([]byte(in), Limits{}), func() error { _, err := Parse([]byte(in), Limits{}); return err }()} {
			var pe *ParseError
			switch {
			case dupAt < 0 && err != nil:
				t.Fatalf("Valid(%s): got %v; want success", in, err)
			case dupAt >= 0 && (!errors.As(err, &pe) || pe.Err != ErrDuplicateKey || pe.Offset != int64(dupAt)):
				t.Fatalf("Valid(%s): got %v; want a duplicate at offset %d", in, err, dupAt)
			}
		}
	}
}

func BenchmarkKeyFlood(b *testing.B) {
	for _, tc := range keyFloods {
		in := []byte(tc.in)
		b.Run(tc.name+"/Valid", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if err := Valid(in, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/Parse", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if _, err := Parse(in, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
