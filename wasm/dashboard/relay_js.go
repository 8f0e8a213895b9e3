//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

const (
	retryFirst = 500 * time.Millisecond
	retryMax   = 10 * time.Second
)

// WebSocket.readyState values.
const (
	wsOpen   = 1
	wsClosed = 3
)

// relayConn is the browser's WebSocket to the relay, reconnecting with
// backoff.
//
// No Go function runs per message: the socket's message listener is the
// queue array's own push, bound to it, so each frame costs the browser a
// native append, and Go takes the whole queue at once (take). Go↔JS calls
// cost tens of microseconds through js.FuncOf; at a thousand frames a
// second, and in bursts of thousands, that time would be taken from
// reading the socket, and the relay drops frames for a dashboard that
// reads too slowly.
type relayConn struct {
	url   string
	queue js.Value // MessageEvents not yet taken, oldest first
	push  js.Value // queue.push bound to queue
	ws    js.Value
	retry time.Duration
	next  time.Time // when to reconnect, once closed
}

// relayURL is the relay of the origin that served the dashboard: every
// room, as a dashboard.
func relayURL() string {
	loc := js.Global().Get("location")
	scheme := "ws://"
	if loc.Get("protocol").String() == "https:" {
		scheme = "wss://"
	}
	return scheme + loc.Get("host").String() + "/relay?role=dashboard&room=*"
}

func dialRelay(url string) *relayConn {
	q := js.Global().Get("Array").New()
	c := &relayConn{url: url, queue: q, push: q.Get("push").Call("bind", q), retry: retryFirst}
	c.connect()
	return c
}

func (c *relayConn) connect() {
	c.ws = js.Global().Get("WebSocket").New(c.url)
	c.ws.Call("addEventListener", "message", c.push)
}

// take returns the message events received since the last call (a JS
// array, oldest first) and whether the socket is open. A socket found
// closed is reopened after a backoff delay.
func (c *relayConn) take(now time.Time) (events js.Value, open bool) {
	events = c.queue.Call("splice", 0)
	switch c.ws.Get("readyState").Int() {
	case wsOpen:
		c.retry, c.next = retryFirst, time.Time{}
		return events, true
	case wsClosed:
		if c.next.IsZero() {
			c.next = now.Add(c.retry)
			c.retry = min(c.retry*2, retryMax)
		} else if now.After(c.next) {
			c.ws.Call("removeEventListener", "message", c.push)
			c.next = time.Time{}
			c.connect()
		}
	}
	return events, false
}

// close ends the connection for good.
func (c *relayConn) close() {
	c.ws.Call("removeEventListener", "message", c.push)
	c.ws.Call("close")
}
