package core_test

import (
	"context"
	"sync"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
)

// FuzzDispatch feeds arbitrary message events to a router with one
// channel. Whatever arrives through the window: no panic, no handler runs
// (events and requests travel only on the port), and the first three
// checks (origin, source, string data) refuse with their own codes.
// source is the event.source of a fuzzed message: the peer's window or
// an unknown one.
func source(fromPeer bool) any {
	if fromPeer {
		return "the frame"
	}
	return nil
}

func FuzzDispatch(f *testing.F) {
	for _, tc := range envelopeCases {
		f.Add(widgetOrigin, true, []byte(tc.data), tc.isString)
	}
	for _, tc := range originCases {
		f.Add(tc.sent, true, hello(f, attacker, 1, helloV1), true)
	}
	f.Add(widgetOrigin, false, hello(f, attacker, 1, helloV1), true)
	f.Fuzz(func(t *testing.T, origin string, fromPeer bool, data []byte, isString bool) {
		var mu sync.Mutex
		var ds []core.Decision
		r := core.NewRouter(func(d core.Decision) {
			mu.Lock()
			ds = append(ds, d)
			mu.Unlock()
		})
		c, err := r.Open(config(widgetOrigin, nil), &nowhere{})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ran := false
		c.On("chat", func([]byte, core.Meta) { ran = true })
		c.Handle("chat", func(context.Context, []byte, core.Meta) ([]byte, error) { ran = true; return nil, nil })
		r.Dispatch(core.Inbound{
			Origin: origin,
			Source: source(fromPeer),
			Data:   data,
			Kind:   dataKind(isString),
		})
		mu.Lock()
		defer mu.Unlock()
		if ran {
			t.Fatalf("Dispatch(%q, %q): a handler ran for a window message", origin, data)
		}
		var want core.Code
		switch {
		case origin != widgetOrigin:
			want = core.CodeOriginRefused
		case !fromPeer:
			want = core.CodeSourceRefused
		case !isString:
			want = core.CodeEnvelope
		default:
			return
		}
		if len(ds) != 1 || ds[0].Verdict != core.Refused || ds[0].Reason != want {
			t.Fatalf("Dispatch(%q, from peer %t, %q, string %t): got %+v; want one refusal %s", origin, fromPeer, data, isString, ds, want)
		}
	})
}
