//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/bridge"
)

// Sum is the request of type "sum".
type Sum struct {
	A int `json:"a"`
	B int `json:"b"`
}

// Note is the event of type "note".
type Note struct {
	Text string `json:"text"`
}

// Burst is the request of type "burst": send N events of type "tick".
type Burst struct {
	N int `json:"n"`
}

// Tick is the event of type "tick", the i-th of a burst.
type Tick struct {
	I int `json:"i"`
}

var errOverflow = errors.New("the sum does not fit in an int53")

func main() {
	doc := js.Global().Get("document")
	status := doc.Call("getElementById", "status")
	show := func(state, text string) {
		status.Get("dataset").Set("state", state)
		status.Set("textContent", text)
	}
	parentOrigin := doc.Call("querySelector", `meta[name="pb-origins"]`).Get("dataset").Get("main").String()

	// The Go API's debug tap: every decision to the dashboard's relay.
	bridge.Tap("ws" + strings.TrimPrefix(parentOrigin, "http") + "/relay?room=lab")
	bridge.OnReject(func(d bridge.Decision) {
		js.Global().Get("console").Call("warn", "refused", string(d.Reason), d.Origin, d.Detail)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	show("connecting", "connecting (Go)…")
	ch, err := bridge.Connect(ctx, bridge.Config{
		Window:  js.Global().Get("parent"),
		Origin:  parentOrigin,
		Channel: "lab",
	})
	if err != nil {
		show("failed", "not connected: "+err.Error())
		return
	}
	show("connected", "connected (Go)")

	bridge.Handle(ch, "sum", func(ctx context.Context, in Sum) (int, error) {
		s := in.A + in.B
		if s > 1<<53 || s < -(1<<53) || (in.A > 0 && in.B > 0 && s < 0) {
			return 0, errOverflow
		}
		return s, nil
	})
	bridge.Handle(ch, "sqrt", func(ctx context.Context, x float64) (float64, error) {
		if x < 0 {
			return 0, &bridge.Error{Code: "HANDLER_ERROR", Message: "no square root of a negative number"}
		}
		return math.Sqrt(x), nil
	})
	// echo and burst mirror the JS lab peer (web/pages/other/peer.js):
	// the bench's payload round trips and one-way events.
	bridge.Handle(ch, "echo", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		return in, nil
	})
	bridge.Handle(ch, "burst", func(ctx context.Context, in Burst) (int, error) {
		for i := range in.N {
			if err := bridge.Emit(ch, "tick", Tick{I: i}); err != nil {
				return i, err
			}
		}
		return in.N, nil
	})
	bridge.On(ch, "note", func(n Note, m bridge.Meta) {
		bridge.Emit(ch, "noted", Note{Text: "Go heard: " + n.Text})
	})
	select {}
}
