package boundary

import "github.com/postbridge/postbridge/wasm/core"

// window is a peer window as Go knows it: the id the loader gave it, and
// the exact origin every post to it names. It implements core.Window.
type window struct {
	h    *Host
	id   uint32
	refs int // channels using it
}

// Post implements core.Window.
func (w *window) Post(data []byte, target string) error {
	w.h.Out.op(OpPostWindow)
	w.h.Out.u32(w.id)
	w.h.Out.str(target)
	w.h.Out.bytes(data)
	w.h.wrote()
	return nil
}

// Offer implements core.Window: the loader creates the MessageChannel.
func (w *window) Offer(data []byte, target string) (core.Port, error) {
	p := w.h.newPort()
	w.h.Out.op(OpOffer)
	w.h.Out.u32(w.id)
	w.h.Out.u32(p.id)
	w.h.Out.str(target)
	w.h.Out.bytes(data)
	w.h.wrote()
	return p, nil
}

// Is implements core.Window: source is the *window the host found for
// event.source's id.
func (w *window) Is(source any) bool { return source == any(w) }

// source returns the window of id, or nil (an unknown source).
func (h *Host) source(id uint32) any {
	if id == 0 {
		return nil // event.source was null or not a window the loader knows
	}
	if w, ok := h.windows[id]; ok {
		return w
	}
	return nil
}

// useWindow returns the window of id, posting to origin, counting one
// more channel on it.
func (h *Host) useWindow(id uint32) *window {
	w, ok := h.windows[id]
	if !ok {
		w = &window{h: h, id: id}
		h.windows[id] = w
	}
	w.refs++
	return w
}

// UseWindow returns the window the loader knows as id, for a channel the
// Go API opens (which names the exact targetOrigin of every post);
// ReleaseWindow when the channel is done with it.
func (h *Host) UseWindow(id uint32) core.Window { return h.useWindow(id) }

// ReleaseWindow undoes UseWindow.
func (h *Host) ReleaseWindow(w core.Window) {
	if x, ok := w.(*window); ok {
		h.releaseWindow(x)
	}
}

// releaseWindow counts one channel less on w and tells the loader to
// forget it when none is left.
func (h *Host) releaseWindow(w *window) {
	if w.refs--; w.refs > 0 {
		return
	}
	delete(h.windows, w.id)
	h.Out.op(OpForgetWindow)
	h.Out.u32(w.id)
	h.wrote()
}

// port is one end of a MessageChannel that the loader holds under id. A
// port transferred with a window message has no id until the core takes
// it (Start); one the core declines is closed (OpDropPorts), and one
// transferred with a message that is not Postbridge's is left alone.
type port struct {
	h      *Host
	id     uint32
	recv   func([]byte, core.DataKind)
	closed bool
}

func (h *Host) newPort() *port {
	h.nextPort++
	p := &port{h: h, id: h.nextPort}
	h.ports[p.id] = p
	return p
}

// Post implements core.Port.
func (p *port) Post(data []byte) error {
	if p.closed || p.id == 0 {
		return nil
	}
	p.h.Out.op(OpPostPort)
	p.h.Out.u32(p.id)
	p.h.Out.bytes(data)
	p.h.wrote()
	return nil
}

// PostParts implements core.PartsPoster: when the payload is a string the
// loader wrote for this call, the loader posts head + that string + tail
// (OpPostSplice) and the payload is neither copied nor decoded again.
func (p *port) PostParts(head, payload, tail []byte) error {
	if p.closed || p.id == 0 {
		return nil
	}
	o := &p.h.Out
	if k, ok := p.h.argIndex(payload); ok {
		o.op(OpPostSplice)
		o.u32(p.id)
		o.bytes(head)
		o.u32(uint32(k))
		o.bytes(tail)
	} else {
		o.op(OpPostPort)
		o.u32(p.id)
		h := uint32(len(head) + len(payload) + len(tail))
		if isASCII(head) && isASCII(payload) && isASCII(tail) {
			h |= asciiBit
		}
		o.u32(h)
		o.b = append(append(append(o.b, head...), payload...), tail...)
	}
	p.h.wrote()
	return nil
}

// Start implements core.Port. A transferred port gets its id now, and the
// loader adopts event.ports[0] under it.
func (p *port) Start(recv func([]byte, core.DataKind)) {
	if p.closed {
		return
	}
	if p.id == 0 {
		p.h.nextPort++
		p.id = p.h.nextPort
		p.h.ports[p.id] = p
		p.h.Out.op(OpAdopt)
		p.h.Out.u32(p.id)
		p.h.wrote()
	}
	p.recv = recv
}

// Close implements core.Port.
func (p *port) Close() {
	if p.closed {
		return
	}
	p.closed = true
	if p.id == 0 { // transferred with the window message being handled, never taken
		p.h.Out.op(OpDropPorts)
		p.h.wrote()
		return
	}
	delete(p.h.ports, p.id)
	p.h.Out.op(OpClosePort)
	p.h.Out.u32(p.id)
	p.h.wrote()
}

// SameOrigin is the length pb_gate takes for "the same origin as the
// previous pb_gate call": a flood from one origin is not encoded into the
// inbox again for every message.
const SameOrigin = -3

// Gate is pb_gate: a window message event, seen by its origin (the first
// n bytes of the inbox, or SameOrigin), the id of its source window (0:
// event.source was null or unknown) and event.isTrusted alone. It reports
// whether the loader may read the rest of the event: never for an event
// that script dispatched, whatever it claims.
func (h *Host) Gate(win uint32, n int, trusted bool) bool {
	if n != SameOrigin {
		b, ok := h.slice(0, n)
		if !ok {
			h.lastGate = ""
			return false
		}
		h.lastGate = h.originString(b)
	}
	if !trusted {
		h.router.Untrusted(h.lastGate)
		return false
	}
	return h.router.Admit(h.lastGate, h.source(win))
}

// Window is pb_window: a window message event that the gate admitted.
// The inbox holds its origin (originLen bytes) and then, when kind is
// core.DataString, its data (dataLen bytes). length is the string's UTF-16
// length when it was too long to copy; ports is event.ports.length. The
// checks run again, from the origin on: nothing is delivered on the
// loader's word.
func (h *Host) Window(win uint32, originLen int, kind core.DataKind, dataLen, length, ports int) {
	o, ok := h.slice(0, originLen)
	if !ok {
		return
	}
	m := core.Inbound{Origin: h.originString(o), Source: h.source(win), Kind: kind, Length: length}
	switch kind {
	case core.DataString:
		d, ok := h.slice(originLen, dataLen)
		if !ok {
			return
		}
		m.Data = d
	case core.DataOther, core.DataTooLong:
	default:
		m.Kind = core.DataOther
	}
	if ports > 0 {
		m.Port = &port{h: h}
	}
	h.router.Dispatch(m)
}

// Port is pb_port: a message on port id, with kind and sizes as for
// Window (the data starts at the beginning of the inbox); length is the
// string's UTF-16 length whatever its kind.
func (h *Host) Port(id uint32, kind core.DataKind, dataLen, length int) {
	p, ok := h.ports[id]
	if !ok || p.recv == nil {
		return
	}
	switch kind {
	case core.DataString:
		d, ok := h.slice(0, dataLen)
		if !ok {
			return
		}
		// One byte per UTF-16 unit only when every character is ASCII.
		h.msgLen, h.msgASCII = dataLen, dataLen == length
		p.recv(d, core.DataString)
	case core.DataTooLong:
		p.recv(nil, core.DataTooLong)
	default:
		p.recv(nil, core.DataOther)
	}
}
