package model_test

import (
	"slices"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// checkRing pushes n values into a ring of capacity c and compares it
// with the last c values of a plain slice.
func checkRing(t *testing.T, c, n int) {
	t.Helper()
	r := model.NewRing[int](c)
	var all []int
	for i := range n {
		evicted := r.Push(i)
		all = append(all, i)
		if want := len(all) > r.Cap(); evicted != want {
			t.Fatalf("ring(%d) push %d: got evicted %v; want %v", c, i, evicted, want)
		}
	}
	want := all[max(len(all)-r.Cap(), 0):]
	if got := r.Slice(); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("ring(%d) after %d pushes: got %v; want %v", c, n, got, want)
	}
	for i, v := range want {
		if r.At(i) != v {
			t.Fatalf("ring(%d).At(%d): got %d; want %d", c, i, r.At(i), v)
		}
	}
	if r.Len() != len(want) {
		t.Fatalf("ring(%d).Len(): got %d; want %d", c, r.Len(), len(want))
	}
}

func TestRing(t *testing.T) {
	t.Parallel()
	for _, c := range []int{-1, 0, 1, 2, 3, 7} {
		for n := range 20 {
			checkRing(t, c, n)
		}
	}
}

func TestRingClear(t *testing.T) {
	t.Parallel()
	r := model.NewRing[*int](3)
	for i := range 5 {
		r.Push(&i)
	}
	r.Clear()
	if r.Len() != 0 || len(r.Slice()) != 0 {
		t.Fatalf("after Clear: got len %d; want 0", r.Len())
	}
	r.Push(nil)
	if r.Len() != 1 {
		t.Fatalf("push after Clear: got len %d; want 1", r.Len())
	}
}

func TestRingAtOutOfRange(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("At(1) on a ring of one value: got no panic; want one")
		}
	}()
	r := model.NewRing[int](4)
	r.Push(1)
	r.At(1)
}

func FuzzRing(f *testing.F) {
	f.Add(uint8(3), uint16(10))
	f.Add(uint8(0), uint16(0))
	f.Fuzz(func(t *testing.T, c uint8, n uint16) {
		checkRing(t, int(c), int(n%2000))
	})
}
