package tap

import (
	"errors"
	"strings"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
)

// Tuning of the tap.
const (
	capacity    = 4096    // records buffered at most
	bufferBytes = 4 << 20 // and bytes buffered at most
	flushEvery  = 100 * time.Millisecond
	batchMax    = 256       // records per frame (the relay takes up to 1024)
	frameMax    = 192 << 10 // bytes per frame (the relay takes 256 KiB)
	backedUp    = 1 << 20   // socket bytes not yet sent: wait, do not pile on
	retryFirst  = 500 * time.Millisecond
	retryMax    = 10 * time.Second
	defaultRoom = "postbridge"
)

// ErrURL reports a tap URL the tap cannot use.
var ErrURL = errors.New("tap: the URL must be ws:// or wss:// with an optional room of [A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

// Tap decides what to send to the relay and when. It holds no socket: its
// host opens one when Step says so, reports Opened, Closed and Buffered,
// and sends the frames Step returns. A missing or slow relay costs a few
// appends and a counter, nothing more.
type Tap struct {
	url, room  string
	page, self string
	buf        *Buffer
	open       bool
	connecting bool
	buffered   int
	retry      time.Duration
	reopenAt   time.Duration
	flushAt    time.Duration
}

// New returns a tap for the relay at url, an absolute ws: or wss: URL
// (the loader resolves relative ones against the page). The URL's room
// parameter names the room, "postbridge" when absent; role=tap is added
// when absent. page and self are the page's URL and origin, carried in
// every record.
func New(url, page, self string) (*Tap, error) {
	if !strings.HasPrefix(url, "ws://") && !strings.HasPrefix(url, "wss://") || strings.ContainsAny(url, "# \t\r\n") {
		return nil, ErrURL
	}
	room, hasRole := "", false
	if i := strings.IndexByte(url, '?'); i >= 0 {
		for _, kv := range strings.Split(url[i+1:], "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "room":
				room = v
			case "role":
				hasRole = true
			}
		}
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	if room == "" {
		room = defaultRoom
		url += sep + "room=" + room
		sep = "&"
	}
	if !validRoom(room) {
		return nil, ErrURL
	}
	if !hasRole {
		url += sep + "role=tap"
	}
	return &Tap{url: url, room: room, page: page, self: self, buf: NewBuffer(capacity, bufferBytes), retry: retryFirst}, nil
}

func validRoom(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '.' || c == '_' || c == ':' || c == '-')
		if !ok {
			return false
		}
	}
	return true
}

// URL returns the URL the host must open.
func (t *Tap) URL() string { return t.url }

// Observe records one decision; it never blocks.
func (t *Tap) Observe(d core.Decision) {
	t.buf.Add(Record{Decision: d, Page: t.page, Self: t.self})
}

// Dropped returns how many decisions were lost because the buffer was full.
func (t *Tap) Dropped() int { return t.buf.Dropped() }

// Opened tells the tap its socket is open.
func (t *Tap) Opened() { t.open, t.connecting, t.retry = true, false, retryFirst }

// Closed tells the tap its socket closed (or failed to open) at now.
func (t *Tap) Closed(now time.Duration) {
	t.open, t.connecting = false, false
	t.reopenAt = now + t.retry
	t.retry = min(t.retry*2, retryMax)
}

// Buffered tells the tap how many bytes its socket has not sent yet.
func (t *Tap) Buffered(n int) { t.buffered = n }

// Step says what to do at now: open the socket, send frames, and when to
// step again (zero: only when something is observed or the socket changes).
func (t *Tap) Step(now time.Duration) (open bool, frames [][]byte, next time.Duration) {
	if !t.open {
		if !t.connecting && now >= t.reopenAt {
			t.connecting = true
			return true, nil, 0
		}
		if !t.connecting {
			return false, nil, t.reopenAt
		}
		return false, nil, 0
	}
	if t.buf.Len() == 0 {
		return false, nil, 0
	}
	if now < t.flushAt {
		return false, nil, t.flushAt
	}
	sent := t.buffered
	for sent < backedUp {
		f := t.buf.Frame(t.room, batchMax, frameMax)
		if f == nil {
			break
		}
		frames = append(frames, f)
		sent += len(f)
	}
	t.buffered = sent
	t.flushAt = now + flushEvery
	if t.buf.Len() > 0 {
		next = t.flushAt
	}
	return false, frames, next
}
