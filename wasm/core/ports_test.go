package core_test

import (
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// closedPort records whether it was closed.
type closedPort struct{ closed bool }

func (p *closedPort) Post([]byte) error                 { return nil }
func (p *closedPort) Start(func([]byte, core.DataKind)) {}
func (p *closedPort) Close()                            { p.closed = true }

// A port transferred with an envelope for our channel that the channel
// declines is closed; one transferred with anything that is not ours (not
// an envelope, another channel, another origin) is left to its owner,
// another library or another Postbridge on the page.
func TestTransferredPorts(t *testing.T) {
	r := core.NewRouter(nil)
	c, err := r.Open(config(widgetOrigin, nil), &nowhere{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		name   string
		origin string
		data   string
		closed bool
	}{
		{"a welcome for our channel, addressed to no session of ours", widgetOrigin, string(encode(t, welcomeTo("chat", "someone-else-000001"))), true},
		{"a string that is not an envelope", widgetOrigin, `{"type":"penpal"}`, false},
		{"an envelope for another channel", widgetOrigin, string(encode(t, welcomeTo("other", "someone-else-000001"))), false},
		{"anything from another origin", evilOrigin, string(encode(t, welcomeTo("chat", "someone-else-000001"))), false},
	} {
		p := &closedPort{}
		r.Dispatch(core.Inbound{Origin: tc.origin, Source: "the frame", Data: []byte(tc.data), Kind: core.DataString, Port: p})
		if p.closed != tc.closed {
			t.Errorf("%s: closed = %t; want %t", tc.name, p.closed, tc.closed)
		}
	}
}

// welcomeTo is a welcome on channel to session to, from the attacker.
func welcomeTo(channel, to string) envelope.Envelope {
	return envelope.Envelope{Channel: channel, Session: attacker, To: to, Seq: 1, Kind: envelope.KindWelcome, Payload: []byte(`{"version":1}`)}
}
