package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// bidi is a minimal WebDriver BiDi client: commands go out as JSON text
// messages with increasing ids, and one reader goroutine hands each answer
// to the caller waiting on its id and each event to onEvent. Every method
// is safe for concurrent use.
type bidi struct {
	ws      *websocket.Conn
	onEvent func(method string, params json.RawMessage)
	lost    func(err error) error // explains a connection lost with err

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan bidiMessage
	err     error         // why the connection is unusable, once it is
	dead    chan struct{} // closed when err is set
}

// bidiMessage is any message from the remote end: an answer (with id) or
// an event (without).
type bidiMessage struct {
	ID      *int64          `json:"id"`
	Type    string          `json:"type"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

// bidiError is a command's error answer.
type bidiError struct {
	Method, Code, Message string
}

func (e *bidiError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Method, e.Code, e.Message)
}

// dialBIDI opens the session websocket at url and starts its reader.
// onEvent runs on the reader goroutine, so it must not call back into c.
// lost, run there too when the connection drops, returns the error that
// calls fail with from then on.
func dialBIDI(ctx context.Context, url string, onEvent func(string, json.RawMessage), lost func(error) error) (*bidi, error) {
	// A client of its own: no proxy from the environment for a loopback URL.
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}}
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(64 << 20)
	c := &bidi{
		ws:      ws,
		onEvent: onEvent,
		lost:    lost,
		pending: make(map[int64]chan bidiMessage),
		dead:    make(chan struct{}),
	}
	go c.read()
	return c, nil
}

// read dispatches incoming messages until the connection fails.
func (c *bidi) read() {
	for {
		// A context without Done: cancelling a read context would close
		// the connection. fail ends this loop instead.
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			err = fmt.Errorf("connection to the browser lost: %w", err)
			if c.lost != nil {
				err = c.lost(err)
			}
			c.fail(err)
			return
		}
		var m bidiMessage
		if err := json.Unmarshal(data, &m); err != nil {
			continue // nothing a caller waits for can be in it
		}
		if m.ID == nil {
			if m.Type == "event" && c.onEvent != nil {
				c.onEvent(m.Method, m.Params)
			}
			continue
		}
		c.mu.Lock()
		ch := c.pending[*m.ID]
		delete(c.pending, *m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m // buffered: never blocks
		}
	}
}

// fail marks the connection unusable with err (the first reason wins),
// which ends every pending and later call, and closes the socket.
func (c *bidi) fail(err error) {
	c.mu.Lock()
	first := c.err == nil
	if first {
		c.err = err
		close(c.dead)
	}
	c.mu.Unlock()
	if first {
		c.ws.CloseNow()
	}
}

// failure returns why the connection is unusable.
func (c *bidi) failure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// call sends method with params and decodes the result into out (when not
// nil). It returns ctx.Err() when ctx ends first; the answer is then
// dropped on arrival.
func (c *bidi) call(ctx context.Context, method string, params, out any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if params == nil {
		params = struct{}{}
	}
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", method, err)
	}
	c.nextID++
	id := c.nextID
	ch := make(chan bidiMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}

	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		forget()
		return fmt.Errorf("%s: %w", method, err)
	}
	// Not the caller's ctx: a cancelled write closes the whole connection.
	// A write that cannot finish in this time means the browser is stuck.
	wctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err = c.ws.Write(wctx, websocket.MessageText, msg)
	cancel()
	if err != nil {
		forget()
		c.fail(fmt.Errorf("writing to the browser: %w", err))
		return fmt.Errorf("%s: %w", method, c.failure())
	}

	select {
	case m := <-ch:
		return answer(method, m, out)
	case <-ctx.Done():
		forget()
		return ctx.Err()
	case <-c.dead:
		forget()
		select {
		case m := <-ch: // answered just before the connection ended
			return answer(method, m, out)
		default:
		}
		return fmt.Errorf("%s: %w", method, c.failure())
	}
}

// answer turns the answer m to method into an error or a result in out.
func answer(method string, m bidiMessage, out any) error {
	if m.Type == "error" {
		return &bidiError{Method: method, Code: m.Error, Message: m.Message}
	}
	if out != nil {
		if err := json.Unmarshal(m.Result, out); err != nil {
			return fmt.Errorf("%s: decoding result: %w", method, err)
		}
	}
	return nil
}

// errClosed is the failure recorded once the driver itself closed the
// connection.
var errClosed = errors.New("browser closed")
