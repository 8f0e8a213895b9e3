//go:build !postbridge_module

package core

import (
	"context"
	"sync"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// The Go API's blocking forms, built on the asynchronous ones. They cost
// a goroutine or a channel per call, which the JavaScript API never pays.

// RequestFunc answers a request with a JSON payload or an error. It runs
// on its own goroutine; ctx ends at the handler time limit or when the
// session ends. An *Error keeps its code across the wire (UNKNOWN_TYPE,
// SCHEMA, …); any other error travels as HANDLER_ERROR with its message.
type RequestFunc func(ctx context.Context, payload []byte, meta Meta) ([]byte, error)

// Wait blocks until the first handshake completes (nil), fails (TIMEOUT,
// VERSION, CLOSED) or ctx ends.
func (c *Channel) Wait(ctx context.Context) error {
	select {
	case <-c.ready:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.readyErr
	case <-ctx.Done():
		return newError(CodeTimeout, "handshake: "+ctx.Err().Error())
	}
}

// waiter is the Settler of a blocking Request.
type waiter struct {
	done chan struct{}
	resp []byte
	err  error
	r    *Router
}

// Settle implements Settler.
func (w *waiter) Settle(_ uint64, resp []byte, err error) {
	w.resp, w.err = clone(resp), err
	close(w.done)
	w.r.opt.Notify()
}

// Request sends a request and waits for its answer: the peer handler's
// JSON payload, or an *Error (TIMEOUT when neither an answer nor ctx's
// end comes within timeout; zero means the channel's Timeout).
func (c *Channel) Request(ctx context.Context, typ string, payload []byte, timeout time.Duration) ([]byte, error) {
	if err := c.prepare(envelope.KindRequest, typ, payload); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // do not ask for what nobody awaits
		return nil, newError(CodeTimeout, "request "+quote(typ)+": "+err.Error())
	}
	w := &waiter{done: make(chan struct{}), r: c.r}
	id, err := c.RequestAsync(typ, payload, clock.Duration(timeout), w, 0)
	if err != nil {
		return nil, err
	}
	select {
	case <-w.done:
	case <-ctx.Done():
		c.Abandon(id, newError(CodeTimeout, "request "+quote(typ)+": "+ctx.Err().Error()))
		<-w.done
	}
	return w.resp, w.err
}

// Handle registers the handler of a request type, replacing any earlier
// one; nil removes it. Each request runs f on a goroutine of its own, with
// a context that ends when the handler time limit passes or the session
// ends.
func (c *Channel) Handle(typ string, f RequestFunc) error {
	if f == nil {
		return c.HandleAsync(typ, nil)
	}
	return c.HandleAsync(typ, func(in Incoming, payload []byte, m Meta) {
		p := clone(payload)
		ctx := &handlerCtx{done: make(chan struct{}), deadline: time.Now().Add(time.Duration(c.s.HandlerTimeout))}
		in.OnCancel(func(timedOut bool) {
			if timedOut {
				ctx.cancel(context.DeadlineExceeded)
			} else {
				ctx.cancel(context.Canceled)
			}
		})
		go func() {
			resp, err := f(ctx, p, m)
			if ctx.Err() == nil || err != nil {
				in.Reply(resp, err) // refused (CLOSED) if too late
			}
			ctx.cancel(context.Canceled)
		}()
		c.r.opt.Notify()
	})
}

// Refuse reports an event that the channel accepted but its handler's
// layer refused, such as a payload that does not decode into the Go type
// the handler asked for. The report reaches the observer like any other.
func (c *Channel) Refuse(code Code, typ, detail string) {
	c.r.report(Decision{Verdict: Refused, Reason: code, Detail: detail, Origin: c.Origin(), Channel: c.s.Channel, Kind: "event", Type: typ})
}

// handlerCtx is a Go handler's context. The channel's deadline sweep
// ends it, so no timer runs per request: DeadlineExceeded when the
// handler time limit passes, Canceled when the session ends or the
// handler returns.
type handlerCtx struct {
	done     chan struct{}
	deadline time.Time
	mu       sync.Mutex
	err      error
}

func (h *handlerCtx) Deadline() (time.Time, bool) { return h.deadline, true }
func (h *handlerCtx) Done() <-chan struct{}       { return h.done }
func (h *handlerCtx) Value(any) any               { return nil }

func (h *handlerCtx) Err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

func (h *handlerCtx) cancel(reason error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil {
		h.err = reason
		close(h.done)
	}
}
