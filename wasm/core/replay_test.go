package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// A peer that speaks only version 2 is told so at once: Wait fails with
// VERSION long before the handshake timeout.
func TestVersionMismatchFailsWaitFast(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data string }{
		{"envelope version 2", `{"postbridge":2,"channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello","payload":{"versions":[2]}}`},
		{"hello offering version 2", string(helloFor(2))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBrowser()
			t.Cleanup(b.close)
			main := b.page("main", mainOrigin)
			frame := b.page("frame", "")
			frame.raw(widgetOrigin, nil)
			c := mustOpen(t, main, config(widgetOrigin, func(c *core.Config) { c.Timeout = clock.Duration(time.Minute) }), frame)
			frame.postRaw(main, mainOrigin, []byte(tc.data), true)
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			err := c.Wait(ctx)
			wantCode(t, "Wait", err, core.ErrVersion)
			closes(t, c.Done(), "Done after VERSION")
			wantCode(t, "Err", c.Err(), core.ErrVersion)
		})
	}
}

// portReplays are pushed into the peer's end of the MessageChannel after a
// real event e; each must be refused without reaching the handler.
var portReplays = []struct {
	name string
	edit func(e *envelope.Envelope)
	want core.Code
}{
	{"repeated seq", func(e *envelope.Envelope) {}, core.CodeReplay},
	{"skipped seq", func(e *envelope.Envelope) { e.Seq += 2 }, core.CodeReplay},
	{"seq far ahead", func(e *envelope.Envelope) { e.Seq = envelope.MaxSeq }, core.CodeReplay},
	{"wrong session", func(e *envelope.Envelope) { e.Seq++; e.Session = attacker }, core.CodeReplay},
	{"wrong to", func(e *envelope.Envelope) { e.Seq++; e.To = attacker }, core.CodeReplay},
	{"sessions swapped", func(e *envelope.Envelope) { e.Seq++; e.Session, e.To = e.To, e.Session }, core.CodeReplay},
	{"wrong channel", func(e *envelope.Envelope) { e.Seq++; e.Channel = "other" }, core.CodeChannel},
}

func TestPortReplayRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, wc, "chat")
	if err := mc.Emit("chat", []byte(`"real 1"`)); err != nil {
		t.Fatal(err)
	}
	recv(t, got, "real event")
	mainPort := lastPort(t, w.main)
	real := lastEnvelope(t, mainPort)
	counts := map[core.Code]int{}
	for _, tc := range portReplays {
		e := real
		e.Payload = []byte(`"forged: ` + tc.name + `"`)
		tc.edit(&e)
		mainPort.Post(encode(t, e))
		counts[tc.want]++
		w.widget.rec.waitN(t, string(tc.want)+" for "+tc.name, counts[tc.want], refused(tc.want))
	}
	// A refused message does not move the sequence: the peer's own next
	// message, numbered right after the real one, is accepted.
	if err := mc.Emit("chat", []byte(`"real 2"`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, got, "second real event"); p != `"real 2"` {
		t.Fatalf("after the replays: got %s; want \"real 2\"", p)
	}
	if len(got) != 0 {
		t.Fatalf("handler ran %d more times", len(got))
	}
}

// A page that echoes every message back (event.source.postMessage(
// event.data, "*")) reflects our own hello: we must not take ourselves for
// the peer.
func TestReflectedHelloRefused(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "")
	frame.raw(widgetOrigin, func(m core.Inbound) { frame.postRaw(main, "*", m.Data, m.Kind == core.DataString) })
	mustOpen(t, main, config(widgetOrigin, nil), frame)
	d := main.rec.wait(t, "refusing our own hello", refused(core.CodeReplay))
	if d.Kind != string(envelope.KindHello) {
		t.Errorf("refused kind: got %q; want hello", d.Kind)
	}
	if n := main.rec.count(func(d core.Decision) bool { return d.Verdict == core.Accepted }); n != 0 {
		t.Errorf("accepted %d of our own messages\n%s", n, main.rec.dump())
	}
}

// A hello naming a sequence number already seen from the same session is
// a replay of the window traffic.
func TestRepeatedHelloRefused(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "")
	frame.raw(widgetOrigin, nil)
	mustOpen(t, main, config(widgetOrigin, nil), frame)
	frame.postRaw(main, mainOrigin, hello(t, attacker, 5, helloV1), true)
	frame.postRaw(main, mainOrigin, hello(t, attacker, 5, helloV1), true)
	frame.postRaw(main, mainOrigin, hello(t, attacker, 4, helloV1), true)
	main.rec.waitN(t, "refusing two replayed hellos", 2, refused(core.CodeReplay))
}
