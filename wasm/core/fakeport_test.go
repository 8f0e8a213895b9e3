package core_test

// The fake MessageChannel and the pages' event loops.

import (
	"sync"

	"github.com/postbridge/postbridge/wasm/core"
)

// port is one end of a fake MessageChannel; it implements core.Port.
type port struct {
	peer *port

	mu      sync.Mutex
	owner   *page // whose event loop delivers; nil until owned
	recv    func([]byte, core.DataKind)
	started bool
	closed  bool
	inbox   [][]byte
	sent    [][]byte // the last keepSent messages posted through this end
}

const keepSent = 16

func newMessageChannel() (*port, *port) {
	a, b := &port{}, &port{}
	a.peer, b.peer = b, a
	return a, b
}

// Post queues data for the other end.
func (x *port) Post(data []byte) error {
	data = append([]byte(nil), data...)
	x.mu.Lock()
	closed := x.closed && !x.ignoreClose()
	if len(x.sent) == keepSent {
		copy(x.sent, x.sent[1:])
		x.sent = x.sent[:keepSent-1]
	}
	x.sent = append(x.sent, data)
	x.mu.Unlock()
	if closed {
		return nil // posting on a closed port does nothing
	}
	x.peer.enqueue(data)
	return nil
}

func (x *port) enqueue(data []byte) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed && !x.ignoreClose() {
		return
	}
	x.inbox = append(x.inbox, data)
	if x.started && x.owner != nil {
		x.owner.loop.post(x.deliverOne)
	}
}

// Start begins delivery of what is buffered and of what comes later.
func (x *port) Start(recv func(data []byte, kind core.DataKind)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.recv, x.started = recv, true
	if x.owner == nil {
		return
	}
	for range x.inbox {
		x.owner.loop.post(x.deliverOne)
	}
}

// deliverOne runs on the owner's event loop: one task per message.
func (x *port) deliverOne() {
	x.mu.Lock()
	if len(x.inbox) == 0 || x.closed && !x.ignoreClose() {
		x.mu.Unlock()
		return
	}
	data := x.inbox[0]
	x.inbox = x.inbox[1:]
	recv := x.recv
	x.mu.Unlock()
	recv(data, core.DataString)
}

// Close stops delivery for good.
func (x *port) Close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.closed = true
	if !x.ignoreClose() {
		x.inbox = nil
	}
}

func (x *port) ignoreClose() bool {
	return x.owner != nil && x.owner.b.ignorePortClose
}

// posted returns what was posted through this end.
func (x *port) posted() [][]byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([][]byte(nil), x.sent...)
}

// loop is a page's event loop: tasks run one at a time, first in first out.
type loop struct {
	mu    sync.Mutex
	tasks []func()
	wake  chan struct{}
	quit  chan struct{}
	once  sync.Once
}

func newLoop() *loop {
	l := &loop{wake: make(chan struct{}, 1), quit: make(chan struct{})}
	go l.run()
	return l
}

func (l *loop) post(f func()) {
	l.mu.Lock()
	l.tasks = append(l.tasks, f)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *loop) run() {
	for {
		l.mu.Lock()
		if len(l.tasks) == 0 {
			l.mu.Unlock()
			select {
			case <-l.wake:
				continue
			case <-l.quit:
				return
			}
		}
		f := l.tasks[0]
		l.tasks[0] = nil
		l.tasks = l.tasks[1:]
		l.mu.Unlock()
		f()
	}
}

func (l *loop) stop() { l.once.Do(func() { close(l.quit) }) }
