package boundary_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/postbridge/postbridge/wasm/boundary"
	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// FuzzHost drives a host's exported calls the way a broken or hostile
// loader could: any call, any ids and lengths, any inbox bytes. Whatever
// arrives, the host never panics, its outbox always reads back as whole
// commands, and it never asks the loader to touch a port it did not give.
func FuzzHost(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte(`{"config":{"window":{"$window":1},"origin":"http://a.example","channel":"c"},"idna":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		now := clock.Second
		h := boundary.New(boundary.Options{Now: func() clock.Duration { return now }})
		in := h.In()
		copy(in, data)
		// A well-formed open first, so that later calls find a channel.
		cfg := `{"config":{"window":{"$window":1},"origin":"http://a.example","channel":"c"},"idna":{"http://a.example":"a.example"}}`
		copy(in, cfg)
		h.Open(len(cfg))
		copy(in, data)
		given := map[uint32]bool{}
		for i := 0; i+8 <= len(data); i += 8 {
			op := data[i] % 16
			a := binary.LittleEndian.Uint32(data[i:]) >> 8
			n := int(int16(binary.LittleEndian.Uint16(data[i+4:])))
			m := int(int8(data[i+6]))
			switch op {
			case 0:
				h.Gate(a%4, n, m%2 == 0)
			case 1:
				h.Window(a%4, n, core.DataKind(m%4), int(data[i+7]), m, int(data[i+7]%2))
			case 2:
				h.Port(a%8, core.DataKind(m%4), n, m)
			case 3:
				h.Open(n)
			case 4:
				h.Emit(a%4, n, m)
			case 5:
				h.Request(a%4, n, m, float64(data[i+7])*10)
			case 6:
				h.On(a%4, n, m%2 == 0)
			case 7:
				h.Handle(a%4, n, m%2 == 0)
			case 8:
				h.Answer(a%4, float64(n), m%2 == 0, int(data[i+7]), m)
			case 9:
				h.Close(a % 4)
			case 10:
				h.Observe(core.Level(m % 3))
			case 11:
				now += clock.Duration(n) * clock.Millisecond
				h.Tick()
			case 12:
				h.Reserve(n)
			case 13:
				h.Request(a%4, n, m, math.NaN())
			case 14:
				h.StartTap(n)
			case 15:
				h.TapState(m%2 == 0, n)
			}
			r := boundary.NewReader(h.Out.Bytes())
			for r.More() {
				switch r.Op() {
				case boundary.OpPostWindow:
					r.U32()
					r.Str()
					r.Str()
				case boundary.OpOffer:
					r.U32()
					given[r.U32()] = true
					r.Str()
					r.Str()
				case boundary.OpAdopt:
					given[r.U32()] = true
				case boundary.OpPostPort:
					if id := r.U32(); !given[id] {
						t.Fatalf("the host posts on port %d, which it never gave", id)
					}
					r.Str()
				case boundary.OpClosePort:
					if id := r.U32(); !given[id] {
						t.Fatalf("the host closes port %d, which it never gave", id)
					}
				default:
					r = boundary.NewReader(nil) // the fake loader's tests read the rest
				}
			}
			if r.Bad() {
				t.Fatal("the outbox ends in the middle of a command")
			}
			h.Out.Truncate(0)
		}
	})
}
