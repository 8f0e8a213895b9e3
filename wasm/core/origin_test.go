package core_test

import (
	"strconv"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// attacker is a valid session nonce that no honest page uses.
const attacker = "attacker-session-0001"

// originCases: a page whose channel is configured with configured gets a
// hello from the configured window showing origin sent. Each refused case
// is accepted by some naive check: prefix or substring matching, case
// folding, trimming, or parsing and normalising the untrusted side.
var originCases = []struct {
	name             string
	configured, sent string
	ok               bool
}{
	{"exact", mainOrigin, mainOrigin, true},
	{"evil suffix", mainOrigin, evilOrigin, false},
	{"upper case", mainOrigin, "HTTP://MAIN.LOCALHOST:8080", false},
	{"upper case host", mainOrigin, "http://Main.localhost:8080", false},
	{"trailing slash", mainOrigin, mainOrigin + "/", false},
	{"trailing space", mainOrigin, mainOrigin + " ", false},
	{"trailing dot", mainOrigin, "http://main.localhost.:8080", false},
	{"https", mainOrigin, "https://main.localhost:8080", false},
	{"other port", mainOrigin, "http://main.localhost:8081", false},
	{"no port", mainOrigin, "http://main.localhost", false},
	{"leading zero port", mainOrigin, "http://main.localhost:08080", false},
	{"port prefix", mainOrigin, "http://main.localhost:80801", false},
	{"subdomain", mainOrigin, "http://evil.main.localhost:8080", false},
	{"userinfo", mainOrigin, "http://evil@main.localhost:8080", false},
	{"null", mainOrigin, "null", false},
	{"empty", mainOrigin, "", false},
	{"default port configured", "http://main.localhost:80", "http://main.localhost", true},
	{"default port spelled out", "http://main.localhost:80", "http://main.localhost:80", false},
	{"https default port spelled out", "https://main.localhost", "https://main.localhost:443", false},
	{"configured in upper case", "HTTP://MAIN.LOCALHOST:8080", mainOrigin, true},
	{"configured in upper case, sent as written", "HTTP://MAIN.LOCALHOST:8080", "HTTP://MAIN.LOCALHOST:8080", false},
}

func TestOriginIsExact(t *testing.T) {
	t.Parallel()
	for _, tc := range originCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBrowser()
			t.Cleanup(b.close)
			main := b.page("main", "")
			frame := b.page("frame", widgetOrigin)
			fc := mustOpen(t, frame, config(tc.configured, nil), main)
			called := collect(t, fc, "chat")
			// The configured window itself shows the origin under test,
			// so only the origin check stands between it and the channel.
			main.raw(tc.sent, nil)
			main.postRaw(frame, "*", hello(t, attacker, 1, helloV1), true)
			if tc.ok {
				frame.rec.wait(t, "accepting the hello from "+tc.sent, accepted("hello", ""))
				return
			}
			d := frame.rec.wait(t, "refusing "+tc.sent, refused(core.CodeOriginRefused))
			if d.Origin != tc.sent {
				t.Errorf("refusal of %q: got origin %q", tc.sent, d.Origin)
			}
			if n := frame.rec.count(func(d core.Decision) bool { return d.Verdict == core.Accepted }); n != 0 {
				t.Errorf("hello from %q to a channel for %q: %d accepted; want 0\n%s", tc.sent, tc.configured, n, frame.rec.dump())
			}
			if len(called) != 0 {
				t.Errorf("handler called")
			}
		})
	}
}

// A third window on a look-alike origin replays a connected peer's
// traffic to the widget, whose channel is configured for the main page: a
// hello of a new session (which would restart the session) and an event
// with the right sessions and the next sequence number.
func TestOriginRefusedFromThirdWindow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, wc, "chat")
	if err := mc.Emit("chat", []byte(`"first"`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, got, "first event"); p != `"first"` {
		t.Fatalf("first event: got %s", p)
	}
	forged := lastEnvelope(t, lastPort(t, w.main))
	forged.Seq++
	forged.Payload = []byte(`"forged"`)
	hellos := w.widget.rec.count(accepted("hello", ""))
	evil := w.b.page("evil", evilOrigin)
	evil.postRaw(w.widget, "*", hello(t, attacker, 1, helloV1), true)
	evil.postRaw(w.widget, widgetOrigin, encode(t, forged), true)
	// (A hello of main's that arrived before the widget opened its
	// channel may have been refused too, with main's origin.)
	w.widget.rec.waitN(t, "refusing the forged hello and event", 2, func(d core.Decision) bool {
		return refused(core.CodeOriginRefused)(d) && d.Origin == evilOrigin
	})
	// The session is intact and the forged event never ran: the next real
	// event is the next thing the handler sees.
	if err := mc.Emit("chat", []byte(`"second"`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, got, "second event"); p != `"second"` {
		t.Fatalf("after the forgeries: got %s; want \"second\"", p)
	}
	if n := w.widget.rec.count(accepted("hello", "")); n != hellos {
		t.Errorf("accepted hellos: got %d; want %d (none from the attack)", n, hellos)
	}
}

// Same origin as the peer, but another window: a second frame of the same
// site, or a popup it opened.
func TestSourceRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, mc, "chat")
	twin := w.b.page("twin", "")
	twin.raw(widgetOrigin, nil)
	twin.postRaw(w.main, mainOrigin, hello(t, attacker, 1, helloV1), true)
	d := w.main.rec.wait(t, "refusing the twin window", refused(core.CodeSourceRefused))
	if d.Origin != widgetOrigin {
		t.Errorf("refusal origin: got %q; want %q", d.Origin, widgetOrigin)
	}
	if err := wc.Emit("chat", []byte(`"still connected"`)); err != nil {
		t.Fatal(err)
	}
	recv(t, got, "event after the twin's hello")
}

// Origin and window must belong to the same channel: the window of one
// channel showing the origin of another is refused.
func TestSourceAndOriginOfDifferentChannels(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.connect(t, nil)
	other := w.b.page("other", "")
	const otherOrigin = "http://other.localhost:8083"
	mustOpen(t, w.main, config(otherOrigin, nil), other)
	w.widget.raw(otherOrigin, nil) // the widget frame navigates to other's origin
	w.widget.postRaw(w.main, mainOrigin, hello(t, attacker, 1, helloV1), true)
	w.main.rec.wait(t, "refusing the widget window showing other's origin", refused(core.CodeSourceRefused))
}

// envelopeCases come from the configured window with the right origin
// while the channel is handshaking.
var envelopeCases = []struct {
	name     string
	data     string
	isString bool
	want     core.Code
}{
	{"not a string", "", false, core.CodeEnvelope},
	{"not JSON", "hello", true, core.CodeEnvelope},
	{"not an envelope", `{"type":"chat"}`, true, core.CodeEnvelope},
	{"unknown member", `{"postbridge":1,"channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello","admin":true}`, true, core.CodeEnvelope},
	{"member in another case", `{"postbridge":1,"Channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello"}`, true, core.CodeEnvelope},
	{"duplicate member", `{"postbridge":1,"channel":"chat","channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello"}`, true, core.CodeEnvelope},
	{"version 2", `{"postbridge":2,"channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello"}`, true, core.CodeVersion},
	{"version 1.0", `{"postbridge":1.0,"channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello"}`, true, core.CodeEnvelope},
	{"another channel", `{"postbridge":1,"channel":"other","session":"` + attacker + `","seq":1,"kind":"hello"}`, true, core.CodeChannel},
	{"event outside the port", `{"postbridge":1,"channel":"chat","session":"` + attacker + `","to":"` + attacker + `","seq":1,"kind":"event","type":"chat"}`, true, core.CodeState},
	{"deep payload", `{"postbridge":1,"channel":"chat","session":"` + attacker + `","seq":1,"kind":"hello","payload":` + nested(33) + `}`, true, core.CodeTooLarge},
	{"hello naming only version 2", string(helloFor(2)), true, core.CodeVersion},
	{"welcome without a port", `{"postbridge":1,"channel":"chat","session":"` + attacker + `","to":"` + attacker + `","seq":1,"kind":"welcome","payload":{"version":1}}`, true, core.CodeEnvelope},
}

func helloFor(version int) []byte {
	e := envelope.Envelope{Channel: "chat", Session: attacker, Seq: 1, Kind: envelope.KindHello,
		Payload: []byte(`{"versions":[` + strconv.Itoa(version) + `]}`)}
	data, err := envelope.Encode(e, envelope.Limits{})
	if err != nil {
		panic(err)
	}
	return data
}

func TestEnvelopeRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range envelopeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBrowser()
			t.Cleanup(b.close)
			main := b.page("main", "")
			main.raw(mainOrigin, nil)
			frame := b.page("frame", widgetOrigin)
			fc := mustOpen(t, frame, config(mainOrigin, nil), main)
			called := collect(t, fc, "chat")
			main.postRaw(frame, widgetOrigin, []byte(tc.data), tc.isString)
			frame.rec.wait(t, string(tc.want)+" for "+tc.name, refused(tc.want))
			if n := frame.rec.count(func(d core.Decision) bool { return d.Verdict == core.Accepted }); n != 0 || len(called) != 0 {
				t.Errorf("%s: %d accepted, %d handled; want none\n%s", tc.name, n, len(called), frame.rec.dump())
			}
		})
	}
}

func nested(n int) string {
	b := make([]byte, 0, 2*n+1)
	for range n {
		b = append(b, '[')
	}
	b = append(b, '0')
	for range n {
		b = append(b, ']')
	}
	return string(b)
}
