package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// jsonString returns a JSON string of exactly n bytes.
func jsonString(n int) string { return `"` + strings.Repeat("x", n-2) + `"` }

// sendLimits: payloads checked by Emit and Request before anything is
// queued or sent.
var sendLimits = []struct {
	name    string
	limits  envelope.Limits
	payload string
	want    *core.Error // nil: accepted
}{
	{"payload at MaxPayload", envelope.Limits{MaxPayload: 1024}, jsonString(1024), nil},
	{"payload over MaxPayload", envelope.Limits{MaxPayload: 1024}, jsonString(1025), core.ErrTooLarge},
	{"payload over the default", envelope.Limits{}, jsonString(envelope.DefaultMaxPayload + 1), core.ErrTooLarge},
	{"depth 32", envelope.Limits{}, nested(32), nil},
	{"depth 33", envelope.Limits{}, nested(33), core.ErrTooLarge},
	{"depth 33 in an object", envelope.Limits{}, `{"a":` + nested(32) + `}`, core.ErrTooLarge},
	{"depth 3 with MaxDepth 2", envelope.Limits{MaxDepth: 2}, nested(3), core.ErrTooLarge},
	{"not JSON", envelope.Limits{}, `{"a":1`, core.ErrEnvelope},
	{"two values", envelope.Limits{}, `1 2`, core.ErrEnvelope},
	{"payload closing the envelope", envelope.Limits{}, `1,"kind":"close"`, core.ErrEnvelope},
}

func TestSendLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range sendLimits {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			mc, wc := w.connect(t, func(c *core.Config) { c.Limits = tc.limits })
			got := collect(t, wc, "data")
			handle(t, wc, "data", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) { return nil, nil })
			err := mc.Emit("data", []byte(tc.payload))
			_, rerr := mc.Request(context.Background(), "data", []byte(tc.payload), patience)
			if tc.want == nil {
				if err != nil || rerr != nil {
					t.Fatalf("Emit, Request(%.40s): got %v, %v; want nil", tc.payload, err, rerr)
				}
				if p := recv(t, got, "event"); p != tc.payload {
					t.Fatalf("event payload: got %.40s; want %.40s", p, tc.payload)
				}
				return
			}
			wantCode(t, "Emit", err, tc.want)
			wantCode(t, "Request", rerr, tc.want)
		})
	}
}

// A peer configured with larger limits sends what we refuse.
func TestReceiveLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, payload string
	}{
		{"payload over our MaxPayload", jsonString(1025)},
		{"deeper than our MaxDepth", nested(3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			mc, wc := w.connectEach(t, nil, func(c *core.Config) { c.Limits = envelope.Limits{MaxPayload: 1024, MaxDepth: 2} })
			got := collect(t, wc, "data")
			if err := mc.Emit("data", []byte(tc.payload)); err != nil {
				t.Fatalf("Emit with the sender's limits: %v", err)
			}
			w.widget.rec.wait(t, "refusing "+tc.name, refused(core.CodeTooLarge))
			if len(got) != 0 {
				t.Errorf("handler ran for a payload over the limits")
			}
			// The refused message used its sequence number: what follows
			// is still delivered, not refused as a replay.
			if err := mc.Emit("data", []byte(`{"ok":1}`)); err != nil {
				t.Fatal(err)
			}
			w.widget.rec.wait(t, "the next event accepted", func(d core.Decision) bool { return d.Verdict == core.Accepted && d.Type == "data" })
		})
	}
}
