package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/coder/websocket"
)

// Options describe how to connect. Only Role is usually needed from a page;
// Go programs without a browser Origin need Token.
type Options struct {
	// Role is "tap", "dashboard" or "driver". Empty means "driver".
	Role string
	// Room is optional: a tap may publish into this room only; a dashboard
	// or driver starts subscribed to it ("*" for every room).
	Room string
	// Token is the relay's start-up token, for clients without an Origin
	// header. It is sent as "Authorization: Bearer <token>".
	Token string
	// Origin, if set, is sent as the Origin header, to act as a page.
	Origin string
	// Host overrides the Host header (Go does not resolve *.localhost, so
	// tests dial 127.0.0.1 and name the host here).
	Host string
	// Header holds extra handshake headers.
	Header http.Header
}

// Conn is a connection to the relay. One goroutine may call Next while
// others call the sending methods.
//
// A reader goroutine inside the Conn reads the socket all the time, so
// that the websocket library answers the relay's pings even while the
// program only publishes: a client that reads nothing for the relay's
// PingTimeout is dropped as dead. It holds up to inboxSize frames for
// Next; a program that subscribes and stops calling Next stops reading
// after that, and the relay treats it as the slow or dead consumer it is.
type Conn struct {
	ws     *websocket.Conn
	id     string
	role   string
	epoch  string
	limits Limits

	inbox chan inbound  // frames the reader read, in order
	done  chan struct{} // closed when the reader has ended
	err   error         // why the reader ended; set before done is closed
	stop  chan struct{} // closed by Close: the reader must not block on inbox
	once  sync.Once
}

// inboxSize is the number of frames read ahead of Next.
const inboxSize = 64

type inbound struct {
	typ websocket.MessageType
	b   []byte
}

// HandshakeError is a refused upgrade. StatusCode is the HTTP status the
// relay answered with (403: origin or token refused; 400: bad query; 503:
// shutting down or full), or 0 if no response arrived.
type HandshakeError struct {
	StatusCode int
	Err        error
}

// Error implements error.
func (e *HandshakeError) Error() string {
	return fmt.Sprintf("client: relay refused the connection (HTTP %d): %v", e.StatusCode, e.Err)
}

// Unwrap returns the websocket library's error.
func (e *HandshakeError) Unwrap() error { return e.Err }

// Dial connects to the relay at rawURL (ws:// or wss://, path included) and
// waits for its welcome frame.
func Dial(ctx context.Context, rawURL string, opts Options) (*Conn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("client: relay URL: %w", err)
	}
	if opts.Role == "" {
		opts.Role = "driver"
	}
	q := u.Query()
	q.Set("role", opts.Role)
	if opts.Room != "" {
		q.Set("room", opts.Room)
	}
	u.RawQuery = q.Encode()
	dopts, err := dialOptions(opts)
	if err != nil {
		return nil, err
	}
	ws, resp, err := websocket.Dial(ctx, u.String(), dopts)
	if err != nil {
		he := &HandshakeError{Err: err}
		if resp != nil {
			he.StatusCode = resp.StatusCode
		}
		return nil, he
	}
	_, b, err := ws.Read(ctx)
	if err != nil {
		_ = ws.CloseNow()
		return nil, fmt.Errorf("client: waiting for welcome: %w", err)
	}
	var w serverFrame
	if err := json.Unmarshal(b, &w); err != nil || w.Op != "welcome" {
		_ = ws.CloseNow()
		return nil, fmt.Errorf("%w: first frame is not a welcome", ErrUnexpected)
	}
	// A relayed frame is at most MaxFrame of data plus a small envelope.
	ws.SetReadLimit(int64(w.Limits.MaxFrame) + 4096)
	c := &Conn{ws: ws, id: w.ID, role: w.Role, epoch: w.Epoch, limits: w.Limits,
		inbox: make(chan inbound, inboxSize), done: make(chan struct{}), stop: make(chan struct{})}
	go c.read()
	return c, nil
}

// read is the reader goroutine: it reads until the connection ends.
func (c *Conn) read() {
	defer close(c.done)
	for {
		typ, b, err := c.ws.Read(context.Background())
		if err != nil {
			c.err = err
			return
		}
		select {
		case c.inbox <- inbound{typ, b}:
		case <-c.stop:
			c.err = net.ErrClosed
			return
		}
	}
}

// ID is the id the relay gave this connection; subscribers see it as
// Msg.From.
func (c *Conn) ID() string { return c.id }

// Limits are the relay's limits as announced at connection.
func (c *Conn) Limits() Limits { return c.limits }

// Epoch names the relay process that welcomed this connection. Sender
// ids and sequence numbers are unique within one epoch only.
func (c *Conn) Epoch() string { return c.epoch }

// Subscribe asks for the publications of room ("*" for every room). The
// relay confirms with an Ack{Op: "subscribed"} or refuses with an
// *ErrorFrame, both returned by Next.
func (c *Conn) Subscribe(ctx context.Context, room string) error {
	return c.send(ctx, request{Op: "sub", Room: room})
}

// Unsubscribe stops the publications of room; confirmed by
// Ack{Op: "unsubscribed"}.
func (c *Conn) Unsubscribe(ctx context.Context, room string) error {
	return c.send(ctx, request{Op: "unsub", Room: room})
}

// Publish sends data, encoded with encoding/json, into room. The relay
// accepts JSON objects only (a struct, a map or a json.RawMessage holding
// an object); anything else comes back from Next as an ErrBadFrame.
// Publications are not acknowledged; use Ping as a barrier.
func (c *Conn) Publish(ctx context.Context, room string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("client: encoding data: %w", err)
	}
	return c.send(ctx, request{Op: "pub", Room: room, Data: b})
}

// PublishBatch sends several items into room in one frame; each item
// becomes its own Msg with its own sequence number.
func (c *Conn) PublishBatch(ctx context.Context, room string, items []any) error {
	return c.PublishNumbered(ctx, room, "", 0, items)
}

// PublishNumbered is PublishBatch with duplicate detection: the items are
// numbers n, n+1, … of source src (a name following the room rule,
// unique to the publisher, e.g. random per run), and the relay drops the
// items of src it has already accepted in room. A publisher that is not
// sure its last frames arrived (its connection broke) may therefore send
// them again, on a new connection, with the same numbers. An empty src
// sends no numbers.
func (c *Conn) PublishNumbered(ctx context.Context, room, src string, n uint64, items []any) error {
	batch := make([]json.RawMessage, len(items))
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return fmt.Errorf("client: encoding batch item %d: %w", i, err)
		}
		batch[i] = b
	}
	r := request{Op: "pub", Room: room, Batch: batch}
	if src != "" {
		r.Src, r.N = src, n
	}
	return c.send(ctx, r)
}

// Ping asks for an Ack{Op: "pong", ID: id}. Frames are handled in order, so
// the pong also proves every earlier frame from this connection has been
// handled. id may be empty; otherwise it follows the room rule.
func (c *Conn) Ping(ctx context.Context, id string) error {
	return c.send(ctx, request{Op: "ping", ID: id})
}

// Next returns the next frame from the relay. An *ErrorFrame error answers
// an earlier request and leaves the connection usable, and so does ctx
// ending first (Next then returns ctx.Err()); any other error ends it
// (websocket.CloseStatus(err) tells how the relay closed it, e.g. 1001 at
// shutdown, 1008 "slow consumer").
func (c *Conn) Next(ctx context.Context) (Message, error) {
	var in inbound
	select {
	case in = <-c.inbox:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.done:
		select { // frames read before the end come first
		case in = <-c.inbox:
		default:
			return nil, c.err
		}
	}
	if in.typ != websocket.MessageText {
		return nil, fmt.Errorf("%w: binary frame", ErrUnexpected)
	}
	return decode(in.b)
}

// Close ends the connection with a normal closure.
func (c *Conn) Close() error {
	c.once.Do(func() { close(c.stop) })
	return c.ws.Close(websocket.StatusNormalClosure, "")
}

// request is a client frame; see PROTOCOL.md.
type request struct {
	Op    string            `json:"op"`
	Room  string            `json:"room,omitempty"`
	ID    string            `json:"id,omitempty"`
	Data  json.RawMessage   `json:"data,omitempty"`
	Batch []json.RawMessage `json:"batch,omitempty"`
	Src   string            `json:"src,omitempty"`
	N     uint64            `json:"n,omitempty"`
}

func (c *Conn) send(ctx context.Context, r request) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("client: encoding %s frame: %w", r.Op, err)
	}
	return c.ws.Write(ctx, websocket.MessageText, b)
}
