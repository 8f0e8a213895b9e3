package core_test

// A synchronous, single-goroutine browser for benchmarks and allocation
// tests: what the page's event loop does in the browser, with no
// goroutine, lock contention or allocation of its own on the message path.
// Window messages (the handshake) run as queued closures; port messages
// are copied into buffers reused from message to message.

import (
	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

type syncWorld struct {
	tasks   []func()
	deliver []*syncPort
}

// pump runs everything queued, and what that queues, until nothing is
// left.
func (w *syncWorld) pump() {
	for len(w.tasks) > 0 || len(w.deliver) > 0 {
		if len(w.tasks) > 0 {
			f := w.tasks[0]
			w.tasks = w.tasks[1:]
			f()
			continue
		}
		p := w.deliver[0]
		copy(w.deliver, w.deliver[1:])
		w.deliver = w.deliver[:len(w.deliver)-1]
		p.deliverOne()
	}
}

// syncWin is one page's handle on the other page's window.
type syncWin struct {
	w      *syncWorld
	to     *core.Router
	origin string // the sender's origin, as event.origin
	self   any    // the sender, as event.source
	peer   any    // the window this handle posts to
}

func (x *syncWin) Is(source any) bool { return source == x.peer }

func (x *syncWin) Post(data []byte, _ string) error {
	d := append([]byte(nil), data...)
	x.w.tasks = append(x.w.tasks, func() {
		x.to.Dispatch(core.Inbound{Origin: x.origin, Source: x.self, Data: d, Kind: core.DataString})
	})
	return nil
}

func (x *syncWin) Offer(data []byte, _ string) (core.Port, error) {
	mine, theirs := &syncPort{w: x.w}, &syncPort{w: x.w}
	mine.peer, theirs.peer = theirs, mine
	d := append([]byte(nil), data...)
	x.w.tasks = append(x.w.tasks, func() {
		x.to.Dispatch(core.Inbound{Origin: x.origin, Source: x.self, Data: d, Kind: core.DataString, Port: theirs})
	})
	return mine, nil
}

// syncPort is one end of a MessageChannel. Messages wait in a ring of
// buffers that are reused, as a browser reuses its IPC buffers.
type syncPort struct {
	w      *syncWorld
	peer   *syncPort
	recv   func([]byte, core.DataKind)
	closed bool
	ring   [][]byte
	head   int
	n      int
}

func (p *syncPort) Post(data []byte) error {
	q := p.peer
	if p.closed || q.closed {
		return nil
	}
	if q.n == len(q.ring) { // full: a ring twice the size, in order
		fresh := make([][]byte, 2*len(q.ring)+4)
		for i := 0; i < q.n; i++ {
			fresh[i] = q.ring[(q.head+i)%len(q.ring)]
		}
		q.ring, q.head = fresh, 0
	}
	slot := (q.head + q.n) % len(q.ring)
	q.ring[slot] = append(q.ring[slot][:0], data...)
	q.n++
	p.w.deliver = append(p.w.deliver, q)
	return nil
}

func (p *syncPort) Start(recv func([]byte, core.DataKind)) { p.recv = recv }

func (p *syncPort) Close() { p.closed = true }

func (p *syncPort) deliverOne() {
	if p.n == 0 || p.closed || p.recv == nil {
		return
	}
	data := p.ring[p.head]
	p.head = (p.head + 1) % len(p.ring)
	p.n--
	p.recv(data, core.DataString)
}

// syncPair opens "chat" between a main page and a widget in one
// synchronous world and completes the handshake.
func syncPair(observe func(core.Decision)) (w *syncWorld, mc, wc *core.Channel) {
	w = &syncWorld{}
	var mainR, widgetR *core.Router
	mainR = core.NewRouterWith(core.Options{Observe: observe, Wake: func(clock.Duration) {}})
	widgetR = core.NewRouterWith(core.Options{Observe: observe, Wake: func(clock.Duration) {}})
	mainSelf, widgetSelf := new(int), new(int)
	toWidget := &syncWin{w: w, to: widgetR, origin: mainOrigin, self: mainSelf, peer: widgetSelf}
	toMain := &syncWin{w: w, to: mainR, origin: widgetOrigin, self: widgetSelf, peer: mainSelf}
	var err error
	if mc, err = mainR.Open(core.Config{Origin: widgetOrigin, Channel: "chat"}, toWidget); err != nil {
		panic(err)
	}
	if wc, err = widgetR.Open(core.Config{Origin: mainOrigin, Channel: "chat"}, toMain); err != nil {
		panic(err)
	}
	w.pump()
	if mc.Session() == "" || wc.Session() == "" {
		panic("the synchronous handshake did not complete")
	}
	return w, mc, wc
}

// settled is a Settler that remembers the last answer.
type settled struct {
	n    int
	resp []byte
	err  error
}

func (s *settled) Settle(_ uint64, resp []byte, err error) {
	s.n++
	s.resp, s.err = append(s.resp[:0], resp...), err
}
