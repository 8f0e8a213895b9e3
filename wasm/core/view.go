package core

import "github.com/postbridge/postbridge/wasm/envelope"

// view is one decoded envelope as the channel checks it. Its slices point
// into the message being dispatched: they are valid only until Dispatch
// or the port's receive call returns, and whatever the channel keeps is
// copied first (string(…) of a slice).
type view struct {
	envelope.View
}

// decode checks data against every rule of the protocol, without
// allocating for a well-formed message.
func (v *view) decode(data []byte, lim envelope.Limits) error {
	return envelope.Scan(data, lim, &v.View)
}

// fault returns the error member, or nil.
func (v *view) fault() *envelope.Fault {
	if !v.HasError {
		return nil
	}
	return &envelope.Fault{Code: string(v.Error.Code), Message: v.Error.Message()}
}
