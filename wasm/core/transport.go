package core

// Window is the peer window as the channel sees it before the handshake:
// something to post to that always names the exact target origin. The
// boundary implements it with a small window id the loader maps to the
// real window; tests use a fake.
type Window interface {
	// Post sends data to the peer window with target, one of the
	// configured origins, as targetOrigin. The browser drops it if the
	// window shows another origin. Post must not keep data after it
	// returns.
	Post(data []byte, target string) error
	// Offer creates a fresh MessageChannel, posts data to the peer window
	// (again with the exact targetOrigin target) transferring one end, and
	// returns the other end, not yet started. Offer must not keep data.
	Offer(data []byte, target string) (Port, error)
	// Is reports whether source, the identity of a message event's
	// event.source as the glue gives it in Inbound.Source, is this window.
	Is(source any) bool
}

// Port is one end of a MessageChannel: after the handshake all traffic
// moves there, out of reach of every other window.
type Port interface {
	// Post sends data to the other end. Post must not keep data after it
	// returns: the channel reuses its buffer.
	Post(data []byte) error
	// Start begins delivery: recv is called for each message, in order.
	// data holds the message when kind is DataString and is only valid
	// during the call.
	Start(recv func(data []byte, kind DataKind))
	// Close closes the port; later messages are dropped.
	Close()
}

// PartsPoster is a Port that can post a message given as the envelope
// around a payload: head, then payload, then tail. The boundary uses it to
// hand the loader the JavaScript string it already holds for the payload
// instead of a copy of it.
type PartsPoster interface {
	PostParts(head, payload, tail []byte) error
}

// Inbound is one message event received by a page's window.
type Inbound struct {
	// Origin is event.origin as the browser serialised it.
	Origin string
	// Source identifies event.source: the glue passes whatever its
	// Window.Is understands (a window id in the browser, a pointer in
	// tests); nil when the source is no window the page knows.
	Source any
	// Data is the message when Kind is DataString; it is only valid
	// during Dispatch, which never keeps it.
	Data []byte
	// Kind says what event.data was.
	Kind DataKind
	// Length is the string's length in UTF-16 code units when Kind is
	// DataTooLong.
	Length int
	// Port is event.ports[0] when one was transferred, else nil.
	Port Port
}

// DataKind says what a message event carried, as far as the glue looked.
type DataKind uint8

const (
	// DataString is a string, copied into Data.
	DataString DataKind = iota
	// DataOther is anything but a string; the glue did not read it
	// further. No envelope is ever anything but a string.
	DataOther
	// DataTooLong is a string the glue did not copy because it could not
	// fit the message limit: longer in UTF-16 code units than the limit
	// in bytes, or longer than the limit once encoded as UTF-8.
	DataTooLong
)
