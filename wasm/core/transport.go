package core

// Window is the peer window as the channel sees it before the handshake:
// something to post to that always names the exact target origin. The
// browser glue implements it over window.postMessage; tests use a fake.
type Window interface {
	// Post sends data to the peer window with the configured origin as
	// targetOrigin. The browser drops it if the window shows another origin.
	Post(data []byte) error
	// Offer creates a fresh MessageChannel, posts data to the peer window
	// (again with the exact targetOrigin) transferring one end, and returns
	// the other end, not yet started.
	Offer(data []byte) (Port, error)
}

// Port is one end of a MessageChannel: after the handshake all traffic
// moves there, out of reach of every other window.
type Port interface {
	// Post sends data to the other end.
	Post(data []byte) error
	// Start begins delivery: recv is called for each message, in order.
	// isString is false when the message was not a string, which no
	// envelope ever is.
	Start(recv func(data []byte, isString bool))
	// Close closes the port; later messages are dropped.
	Close()
}

// Inbound is one message event received by a page's window.
type Inbound struct {
	// Origin is event.origin as the browser serialised it.
	Origin string
	// From reports whether event.source is the given window; the glue
	// compares with ===, a fake compares identities.
	From func(w Window) bool
	// Data is the message when it was a string.
	Data []byte
	// IsString is false when event.data was anything but a string.
	IsString bool
	// Port is event.ports[0] when one was transferred, else nil.
	Port Port
}
