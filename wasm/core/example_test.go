package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
)

// A page embeds a widget frame from another origin; each side opens the
// channel "chat" to the other, naming its exact origin. The fake browser
// of these tests stands in for window.postMessage: each of its pages has
// a core.Router fed with the page's message events, as the browser glue
// does with window's "message" listener.
func Example() {
	b := newBrowser()
	defer b.close()
	main := b.page("main", "http://main.localhost:8080")
	frame := b.page("frame", "http://widget.localhost:8081")

	// In the main page.
	toFrame, err := main.Router().Open(
		core.Config{Origin: "http://widget.localhost:8081", Channel: "chat"},
		main.window(frame, "http://widget.localhost:8081"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer toFrame.Close()
	greetings := make(chan string, 1)
	toFrame.On("greeting", func(payload []byte, m core.Meta) {
		greetings <- m.Origin + " says " + string(payload)
	})

	// In the frame.
	toMain, err := frame.Router().Open(
		core.Config{Origin: "http://main.localhost:8080", Channel: "chat"},
		frame.window(main, "http://main.localhost:8080"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer toMain.Close()
	toMain.Handle("sum", func(_ context.Context, payload []byte, _ core.Meta) ([]byte, error) {
		var xs []int
		if err := json.Unmarshal(payload, &xs); err != nil {
			return nil, errors.New("want an array of integers")
		}
		sum := 0
		for _, x := range xs {
			sum += x
		}
		return json.Marshal(sum)
	})
	toMain.Emit("greeting", []byte(`"hello"`)) // queued until connected

	// Back in the main page.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := toFrame.Wait(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-greetings)
	sum, err := toFrame.Request(ctx, "sum", []byte(`[2,3]`), 0)
	fmt.Println(string(sum), err)
	_, err = toFrame.Request(ctx, "sum", []byte(`"two"`), 0)
	fmt.Println(errors.Is(err, core.ErrHandler), err)
	// Output:
	// http://widget.localhost:8081 says "hello"
	// 5 <nil>
	// true postbridge: HANDLER_ERROR: want an array of integers
}

// nowhere is a peer window that drops everything.
type nowhere struct{}

func (*nowhere) Post([]byte, string) error               { return nil }
func (*nowhere) Offer([]byte, string) (core.Port, error) { return nil, errors.New("nowhere") }
func (*nowhere) Is(source any) bool                      { return source == "the frame" }

// Every refusal is reported to the observer with its reason: here, a
// message from a look-alike origin, checked before anything else.
func ExampleRouter_Dispatch() {
	r := core.NewRouter(func(d core.Decision) {
		fmt.Println(d.Verdict, d.Reason, d.Origin)
	})
	c, err := r.Open(core.Config{Origin: "http://main.localhost:8080", Channel: "chat"}, &nowhere{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	r.Dispatch(core.Inbound{
		Origin: "http://main.localhost.evil.localhost:8082",
		Source: "the frame",
		Data:   []byte(`{"postbridge":1}`),
		Kind:   core.DataString,
	})
	// Output:
	// refused ORIGIN_REFUSED http://main.localhost.evil.localhost:8082
}
