package relay_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// Short ping settings for the tests. The timeout is not shorter because
// a healthy client must not be taken for dead: on two cores shared with
// other test processes under -race, a whole process was seen stalled for
// more than 100 ms (a healthy publisher then dropped, with a 100 ms
// timeout).
const (
	testPingInterval = 50 * time.Millisecond
	testPingTimeout  = time.Second
	// schedSlack is what the test allows beyond interval + timeout for
	// goroutines and the poll to run.
	schedSlack = 2 * time.Second
)

// handshake opens a TCP connection to the relay and does the websocket
// upgrade by hand as a token client, reading nothing after the 101: from
// then on the relay's frames, pings included, sit unread in the socket.
func (s *testServer) handshake(t *testing.T, query string) net.Conn {
	t.Helper()
	addr := strings.TrimPrefix(s.srv.URL, "http://")
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	req := "GET /relay?" + query + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
		"Authorization: Bearer " + testToken + "\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	// Read the response byte by byte so that no frame after it is taken.
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReaderSize(byteReader{conn}, 16), nil)
	if err != nil || res.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake: got %v, %v; want 101", res, err)
	}
	_ = conn.SetReadDeadline(time.Time{})
	return conn
}

// byteReader reads one byte at a time.
type byteReader struct{ r io.Reader }

func (b byteReader) Read(p []byte) (int, error) { return b.r.Read(p[:min(len(p), 1)]) }

// partialFrame is the start of a masked text frame announcing 10 bytes of
// payload, and 3 of them: the rest never comes.
var partialFrame = []byte{0x81, 0x80 | 10, 1, 2, 3, 4, 'a', 'b', 'c'}

// TestDeadClientsDropped: clients that stop answering (one that stops
// reading, one that vanished after its handshake, one that stopped in the
// middle of a frame) are dropped within PingInterval + PingTimeout,
// counted and logged, while a publisher that never reads and a subscriber
// keep exchanging frames without losing one. A client that closes its TCP
// connection mid-frame is simply gone, not counted as unresponsive.
func TestDeadClientsDropped(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{PingInterval: testPingInterval, PingTimeout: testPingTimeout})
	ctx := testCtx(t, time.Minute)
	sub := s.subscriber(t, "live")
	pub := s.dial(t, client.Options{Role: "driver"}) // publishes only: never calls Next

	// Healthy traffic all along: a message every 2 ms.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var published uint64
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			published++
			if err := pub.Publish(ctx, "live", map[string]uint64{"n": published}); err != nil {
				t.Errorf("publish %d: %v", published, err)
				return
			}
		}
	})
	var received, gaps uint64
	readerDone := make(chan error, 1)
	go func() {
		for {
			m, err := sub.Next(ctx)
			if err != nil {
				readerDone <- err
				return
			}
			switch m := m.(type) {
			case client.Msg:
				if m.Seq != received+1 {
					gaps++
				}
				received = m.Seq
			case client.Dropped:
				gaps++
			case client.Ack:
				if m.Op == "pong" && m.ID == "end" {
					readerDone <- nil
					return
				}
			}
		}
	}()

	start := time.Now()
	// 1. A websocket client that read its first frames, then stopped.
	ws, _, err := websocket.Dial(ctx, s.url+"?role=dashboard&room=live",
		&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + testToken}}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	for range 2 { // welcome, subscribed
		if _, _, err := ws.Read(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// 2. Gone after the handshake, without a close frame or a FIN.
	silent := s.handshake(t, "role=dashboard&room=live")
	// 3. Gone in the middle of a frame.
	stalled := s.handshake(t, "role=driver")
	if _, err := stalled.Write(partialFrame); err != nil {
		t.Fatal(err)
	}
	// 4. Closed in the middle of a frame: the relay sees it at once.
	closed := s.handshake(t, "role=driver")
	_, _ = closed.Write(partialFrame)
	_ = closed.Close()

	for {
		st := s.hub.Stats()
		if st.Unresponsive == 3 && st.Clients == 2 {
			break
		}
		if time.Since(start) > testPingInterval+testPingTimeout+schedSlack {
			t.Fatalf("after %v: Stats %+v; want 3 unresponsive clients dropped, 2 clients left", time.Since(start), st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	took := time.Since(start)
	t.Logf("3 dead clients dropped %v after they connected (interval %v + timeout %v)", took.Round(time.Millisecond), testPingInterval, testPingTimeout)

	// The relay closed their sockets: reads end (after the frames that
	// were waiting) instead of blocking.
	for name, c := range map[string]net.Conn{"silent": silent, "stalled": stalled} {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Errorf("%s client: the relay did not close its socket: %v", name, err)
		}
	}

	// Healthy clients live on through many more pings.
	time.Sleep(10 * testPingInterval)
	close(stop)
	wg.Wait()
	if err := pub.Ping(ctx, "p"); err != nil { // the pong proves every publication was handled
		t.Fatal(err)
	}
	if err := sub.Ping(ctx, "end"); err != nil {
		t.Fatal(err)
	}
	if err := <-readerDone; err != nil {
		t.Fatalf("subscriber: %v", err)
	}
	st := s.hub.Stats()
	if gaps != 0 || received == 0 || st.Dropped != 0 || st.Unresponsive != 3 || st.Clients != 2 {
		t.Errorf("subscriber received %d of %d with %d gaps; Stats %+v; want everything, Unresponsive 3, Clients 2",
			received, published, gaps, st)
	}
	if n := strings.Count(s.logs.String(), "not answering pings"); n != 3 {
		t.Errorf("log lines about unresponsive clients: got %d; want 3:\n%s", n, s.logs)
	}
}

// TestPublisherAnswersPings: a Go client that only publishes for many ping
// intervals, never calling Next, is not taken for dead: its reader
// goroutine answers the pings. Then it still reads what came meanwhile.
func TestPublisherAnswersPings(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{PingInterval: testPingInterval / 2, PingTimeout: testPingTimeout})
	ctx := testCtx(t, time.Minute)
	pub := s.dial(t, client.Options{Role: "tap", Room: "t", Origin: otherOrigin})
	// Long enough for a client that does not read to be dropped twice over.
	end := time.Now().Add(2 * (testPingInterval + testPingTimeout))
	for n := 0; time.Now().Before(end); n++ {
		if err := pub.Publish(ctx, "t", map[string]int{"n": n}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = pub.Subscribe(ctx, "t") // a tap may not: the refusal waited in the client
	if _, err := pub.Next(ctx); err == nil || !strings.Contains(err.Error(), "FORBIDDEN") {
		t.Errorf("Next: got %v; want the FORBIDDEN error frame", err)
	}
	if st := s.hub.Stats(); st.Unresponsive != 0 || st.Clients != 1 {
		t.Errorf("Stats: got %+v; want the publisher connected, nobody unresponsive", st)
	}
}

// TestNextContextKeepsConnection: Next giving up on its context leaves
// the connection usable (the reader goroutine owns the socket).
func TestNextContextKeepsConnection(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	c := s.subscriber(t, "r")
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Next(short); err != context.DeadlineExceeded {
		t.Fatalf("Next with nothing to read: got %v; want DeadlineExceeded", err)
	}
	if err := s.hub.Publish("r", []byte(`{"after":1}`)); err != nil {
		t.Fatal(err)
	}
	if m := expectMsg(t, c); string(m.Data) != `{"after":1}` {
		t.Errorf("Next after a timeout: got %s", m.Data)
	}
}
