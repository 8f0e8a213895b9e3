package appbridge

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/bridge"
)

// Handle registers the handler of a request type on ch, run on ui's UI
// goroutine (see OnUI). ui is the context of the component that owns the
// state f touches, usually the one OnMount receives.
func Handle[Req, Resp any](ui app.Context, ch *bridge.Channel, typ string, f func(app.Context, Req) (Resp, error)) error {
	return bridge.Handle(ch, typ, OnUI(ui, f))
}

// On registers the handler of an event type on ch, run on ui's UI
// goroutine. A payload that does not decode into T is refused by package
// bridge and f is not called; an event that arrives once the component is
// dismounted is dropped.
func On[T any](ui app.Context, ch *bridge.Channel, typ string, f func(app.Context, T, bridge.Meta)) error {
	return bridge.On(ch, typ, func(v T, m bridge.Meta) {
		ui.Dispatch(func(ctx app.Context) { f(ctx, v, m) })
	})
}

// errDismounted answers a request the component can no longer handle.
var errDismounted = &bridge.Error{Code: bridge.ErrClosed.Code, Message: "the go-app component that handles it was dismounted"}

// OnUI turns f into a bridge request handler that runs f on ui's UI
// goroutine through ui.Dispatch and answers with what f returns. It waits
// for f, for the request's context (the handler timeout) or for the
// component's dismount, whichever comes first; f must not block, since the
// whole UI waits for it: start slow work with ctx.Async instead.
func OnUI[Req, Resp any](ui app.Context, f func(app.Context, Req) (Resp, error)) func(context.Context, Req) (Resp, error) {
	type result struct {
		resp Resp
		err  error
	}
	return func(ctx context.Context, req Req) (Resp, error) {
		done := make(chan result, 1) // f never waits for the answer to be read
		ui.Dispatch(func(ctx app.Context) {
			resp, err := f(ctx, req)
			done <- result{resp, err}
		})
		var zero Resp
		select {
		case r := <-done:
			return r.resp, r.err
		case <-ctx.Done():
			return zero, ctx.Err()
		case <-ui.Done():
			return zero, errDismounted
		}
	}
}
