package tap

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"errors"
	"strconv"
	"strings"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Tuning of the tap.
const (
	capacity    = 4096    // records buffered at most
	bufferBytes = 4 << 20 // and bytes buffered at most
	flushEvery  = 100 * clock.Millisecond
	batchMax    = 256       // records per frame (the relay takes up to 1024)
	frameMax    = 192 << 10 // bytes per frame (the relay takes 256 KiB)
	backedUp    = 1 << 20   // socket bytes not yet sent: wait, do not pile on
	retryFirst  = 500 * clock.Millisecond
	retryMax    = 10 * clock.Second
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
	src        string // this page's source id, for the relay's duplicate check
	page, self string
	buf        *Buffer
	open       bool
	connecting bool
	buffered   int
	retry      clock.Duration
	reopenAt   clock.Duration
	flushAt    clock.Duration
}

// New returns a tap for the relay at url, an absolute ws: or wss: URL
// (the loader resolves relative ones against the page). The URL's room
// parameter names the room, "postbridge" when absent; role=tap is added
// when absent. page and self are the page's URL and origin, carried in
// every record; src is the page's source id, random per page load
// (see SourceID), so that records resent after a reconnection are kept
// once.
func New(url, page, self, src string) (*Tap, error) {
	if !strings.HasPrefix(url, "ws://") && !strings.HasPrefix(url, "wss://") || strings.ContainsAny(url, "# \t\r\n") {
		return nil, ErrURL
	}
	room, hasRole := "", false
	if i := strings.IndexByte(url, '?'); i >= 0 {
		for rest := url[i+1:]; rest != ""; {
			var kv string
			kv, rest, _ = strings.Cut(rest, "&")
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
	if !validRoom(src) {
		return nil, errors.New("tap: the source id must follow the room rule")
	}
	return &Tap{url: url, room: room, src: src, page: page, self: self, buf: NewBuffer(capacity, bufferBytes), retry: retryFirst}, nil
}

// SourceID makes a source id from 8 random bytes: "p-" and 16 hex digits.
func SourceID(random [8]byte) string {
	const hex = "0123456789abcdef"
	b := []byte("p-")
	for _, c := range random {
		b = append(b, hex[c>>4], hex[c&15])
	}
	return string(b)
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
// What the relay had not confirmed goes out again on the next socket.
func (t *Tap) Closed(now clock.Duration) {
	t.buf.Rewind()
	t.buffered = 0
	t.open, t.connecting = false, false
	t.reopenAt = now + t.retry
	t.retry = min(t.retry*2, retryMax)
}

// Buffered tells the tap how many bytes its socket has not sent yet.
func (t *Tap) Buffered(n int) { t.buffered = n }

// Step says what to do at now: open the socket, send frames, and when to
// step again (zero: only when something is observed or the socket changes).
func (t *Tap) Step(now clock.Duration) (open bool, frames [][]byte, next clock.Duration) {
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
	if t.buf.Unsent() == 0 {
		return false, nil, 0
	}
	if now < t.flushAt {
		return false, nil, t.flushAt
	}
	sent, last := t.buffered, uint64(0)
	for sent < backedUp {
		f, n := t.buf.Frame(t.room, t.src, batchMax, frameMax)
		if f == nil {
			break
		}
		frames = append(frames, f)
		sent, last = sent+len(f), n
	}
	if last != 0 { // the pong confirms everything up to last
		frames = append(frames, strconv.AppendUint([]byte(`{"op":"ping","id":"n`), last, 10))
		frames[len(frames)-1] = append(frames[len(frames)-1], `"}`...)
	}
	t.buffered = sent
	t.flushAt = now + flushEvery
	if t.buf.Unsent() > 0 {
		next = t.flushAt
	}
	return false, frames, next
}

// Received hands the tap a frame the relay sent. A pong to one of its
// pings confirms the records up to the number it names; anything else is
// of no interest to a tap.
func (t *Tap) Received(frame []byte) {
	v, err := jsonvalue.Parse(frame, jsonvalue.Limits{MaxBytes: 4096, MaxDepth: 4})
	if err != nil {
		return
	}
	op, _ := v.Get("op")
	id, _ := v.Get("id")
	if op.Str() != "pong" || !strings.HasPrefix(id.Str(), "n") {
		return
	}
	if n, err := strconv.ParseUint(id.Str()[1:], 10, 64); err == nil {
		t.buf.Confirm(n)
	}
}
