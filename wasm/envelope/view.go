package envelope

import (
	"bytes"
	"strings"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// View is an envelope as [Scan] found it in a message, without copies: its
// byte slices point into the scanned message, so they are valid only while
// that buffer is neither modified nor reused. Use [View.Envelope] for a copy
// to keep.
//
// A name, nonce or code written with JSON escapes ("\u0063hat" for "chat")
// is decoded into memory of its own, which costs an allocation; no known
// sender writes names that way. The fault message keeps its escapes until
// asked for (see [FaultView]).
//
// Copying a View is fine: it points into the message, never into itself.
type View struct {
	Channel []byte // channel name, see ValidName
	Session []byte // the sender's session nonce, see ValidSession
	To      []byte // the receiver's session nonce; nil when absent
	Seq     uint64 // the sender's sequence number, 1..MaxSeq
	Kind    Kind
	Type    []byte // message type name; nil when absent
	ID      uint64 // request correlation id; 0 when absent
	// Payload is the raw JSON text of the payload member, checked like the
	// rest of the message: nil when the member is absent, the four bytes
	// null when it is null.
	Payload []byte
	// HasError reports whether the envelope has an "error" member; Error is
	// set only then.
	HasError bool
	Error    FaultView
}

// FaultView is the "error" member of an envelope as [Scan] found it.
type FaultView struct {
	// Code is the fault code, matching [A-Z][A-Z0-9_]{0,31}.
	Code []byte
	// Quoted is the message as it was sent: a JSON string literal, quotes
	// included and escapes not decoded, of at most MaxFaultMessage bytes
	// once decoded. Message and AppendMessage decode it.
	Quoted []byte
}

// Message returns the decoded message text. It allocates; AppendMessage
// does not when dst has room.
func (f FaultView) Message() string {
	if s, ok := plainText(f.Quoted); ok {
		return string(s)
	}
	return string(f.AppendMessage(nil))
}

// AppendMessage appends the decoded message text to dst.
func (f FaultView) AppendMessage(dst []byte) []byte {
	// Quoted has been checked by Scan; an invalid one (a FaultView not from
	// Scan) appends nothing.
	dst, _ = jsonvalue.AppendUnquote(dst, f.Quoted)
	return dst
}

// Envelope returns a copy of v as an Envelope sharing no memory with the
// scanned message: one allocation for the strings, one for the payload and
// one for the fault, each only when present.
func (v *View) Envelope() Envelope {
	e := Envelope{Seq: v.Seq, Kind: v.Kind, ID: v.ID, Payload: bytes.Clone(v.Payload)}
	var code, msg []byte
	if v.HasError {
		code = v.Error.Code
		var plain bool
		if msg, plain = plainText(v.Error.Quoted); !plain {
			msg = v.Error.AppendMessage(nil)
		}
	}
	var b strings.Builder
	b.Grow(len(v.Channel) + len(v.Session) + len(v.To) + len(v.Type) + len(code) + len(msg))
	b.Write(v.Channel)
	b.Write(v.Session)
	b.Write(v.To)
	b.Write(v.Type)
	b.Write(code)
	b.Write(msg)
	all := b.String()
	next := func(n int) string {
		s := all[:n]
		all = all[n:]
		return s
	}
	e.Channel = next(len(v.Channel))
	e.Session = next(len(v.Session))
	e.To = next(len(v.To))
	e.Type = next(len(v.Type))
	if v.HasError {
		e.Error = &Fault{Code: next(len(code)), Message: next(len(msg))}
	}
	return e
}

// plainText returns the content of a string literal that has no escapes,
// and false for one that has (or for what is no string literal).
func plainText(lit []byte) ([]byte, bool) {
	if len(lit) < 2 {
		return nil, false
	}
	s := lit[1 : len(lit)-1]
	return s, bytes.IndexByte(s, '\\') < 0
}
