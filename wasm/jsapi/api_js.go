//go:build js && wasm

package jsapi

import (
	"context"
	"errors"
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/browser"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/tap"
)

// API is the object handed to the loader.
type API struct {
	router   *core.Router
	channels map[int]*core.Channel
	next     int
	observer js.Value
	all      bool // report every decision to JS, not only refusals
	tap      *tap.Tap
}

// maxArgs is the most arguments any function of the API takes.
const maxArgs = 5

// New returns the API with a router listening on the page's window.
func New() *API {
	a := &API{channels: map[int]*core.Channel{}}
	a.router = core.NewRouter(a.observe)
	browser.Listen(a.router)
	return a
}

// Value builds the JavaScript object of functions the loader calls.
func (a *API) Value() js.Value {
	o := js.Global().Get("Object").New()
	set := func(name string, f func(args []js.Value) any) {
		o.Set(name, js.FuncOf(func(this js.Value, args []js.Value) (out any) {
			// A panic in a callback would stop the whole module: missing
			// arguments read as undefined, and anything unforeseen (a
			// value of the wrong type) becomes a BAD_CONFIG error value.
			defer func() {
				if r := recover(); r != nil {
					out = badConfig(name + ": bad arguments")
				}
			}()
			for len(args) < maxArgs {
				args = append(args, js.Undefined())
			}
			return f(args)
		}))
	}
	set("open", a.open)
	set("wait", a.wait)
	set("emit", a.emit)
	set("request", a.request)
	set("on", a.on)
	set("handle", a.handle)
	set("onClose", a.onClose)
	set("close", a.close)
	set("observe", func(args []js.Value) any {
		a.observer, a.all = args[0], len(args) > 1 && args[1].Truthy()
		return nil
	})
	set("tap", func(args []js.Value) any {
		if a.tap == nil && len(args) > 0 && args[0].Type() == js.TypeString {
			a.tap = tap.Start(args[0].String())
		}
		return nil
	})
	return o
}

// jsError is the {code, message} object the loader turns into an Error.
func jsError(err error) js.Value {
	var be *core.Error
	if !errors.As(err, &be) {
		be = &core.Error{Code: core.CodeBadConfig, Message: err.Error()}
	}
	o := js.Global().Get("Object").New()
	o.Set("code", string(be.Code))
	o.Set("message", be.Error())
	return o
}

func badConfig(msg string) js.Value {
	return jsError(&core.Error{Code: core.CodeBadConfig, Message: msg})
}

// open(window, origin, channel, timeoutMs, options) → [id, canonical
// origin] or {code, message}.
func (a *API) open(args []js.Value) any {
	if len(args) < 5 {
		return badConfig("open needs five arguments")
	}
	if args[1].Type() != js.TypeString {
		return badConfig("origin must be a string")
	}
	if args[2].Type() != js.TypeString {
		return badConfig("channel must be a string")
	}
	cfg := core.Config{Origin: args[1].String(), Channel: args[2].String()}
	if t := args[3]; t.Type() == js.TypeNumber {
		if t.Float() <= 0 || t.Float() > 3600e3 {
			return badConfig("timeout must be a number of milliseconds in (0, 3600000]")
		}
		cfg.Timeout = time.Duration(t.Float() * float64(time.Millisecond))
	}
	if opts := args[4]; opts.Type() == js.TypeObject {
		if err := applyOptions(&cfg, opts); err != nil {
			return jsError(err)
		}
	}
	ch, err := browser.Open(a.router, cfg, args[0])
	if err != nil {
		return jsError(err)
	}
	a.next++
	a.channels[a.next] = ch
	id := a.next
	ch.OnClose(func(error) { delete(a.channels, id) })
	return js.Global().Get("Array").Call("of", id, ch.Origin())
}

// wait(id, cb): cb(null) once connected, or cb({code, message}).
func (a *API) wait(args []js.Value) any {
	ch, cb := a.channels[args[0].Int()], args[1]
	if ch == nil {
		cb.Invoke(jsError(core.ErrClosed))
		return nil
	}
	go func() {
		if err := ch.Wait(context.Background()); err != nil {
			cb.Invoke(jsError(err))
			return
		}
		cb.Invoke(js.Null())
	}()
	return nil
}

func (a *API) channel(v js.Value) (*core.Channel, js.Value) {
	if v.Type() == js.TypeNumber {
		if ch := a.channels[v.Int()]; ch != nil {
			return ch, js.Undefined()
		}
	}
	return nil, jsError(&core.Error{Code: core.CodeClosed, Message: "the channel is closed"})
}

// payload reads an optional JSON string argument.
func payload(v js.Value) []byte {
	if v.Type() != js.TypeString {
		return nil
	}
	return []byte(v.String())
}

// emit(id, type, json) → null or {code, message}.
func (a *API) emit(args []js.Value) any {
	ch, errv := a.channel(args[0])
	if ch == nil {
		return errv
	}
	if args[1].Type() != js.TypeString {
		return badConfig("type must be a string")
	}
	if err := ch.Emit(args[1].String(), payload(args[2])); err != nil {
		return jsError(err)
	}
	return js.Null()
}

// request(id, type, json, timeoutMs, cb): cb(null, json) or cb({code, message}).
func (a *API) request(args []js.Value) any {
	cb := args[4]
	ch, errv := a.channel(args[0])
	if ch == nil {
		cb.Invoke(errv)
		return nil
	}
	if args[1].Type() != js.TypeString {
		cb.Invoke(badConfig("type must be a string"))
		return nil
	}
	typ, p := args[1].String(), payload(args[2])
	var timeout time.Duration
	if t := args[3]; t.Type() == js.TypeNumber && t.Float() > 0 {
		timeout = time.Duration(t.Float() * float64(time.Millisecond))
	}
	go func() {
		resp, err := ch.Request(context.Background(), typ, p, timeout)
		if err != nil {
			cb.Invoke(jsError(err))
			return
		}
		if resp == nil {
			cb.Invoke(js.Null(), js.Undefined())
			return
		}
		cb.Invoke(js.Null(), string(resp))
	}()
	return nil
}

// on(id, type, fn|null) → null or {code, message}; fn(json, meta).
func (a *API) on(args []js.Value) any {
	ch, errv := a.channel(args[0])
	if ch == nil {
		return errv
	}
	fn := args[2]
	var f core.EventFunc
	if fn.Type() == js.TypeFunction {
		// Plain strings only: the loader builds the meta object, which
		// saves a crossing per property on every message.
		f = func(p []byte, m core.Meta) {
			defer func() { recover() }() // the loader catches; this is the last guard
			fn.Invoke(jsonArg(p), m.Type, m.Session)
		}
	}
	if err := ch.On(args[1].String(), f); err != nil {
		return jsError(err)
	}
	return js.Null()
}

func jsonArg(p []byte) any {
	if p == nil {
		return js.Undefined()
	}
	return string(p)
}

// handle(id, type, fn|null) → null or {code, message}. fn(json, meta)
// returns a Promise of a JSON string; a rejection's message travels back
// as HANDLER_ERROR, or with its code when it carries a known one.
func (a *API) handle(args []js.Value) any {
	ch, errv := a.channel(args[0])
	if ch == nil {
		return errv
	}
	fn := args[2]
	var f core.RequestFunc
	if fn.Type() == js.TypeFunction {
		f = func(ctx context.Context, p []byte, m core.Meta) ([]byte, error) {
			return await(ctx, fn.Invoke(jsonArg(p), m.Type, m.Session))
		}
	}
	if err := ch.Handle(args[1].String(), f); err != nil {
		return jsError(err)
	}
	return js.Null()
}

// await waits for a promise of a JSON string (or undefined).
func await(ctx context.Context, promise js.Value) ([]byte, error) {
	type result struct {
		v   []byte
		err error
	}
	done := make(chan result, 1)
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		defer release()
		if len(args) == 0 || args[0].Type() != js.TypeString {
			done <- result{}
			return nil
		}
		done <- result{v: []byte(args[0].String())}
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		defer release()
		e := &core.Error{Code: core.CodeHandlerError, Message: "handler failed"}
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			if m := args[0].Get("message"); m.Type() == js.TypeString {
				e.Message = m.String()
			}
			if c := args[0].Get("code"); c.Type() == js.TypeString {
				e.Code = core.Code(c.String())
			}
		}
		done <- result{err: e}
		return nil
	})
	// The callbacks release themselves when the promise settles, even
	// after a timeout: releasing them early would make a late settle panic.
	promise.Call("then", ok, fail)
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// onClose(id, fn): fn(null|{code,message}) once, when the channel closes.
func (a *API) onClose(args []js.Value) any {
	ch, errv := a.channel(args[0])
	fn := args[1]
	if ch == nil {
		fn.Invoke(errv)
		return nil
	}
	ch.OnClose(func(err error) { fn.Invoke(jsError(err)) })
	return nil
}

// close(id).
func (a *API) close(args []js.Value) any {
	if ch, _ := a.channel(args[0]); ch != nil {
		ch.Close()
	}
	return nil
}
