package bridge

import (
	"context"
	"encoding/json"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/version"
)

// Version is Postbridge's version, the same number as the npm package's
// and JavaScript's pb.version().
var Version = version.Number

// Channel is one bridge to one peer window.
type Channel struct {
	c *core.Channel
}

// Error is the bridge's error type; Code says what went wrong.
type Error = core.Error

// Meta describes an accepted message to its handler.
type Meta = core.Meta

// Decision is one thing the bridge did with a message.
type Decision = core.Decision

// Sentinels for errors.Is, one per code.
var (
	ErrBadConfig   = core.ErrBadConfig
	ErrVersion     = core.ErrVersion
	ErrUnknownType = core.ErrUnknownType
	ErrSchema      = core.ErrSchema
	ErrTooLarge    = core.ErrTooLarge
	ErrLimit       = core.ErrLimit
	ErrTimeout     = core.ErrTimeout
	ErrHandler     = core.ErrHandler
	ErrClosed      = core.ErrClosed
)

// Origin returns the origin the peer shows: the configured one, or with
// Config.Origins the one of the live session ("" while none is live).
func (ch *Channel) Origin() string { return ch.c.Origin() }

// Close ends the channel and tells the peer.
func (ch *Channel) Close() error { return ch.c.Close() }

// Done is closed when the channel closes for good; Err says why.
func (ch *Channel) Done() <-chan struct{} { return ch.c.Done() }

// Err returns why the channel closed, or nil while it is open.
func (ch *Channel) Err() error { return ch.c.Err() }

// OnClose registers f to run once when the channel closes.
func (ch *Channel) OnClose(f func(error)) { ch.c.OnClose(f) }

func encode(v any) ([]byte, error) {
	p, err := json.Marshal(v)
	if err != nil {
		return nil, &Error{Code: core.CodeSchema, Message: "payload does not encode as JSON: " + err.Error()}
	}
	return p, nil
}

func decode[T any](p []byte) (T, error) {
	var v T
	if p == nil {
		p = []byte("null")
	}
	if err := json.Unmarshal(p, &v); err != nil {
		return v, &Error{Code: core.CodeSchema, Message: "payload does not decode: " + err.Error()}
	}
	return v, nil
}

// Emit sends an event whose payload is v encoded as JSON.
func Emit(ch *Channel, typ string, v any) error {
	p, err := encode(v)
	if err != nil {
		return err
	}
	return ch.c.Emit(typ, p)
}

// On registers the handler of an event type. A payload that does not
// decode into T is refused (SCHEMA, reported like any refusal) and f is
// not called.
func On[T any](ch *Channel, typ string, f func(T, Meta)) error {
	return ch.c.On(typ, func(p []byte, m core.Meta) {
		v, err := decode[T](p)
		if err != nil {
			ch.c.Refuse(core.CodeSchema, typ, err.Error())
			return
		}
		f(v, m)
	})
}

// Handle registers the handler of a request type. A request whose payload
// does not decode into Req is answered with SCHEMA; an error returned by f
// travels back as HANDLER_ERROR with its message (an *Error keeps its
// code).
func Handle[Req, Resp any](ch *Channel, typ string, f func(context.Context, Req) (Resp, error)) error {
	return ch.c.Handle(typ, func(ctx context.Context, p []byte, _ core.Meta) ([]byte, error) {
		req, err := decode[Req](p)
		if err != nil {
			return nil, err
		}
		resp, err := f(ctx, req)
		if err != nil {
			return nil, err
		}
		return encode(resp)
	})
}

// Request sends a request and decodes the answer into Resp. It waits for
// ctx's deadline, or the channel's timeout when ctx has none.
func Request[Req, Resp any](ctx context.Context, ch *Channel, typ string, req Req) (Resp, error) {
	var zero Resp
	p, err := encode(req)
	if err != nil {
		return zero, err
	}
	var timeout time.Duration
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
		if timeout <= 0 {
			return zero, &Error{Code: core.CodeTimeout, Message: "the context's deadline has passed"}
		}
	}
	resp, err := ch.c.Request(ctx, typ, p, timeout)
	if err != nil {
		return zero, err
	}
	return decode[Resp](resp)
}
