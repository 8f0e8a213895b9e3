package relay_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// Mount the hub at /relay, let a dashboard subscribe, and publish a
// server-side event into its room.
func Example() {
	hub, err := relay.New(relay.Config{
		// The server passes origin.Allowlist.Allows: an exact match.
		AllowOrigin: func(o string) bool { return o == "http://main.localhost:8080" },
		// Pages of this origin may also read the traffic (the dashboard's).
		AllowSubscribe: func(o string) bool { return o == "http://main.localhost:8080" },
		Token:          "printed-at-start-0123456789",
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/relay", hub)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer hub.Shutdown(context.Background())

	ctx := context.Background()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/relay"
	dash, err := client.Dial(ctx, url, client.Options{
		Role:   "dashboard",
		Room:   "demo",
		Origin: "http://main.localhost:8080", // as a page would send it
	})
	if err != nil {
		panic(err)
	}
	defer dash.Close()
	ack, _ := dash.Next(ctx)
	fmt.Printf("%+v\n", ack)

	_ = hub.Publish("demo", []byte(`{"event": "started"}`))
	m, _ := dash.Next(ctx)
	msg := m.(client.Msg)
	fmt.Println(msg.Room, msg.From, msg.Seq, string(msg.Data))
	// Output:
	// {Op:subscribed Room:demo ID: Replay:0}
	// demo server 1 {"event":"started"}
}

// An origin check must compare whole origins. A prefix check, a common
// mistake, lets the hostile origin through: never write AllowOrigin so.
func ExampleConfig_prefixMatch() {
	hostile := "http://main.localhost.evil.localhost:8082"

	prefix := func(o string) bool { return strings.HasPrefix(o, "http://main.localhost") } // wrong
	exact := func(o string) bool { return o == "http://main.localhost:8080" }              // right

	fmt.Println("prefix admits the hostile page:", prefix(hostile))
	fmt.Println("exact admits the hostile page:", exact(hostile))
	// Output:
	// prefix admits the hostile page: true
	// exact admits the hostile page: false
}

func ExampleValidRoom() {
	for _, room := range []string{"demo", "tap:main.localhost:8080", "*", "../etc", "dеmo"} {
		fmt.Printf("%q %v\n", room, relay.ValidRoom(room))
	}
	// Output:
	// "demo" true
	// "tap:main.localhost:8080" true
	// "*" false
	// "../etc" false
	// "dеmo" false
}
