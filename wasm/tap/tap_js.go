//go:build js && wasm

package tap

import (
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
)

// Tuning of the browser tap.
const (
	capacity    = 4096 // decisions buffered at most
	flushEvery  = 100 * time.Millisecond
	batchMax    = 256       // records per frame (the relay takes up to 1024)
	frameMax    = 192 << 10 // bytes per frame (the relay takes 256 KiB)
	backedUp    = 1 << 20   // socket bytes not yet sent: wait, do not pile on
	retryFirst  = 500 * time.Millisecond
	retryMax    = 10 * time.Second
	defaultRoom = "postbridge"
)

// Tap streams decisions to a relay over the browser's WebSocket.
type Tap struct {
	url, room  string
	page, self string
	buf        *Buffer
	ws         js.Value
	open       bool
	retry      time.Duration
	funcs      []js.Func
}

// Start connects to the relay at url (ws: or wss:, relative URLs resolve
// against the page). The URL's room parameter names the room, "postbridge"
// when absent; role=tap is added when absent. Connection failures are
// retried with backoff, forever, quietly.
func Start(url string) *Tap {
	loc := js.Global().Get("location")
	u := js.Global().Get("URL").New(url, loc.Get("href"))
	q := u.Get("searchParams")
	if !q.Call("has", "role").Bool() {
		q.Call("set", "role", "tap")
	}
	room := defaultRoom
	if r := q.Call("get", "room"); r.Type() == js.TypeString {
		room = r.String()
	} else {
		q.Call("set", "room", room)
	}
	t := &Tap{
		url:   u.Call("toString").String(),
		room:  room,
		page:  loc.Get("href").String(),
		self:  js.Global().Get("origin").String(),
		buf:   NewBuffer(capacity),
		retry: retryFirst,
	}
	t.connect()
	go t.loop()
	return t
}

// Observe records one decision; it never blocks.
func (t *Tap) Observe(d core.Decision) {
	t.buf.Add(Record{Decision: d, Page: t.page, Self: t.self})
}

// Dropped returns how many decisions were lost because the buffer was full.
func (t *Tap) Dropped() int { return t.buf.Dropped() }

func (t *Tap) connect() {
	for _, f := range t.funcs {
		f.Release()
	}
	t.funcs = nil
	ws := js.Global().Get("WebSocket").New(t.url)
	on := func(name string, f func()) {
		fn := js.FuncOf(func(js.Value, []js.Value) any { f(); return nil })
		t.funcs = append(t.funcs, fn)
		ws.Set(name, fn)
	}
	on("onopen", func() { t.open, t.retry = true, retryFirst })
	on("onclose", func() {
		t.open = false
		wait := t.retry
		t.retry = min(t.retry*2, retryMax)
		time.AfterFunc(wait, t.connect)
	})
	t.ws = ws
}

func (t *Tap) loop() {
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	for range tick.C {
		for t.open && t.ws.Get("bufferedAmount").Int() < backedUp {
			frame := t.buf.Frame(t.room, batchMax, frameMax)
			if frame == nil {
				break
			}
			t.ws.Call("send", string(frame))
		}
	}
}
