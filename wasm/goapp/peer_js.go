//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/appbridge"
	"github.com/postbridge/postbridge/wasm/bridge"
)

// Channel states, as #status's data-state.
const (
	stateConnecting = "connecting"
	stateConnected  = "connected"
	stateFailed     = "failed"
	stateClosed     = "closed"
)

// peer is the bridged component. Its shown fields belong to the UI
// goroutine; ch is shared with the goroutine that connects.
type peer struct {
	app.Compo

	mu   sync.Mutex // guards ch and gone
	ch   *bridge.Channel
	gone bool // dismounted: a channel that connects late is closed at once

	parent       string
	state        string
	detail       string
	greetings    int
	lastGreeting string
	total        int
	parentSays   string
}

func (p *peer) OnMount(ctx app.Context) {
	removeLoader()
	p.parent = app.Getenv(envParentOrigin)
	p.state, p.detail = stateConnecting, "connecting to the parent…"
	parent := p.parent
	ctx.Async(func() { p.connect(ctx, parent) })
}

// OnDismount closes the channel, which tells the parent.
func (p *peer) OnDismount() {
	p.mu.Lock()
	p.gone = true
	ch := p.ch
	p.mu.Unlock()
	if ch != nil {
		ch.Close()
	}
}

// connect runs under ctx.Async: it waits for the handshake (ctx ends it
// early if the component is dismounted), registers the handlers and asks
// the parent who it is.
func (p *peer) connect(ctx app.Context, parent string) {
	if parent == "" {
		ctx.Dispatch(func(app.Context) { p.state, p.detail = stateFailed, "no parent origin configured" })
		return
	}
	bridge.Tap("ws" + strings.TrimPrefix(parent, "http") + "/relay?room=demo")
	ch, err := bridge.Connect(ctx, bridge.Config{
		Window:  js.Global().Get("parent"),
		Origin:  parent,
		Channel: channel,
		Timeout: 10 * time.Second,
	})
	if err != nil {
		ctx.Dispatch(func(app.Context) { p.state, p.detail = stateFailed, "not connected: "+err.Error() })
		return
	}
	p.mu.Lock()
	gone := p.gone
	if !gone {
		p.ch = ch
	}
	p.mu.Unlock()
	if gone {
		ch.Close()
		return
	}
	p.handle(ctx, ch)
	ch.OnClose(func(err error) {
		ctx.Dispatch(func(app.Context) { p.state, p.detail = stateClosed, "channel closed: "+codeOf(err) })
	})
	ctx.Dispatch(func(app.Context) { p.state, p.detail = stateConnected, "connected to "+parent })
	p.ask(ctx, ch)
}

// handle registers the answers to the parent's requests.
func (p *peer) handle(ui app.Context, ch *bridge.Channel) {
	self := js.Global().Get("origin").String()
	appbridge.Handle(ui, ch, "greet", func(ctx app.Context, in Greet) (Greeting, error) {
		p.greetings++
		p.lastGreeting = in.Name
		return Greeting{Greeting: greeting(in.Name, self)}, nil
	})
	appbridge.Handle(ui, ch, "add", func(ctx app.Context, in Add) (Total, error) {
		t, ok := add(p.total, in.N)
		if !ok {
			return Total{}, errors.New("n must lie between -" + strconv.Itoa(maxAdd) + " and " + strconv.Itoa(maxAdd))
		}
		p.total = t
		return Total{Total: t}, nil
	})
	appbridge.Handle(ui, ch, "leave", func(ctx app.Context, _ struct{}) (struct{}, error) {
		// Within the app: the component is dismounted, and OnDismount
		// closes the channel once this answer is on its way.
		ctx.Navigate(app.Getenv("GOAPP_ROOT_PREFIX") + byePath)
		return struct{}{}, nil
	})
	// The DOM is what the person sees; no component state is touched,
	// so no need for the UI goroutine.
	bridge.Handle(ch, "snapshot", func(ctx context.Context, _ struct{}) (Snapshot, error) {
		return Snapshot{
			Status: text("status"), Greetings: text("greetings"), LastGreeting: text("last-greeting"),
			Total: text("total"), ParentSays: text("parent-says"),
		}, nil
	})
}

// ask asks the parent to describe itself and shows the answer; it blocks,
// so it runs under ctx.Async.
func (p *peer) ask(ctx app.Context, ch *bridge.Channel) {
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	d, err := bridge.Request[Describe, Description](rctx, ch, "describe", Describe{From: "go-app"})
	ctx.Dispatch(func(app.Context) {
		if err != nil {
			p.parentSays = "no answer: " + codeOf(err)
			return
		}
		p.parentSays = d.Title
	})
}

func (p *peer) onAsk(ctx app.Context, e app.Event) {
	p.mu.Lock()
	ch := p.ch
	p.mu.Unlock()
	if ch != nil {
		ctx.Async(func() { p.ask(ctx, ch) })
	}
}

// Render implements app.Composer.
func (p *peer) Render() app.UI {
	return app.Div().Class("gapp").Body(
		app.H1().Text("A go-app page on the bridge"),
		app.P().Body(
			app.Text("Channel "), app.Code().Text(channel), app.Text(" to "), app.Code().Text(p.parent), app.Text(": "),
			app.Span().ID("status").Class("state").DataSet("state", p.state).Text(p.detail),
		),
		app.Dl().Body(
			app.Dt().Text("Greetings answered"), app.Dd().ID("greetings").Text(strconv.Itoa(p.greetings)),
			app.Dt().Text("Last name greeted"), app.Dd().ID("last-greeting").Text(p.lastGreeting),
			app.Dt().Text("Total of the parent's additions"), app.Dd().ID("total").Text(strconv.Itoa(p.total)),
			app.Dt().Text("The parent says its title is"), app.Dd().ID("parent-says").Text(p.parentSays),
		),
		app.Button().ID("ask").Type("button").Text("Ask the parent again").OnClick(p.onAsk),
	)
}

// text is the text content of the element id, or "" without one.
func text(id string) string {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return ""
	}
	return el.Get("textContent").String()
}

// codeOf is the bridge's code for err (CLOSED, TIMEOUT…), or its text.
func codeOf(err error) string {
	var be *bridge.Error
	if errors.As(err, &be) {
		return string(be.Code)
	}
	if err == nil {
		return "closed"
	}
	return err.Error()
}

// removeLoader takes go-app's loading screen away once the wasm runs, as
// go-app's own app.js does after go.run; runGo gives no such moment to
// the page's script.
func removeLoader() {
	if el := app.Window().GetElementByID("app-wasm-loader"); el.Truthy() {
		el.Call("remove")
	}
}
