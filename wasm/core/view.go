package core

import "github.com/postbridge/postbridge/wasm/envelope"

// view is one decoded envelope as the channel checks it. Its strings and
// payload may share memory with the message being dispatched: they are
// valid only until Dispatch or the port's receive call returns, and
// whatever the channel keeps is cloned first.
type view struct {
	channel, session, to, typ string
	seq, id                   uint64
	kind                      envelope.Kind
	payload                   []byte
	fault                     *envelope.Fault
}

// decode checks data against every rule of the protocol.
func (v *view) decode(data []byte, lim envelope.Limits) error {
	e, err := envelope.Decode(data, lim)
	if err != nil {
		return err
	}
	*v = view{channel: e.Channel, session: e.Session, to: e.To, typ: e.Type, seq: e.Seq, id: e.ID, kind: e.Kind, payload: e.Payload, fault: e.Error}
	return nil
}
