package boundary

import (
	"github.com/postbridge/postbridge/wasm/clock"
	"strconv"

	"math"

	"github.com/postbridge/postbridge/wasm/core"
)

// jsChannel is a channel opened by the JavaScript API.
type jsChannel struct {
	id       uint32
	c        *core.Channel
	win      *window
	events   map[string]uint32 // type → handler id
	requests map[string]uint32
	closed   bool
}

// Open is pb_open: the connect config, as JSON, fills the first n bytes of
// the inbox. It returns the channel's id, with the peer's canonical origin
// as the result, or -1 with the error as the result.
func (h *Host) Open(n int) int32 {
	b, ok := h.slice(0, n)
	if !ok {
		return h.fail(badConfig("connect: the configuration does not fit the buffer"))
	}
	cfg, win, err := parseConnect(b)
	if err != nil {
		if _, used := h.windows[win]; win != 0 && !used {
			h.Out.op(OpForgetWindow) // the loader may drop the window again
			h.Out.u32(win)
		}
		return h.fail(err)
	}
	cfg.core.Sandboxed = h.self == "null"
	w := h.useWindow(win)
	var c *core.Channel
	withASCII(cfg.toASCII, func() { c, err = h.router.Open(cfg.core, w) })
	if err != nil {
		h.releaseWindow(w)
		return h.fail(err)
	}
	h.nextCh++
	jc := &jsChannel{id: h.nextCh, c: c, win: w, events: map[string]uint32{}, requests: map[string]uint32{}}
	h.channels[jc.id] = jc
	c.OnSession(func(session string) {
		h.Out.op(OpConnected)
		h.Out.u32(jc.id)
		h.Out.str(session)
		h.Out.str(c.Origin())
		h.wrote()
	})
	c.OnClose(func(err error) { h.closed(jc, err) })
	h.result(c.Origin())
	return int32(jc.id)
}

// closed tells the loader that jc ended, and forgets it.
func (h *Host) closed(jc *jsChannel, err error) {
	if jc.closed {
		return
	}
	jc.closed = true
	delete(h.channels, jc.id)
	for _, m := range []map[string]uint32{jc.events, jc.requests} {
		for _, id := range m {
			h.dropHandler(id)
		}
	}
	be := asError(err)
	h.Out.op(OpClosed)
	h.Out.u32(jc.id)
	h.Out.str(string(be.Code))
	h.Out.str(be.Error())
	h.releaseWindow(jc.win)
	h.wrote()
}

func (h *Host) dropHandler(id uint32) {
	h.Out.op(OpDropHandler)
	h.Out.u32(id)
	h.wrote()
}

func asError(err error) *core.Error {
	if be, ok := err.(*core.Error); ok {
		return be
	}
	if err == nil {
		return core.ErrClosed
	}
	return &core.Error{Code: core.CodeClosed, Message: err.Error()}
}

func badConfig(msg string) error { return &core.Error{Code: core.CodeBadConfig, Message: msg} }

func (h *Host) channel(id uint32) (*jsChannel, int32) {
	if jc, ok := h.channels[id]; ok {
		return jc, 0
	}
	return nil, h.fail(&core.Error{Code: core.CodeClosed, Message: "the channel is closed"})
}

// typeAndPayload reads a message type (typeLen bytes) and a JSON payload
// after it: payloadLen bytes, -1 for none (undefined), -2 for one that
// did not fit the inbox.
func (h *Host) typeAndPayload(typeLen, payloadLen int) (string, []byte, error) {
	t, ok := h.slice(0, typeLen)
	if !ok {
		return "", nil, badConfig("type does not fit the buffer")
	}
	h.arg(0, 0, typeLen)
	switch {
	case payloadLen == -1:
		return h.intern(t), nil, nil
	case payloadLen == -2:
		return "", nil, &core.Error{Code: core.CodeTooLarge, Message: "payload is larger than the " + itoa(len(h.in)) + "-byte buffer"}
	}
	p, ok := h.slice(typeLen, payloadLen)
	if !ok {
		return "", nil, badConfig("payload does not fit the buffer")
	}
	h.arg(1, typeLen, payloadLen)
	return h.intern(t), p, nil
}

// Emit is pb_emit.
func (h *Host) Emit(ch uint32, typeLen, payloadLen int) int32 {
	jc, e := h.channel(ch)
	if jc == nil {
		return e
	}
	typ, p, err := h.typeAndPayload(typeLen, payloadLen)
	if err == nil {
		err = jc.c.Emit(typ, p)
	}
	if err != nil {
		return h.fail(err)
	}
	return 0
}

// Request is pb_request: it returns the request's id, which the loader
// keeps its promise under until OpSettle or OpFail names it. timeoutMs is
// NaN when the caller gave none.
func (h *Host) Request(ch uint32, typeLen, payloadLen int, timeoutMs float64) int32 {
	jc, e := h.channel(ch)
	if jc == nil {
		return e
	}
	var timeout clock.Duration
	if !math.IsNaN(timeoutMs) {
		if timeoutMs <= 0 || timeoutMs > 3600e3 || math.IsInf(timeoutMs, 0) {
			return h.fail(badConfig("request timeout must be a number of milliseconds in (0, 3600000]"))
		}
		timeout = clock.Duration(timeoutMs * float64(clock.Millisecond))
	}
	typ, p, err := h.typeAndPayload(typeLen, payloadLen)
	if err != nil {
		return h.fail(err)
	}
	h.nextReq++
	if h.nextReq > math.MaxInt32 {
		h.nextReq = 1
	}
	id := h.nextReq
	if _, err := jc.c.RequestAsync(typ, p, timeout, h, uint64(id)); err != nil {
		return h.fail(err)
	}
	return int32(id)
}

// Settle implements core.Settler for the JavaScript API's requests.
func (h *Host) Settle(token uint64, resp []byte, err error) {
	if err != nil {
		be := asError(err)
		h.Out.op(OpFail)
		h.Out.u32(uint32(token))
		h.Out.str(string(be.Code))
		h.Out.str(be.Error())
	} else if start, end, ok := h.messageRange(resp); ok {
		h.Out.op(OpSettleAt)
		h.Out.u32(uint32(token))
		h.Out.u32(uint32(start))
		h.Out.u32(uint32(end))
	} else {
		h.Out.op(OpSettle)
		h.Out.u32(uint32(token))
		h.Out.opt(resp)
	}
	h.wrote()
}

// On is pb_on: on is 1 to register a handler of the type in the inbox, 0
// to remove it. It returns the handler's id (0 when removed), which
// OpEvent names.
func (h *Host) On(ch uint32, typeLen int, on bool) int32 {
	return h.register(ch, typeLen, on, false)
}

// Handle is pb_handle, as On for request handlers; OpCall names the id.
func (h *Host) Handle(ch uint32, typeLen int, on bool) int32 {
	return h.register(ch, typeLen, on, true)
}

func (h *Host) register(ch uint32, typeLen int, on, isRequest bool) int32 {
	jc, e := h.channel(ch)
	if jc == nil {
		return e
	}
	t, ok := h.slice(0, typeLen)
	if !ok {
		return h.fail(badConfig("type does not fit the buffer"))
	}
	typ := string(t)
	m := jc.events
	if isRequest {
		m = jc.requests
	}
	var id uint32
	var err error
	if on {
		h.nextFn++
		id = h.nextFn
		if isRequest {
			err = jc.c.HandleAsync(typ, h.callHandler(jc.id, id))
		} else {
			err = jc.c.On(typ, h.eventHandler(id))
		}
	} else if isRequest {
		err = jc.c.HandleAsync(typ, nil)
	} else {
		err = jc.c.On(typ, nil)
	}
	if err != nil {
		return h.fail(err)
	}
	if old, ok := m[typ]; ok {
		h.dropHandler(old)
		delete(m, typ)
	}
	if on {
		m[typ] = id
	}
	return int32(id)
}

func (h *Host) eventHandler(id uint32) core.EventFunc {
	return func(payload []byte, _ core.Meta) {
		if start, end, ok := h.messageRange(payload); ok {
			h.Out.op(OpEventAt)
			h.Out.u32(id)
			h.Out.u32(uint32(start))
			h.Out.u32(uint32(end))
		} else {
			h.Out.op(OpEvent)
			h.Out.u32(id)
			h.Out.opt(payload)
		}
		h.wrote()
	}
}

func (h *Host) callHandler(ch, id uint32) core.AsyncHandler {
	return func(in core.Incoming, payload []byte, _ core.Meta) {
		start, end, at := h.messageRange(payload)
		if at {
			h.Out.op(OpCallAt)
		} else {
			h.Out.op(OpCall)
		}
		h.Out.u32(id)
		h.Out.u32(ch)
		h.Out.f64(float64(in.ID()))
		if at {
			h.Out.u32(uint32(start))
			h.Out.u32(uint32(end))
		} else {
			h.Out.opt(payload)
		}
		h.wrote()
	}
}

// Answer is pb_answer: the JavaScript handler of request call on channel
// ch settled. With ok, a is the answer's JSON length in the inbox (-1:
// undefined, -2: did not fit); without, the inbox holds the rejection's
// code (a bytes, may be empty) and message (b bytes).
func (h *Host) Answer(ch uint32, call float64, ok bool, a, b int) {
	jc, found := h.channels[ch]
	if !found || call < 1 || call > 1<<53 {
		return
	}
	in := jc.c.Incoming(uint64(call))
	if ok {
		switch a {
		case -1:
			in.Reply(nil, nil)
		case -2:
			in.Reply(nil, &core.Error{Code: core.CodeTooLarge, Message: "the handler's answer is larger than the " + itoa(len(h.in)) + "-byte buffer"})
		default:
			if p, fits := h.slice(0, a); fits {
				h.arg(0, 0, a)
				in.Reply(p, nil)
			}
		}
		return
	}
	code, fits := h.slice(0, a)
	msg, fits2 := h.slice(a, b)
	if !fits || !fits2 {
		in.Reply(nil, &core.Error{Code: core.CodeHandlerError, Message: "handler failed"})
		return
	}
	in.Reply(nil, &core.Error{Code: peerCode(string(code)), Message: string(msg)})
}

// peerCode keeps the codes a handler may answer with; any other becomes
// HANDLER_ERROR.
func peerCode(s string) core.Code {
	switch c := core.Code(s); c {
	case core.CodeTimeout, core.CodeUnknownType, core.CodeSchema, core.CodeTooLarge, core.CodeLimit, core.CodeClosed:
		return c
	}
	return core.CodeHandlerError
}

// Close is pb_close.
func (h *Host) Close(ch uint32) {
	if jc, ok := h.channels[ch]; ok {
		jc.c.Close()
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
