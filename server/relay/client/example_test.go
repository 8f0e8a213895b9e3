package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

const token = "printed-at-start-0123456789"

// startRelay runs a relay on a loopback port and returns its ws:// URL.
func startRelay() (url string, stop func()) {
	hub, err := relay.New(relay.Config{Token: token})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(hub)
	return "ws" + strings.TrimPrefix(srv.URL, "http"), func() {
		_ = hub.Shutdown(context.Background())
		srv.Close()
	}
}

// A Go test driver publishes; a dashboard subscribed to the room receives
// the message with the driver's id and sequence number.
func Example() {
	url, stop := startRelay()
	defer stop()
	ctx := context.Background()

	// Without an Origin header, the token is required (and a loopback address).
	dash, err := client.Dial(ctx, url, client.Options{Role: "dashboard", Room: "demo", Token: token})
	if err != nil {
		panic(err)
	}
	defer dash.Close()
	if m, _ := dash.Next(ctx); m != (client.Ack{Op: "subscribed", Room: "demo"}) {
		panic(m)
	}

	drv, err := client.Dial(ctx, url, client.Options{Role: "driver", Token: token})
	if err != nil {
		panic(err)
	}
	defer drv.Close()
	_ = drv.Publish(ctx, "demo", map[string]string{"decision": "refused", "reason": "origin"})
	_ = drv.PublishBatch(ctx, "demo", []any{map[string]int{"n": 1}, map[string]int{"n": 2}})

	for range 3 {
		m, _ := dash.Next(ctx)
		msg := m.(client.Msg)
		fmt.Println(msg.Room, msg.From == drv.ID(), msg.Seq, string(msg.Data))
	}
	// Output:
	// demo true 1 {"decision":"refused","reason":"origin"}
	// demo true 2 {"n":1}
	// demo true 3 {"n":2}
}

// A refused frame comes back from Next as an *ErrorFrame; the connection
// stays usable.
func ExampleConn_Next_errorFrame() {
	url, stop := startRelay()
	defer stop()
	ctx := context.Background()
	drv, err := client.Dial(ctx, url, client.Options{Token: token})
	if err != nil {
		panic(err)
	}
	defer drv.Close()

	_ = drv.Subscribe(ctx, "no spaces allowed")
	_, err = drv.Next(ctx)
	var ef *client.ErrorFrame
	fmt.Println(errors.As(err, &ef), ef.Code, errors.Is(err, client.ErrBadRoom))

	_ = drv.Ping(ctx, "still-there")
	m, _ := drv.Next(ctx)
	fmt.Printf("%+v\n", m)
	// Output:
	// true BAD_ROOM true
	// {Op:pong Room: ID:still-there Replay:0}
}

// Without the token, a client with no Origin header is refused before the
// upgrade.
func ExampleHandshakeError() {
	url, stop := startRelay()
	defer stop()
	_, err := client.Dial(context.Background(), url, client.Options{Role: "driver"})
	var he *client.HandshakeError
	fmt.Println(errors.As(err, &he), he.StatusCode)
	// Output:
	// true 403
}
