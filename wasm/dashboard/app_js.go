//go:build js && wasm

package main

import (
	"slices"
	"sync"
	"syscall/js"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// Tuning: what is kept, what is shown, how often the page is redrawn.
const (
	keep      = 2000
	show      = 200
	redraw    = 250 * time.Millisecond
	chartBars = 120
)

// Relay states, as #relay-status's data-state.
const (
	stateConnecting = "connecting"
	stateConnected  = "connected"
	stateClosed     = "closed"
)

// dashboard is the whole page. The feed goroutine (feed.go) writes the
// store; the UI goroutine reads it only in refresh, under mu, into the
// snapshot fields that Render uses.
type dashboard struct {
	app.Compo

	mu    sync.Mutex // guards store and state
	store *model.Store
	state string
	relay *relayConn
	loc   *time.Location

	// What the person chose.
	filter   model.Filter
	paused   bool
	frozen   []*model.Record // the records when the person paused
	pausedAt uint64          // received when paused
	expanded map[uint64]bool

	// The snapshot Render shows.
	shownState               string
	view                     []*model.Record // every kept record that passes the filter, newest first
	rows                     []*model.Record // the part of view the table shows
	tableHTML                string
	latencies                []float64
	stats                    model.Stats
	kept                     int
	sent, accepted, refused  int
	reasons                  []model.ReasonCount
	origins, channels, types []string
	slowestRedraw            time.Duration
}

func (d *dashboard) OnMount(ctx app.Context) {
	// A shared view: the filter comes from the URL (model.FilterFromQuery
	// ignores what it does not know or trust).
	d.filter = model.FilterFromQuery(app.Window().URL().RawQuery)
	d.store = model.NewStore(keep)
	d.expanded = map[uint64]bool{}
	d.loc = localZone()
	d.state = stateConnecting
	d.relay = dialRelay(relayURL())
	d.refresh()
	ctx.Async(func() { d.feed(ctx) })
}

func (d *dashboard) OnDismount() {
	if d.relay != nil {
		d.relay.close()
	}
}

// refresh takes a snapshot of the store (or of the records frozen by a
// pause) through the filter, and publishes the numbers for tests.
func (d *dashboard) refresh() {
	d.mu.Lock()
	src := d.frozen
	if !d.paused {
		src = d.store.Records()
	}
	d.shownState = d.state
	d.stats, d.kept = d.store.Stats(), d.store.Kept()
	c := d.store.Counters()
	d.sent, d.accepted, d.refused, d.reasons = c.Sent, c.Accepted, c.Refused, c.Reasons()
	d.origins, d.channels, d.types = d.store.Origins.Sorted(), d.store.Channels.Sorted(), d.store.Types.Sorted()
	d.mu.Unlock()

	d.view, _ = model.Select(src, d.filter, 0)
	d.rows = d.view[:min(len(d.view), show)]
	d.latencies = model.Latencies(d.view, chartBars)
	d.redrawTable()
	js.Global().Set("dashboardStats", js.ValueOf(map[string]any{
		"received":   d.stats.Received,
		"history":    d.stats.History,
		"repeated":   d.stats.Repeated,
		"shown":      len(d.rows),
		"matched":    len(d.view),
		"kept":       d.kept,
		"lost":       d.stats.Lost,
		"dropped":    d.stats.Dropped,
		"tapDropped": d.stats.TapDropped,
		"unreadable": d.stats.Unreadable,
		"paused":     d.paused,
		"state":      d.shownState,
		// Set again by noteRedraw.
		"slowestRedrawMs": d.slowestRedraw.Milliseconds(),
	}))
}

func (d *dashboard) onPause(ctx app.Context, e app.Event) {
	d.paused = !d.paused
	d.frozen = nil
	if d.paused {
		d.mu.Lock()
		d.frozen = d.store.Records()
		d.pausedAt = d.store.Stats().Received
		d.mu.Unlock()
	}
	d.refresh()
}

func (d *dashboard) onClear(ctx app.Context, e app.Event) {
	d.mu.Lock()
	d.store.Clear()
	if d.paused {
		d.frozen = []*model.Record{}
		d.pausedAt = d.store.Stats().Received
	}
	d.mu.Unlock()
	clear(d.expanded)
	d.refresh()
}

func (d *dashboard) onExport(ctx app.Context, e app.Event) {
	recs := slices.Clone(d.view)
	slices.Reverse(recs) // oldest first, as they happened
	data, err := model.Export(recs)
	if err != nil {
		app.Log("dashboard: export:", err)
		return
	}
	name := "postbridge-dashboard-" + time.Now().In(d.loc).Format("20060102-150405") + ".json"
	download(name, "application/json", data)
}

func (d *dashboard) value(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

// onFilter returns the handler that sets one filter field from its
// control's value, writes the filter into the URL and redraws.
func (d *dashboard) onFilter(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = d.value(ctx)
		d.shareView(ctx)
		d.refresh()
	}
}

// shareView puts the filter in the page's URL, replacing the history
// entry rather than adding one per keystroke, so that the address bar is
// always a link to what is shown.
func (d *dashboard) shareView(ctx app.Context) {
	u := app.Window().URL()
	u.RawQuery = d.filter.Query()
	ctx.Page().ReplaceURL(u)
}
