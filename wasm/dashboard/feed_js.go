//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const (
	// poll is how often the feed takes the frames the socket queued.
	poll = 20 * time.Millisecond
	// slice bounds the time the feed holds the browser's only thread
	// before it lets the browser read the socket again.
	slice = 8 * time.Millisecond
)

// feed runs until the page goes: it takes the frames the socket queued,
// adds them to the store in slices of a few milliseconds, and asks for a
// redraw at most every 250 ms, when something changed.
func (d *dashboard) feed(ctx app.Context) {
	var changed bool
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
		now := time.Now()
		events, open := d.relay.take(now)
		n := events.Length()
		for i := 0; i < n; {
			d.mu.Lock()
			end := time.Now().Add(slice)
			for ; i < n; i++ {
				if i%64 == 63 && time.Now().After(end) {
					break
				}
				d.store.AddText(events.Index(i).Get("data").String())
			}
			d.mu.Unlock()
			if i < n {
				// Sleeping returns the thread to the browser, which reads
				// the socket meanwhile.
				time.Sleep(time.Millisecond)
			}
		}
		d.mu.Lock()
		state := stateConnecting
		switch {
		case !open:
			d.store.Disconnected()
			state = stateClosed
		case d.store.Subscribed():
			state = stateConnected
		}
		changed = changed || n > 0 || state != d.state
		d.state = state
		d.mu.Unlock()
		if changed && time.Since(last) >= redraw {
			changed, last = false, time.Now()
			t0 := time.Now()
			ctx.Dispatch(func(app.Context) { d.refresh() })
			// Deferred functions run after the frame that redraws.
			ctx.Defer(func(app.Context) { d.noteRedraw(time.Since(t0)) })
		}
	}
}

// noteRedraw publishes how long the last redraw took (snapshot, filter
// and go-app's update of the page), and the longest so far.
func (d *dashboard) noteRedraw(took time.Duration) {
	d.slowestRedraw = max(d.slowestRedraw, took)
	s := js.Global().Get("dashboardStats")
	s.Set("redrawMs", took.Milliseconds())
	s.Set("slowestRedrawMs", d.slowestRedraw.Milliseconds())
}
