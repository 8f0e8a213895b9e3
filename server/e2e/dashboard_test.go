package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/postbridge/postbridge/server/e2e/engine"
	"github.com/postbridge/postbridge/server/relay/client"
	"github.com/postbridge/postbridge/web"
)

// dashRecord is a tap record as wasm/tap writes it (wasm/tap/record.go).
type dashRecord struct {
	V       int     `json:"v"`
	Time    float64 `json:"time"`
	Page    string  `json:"page"`
	Self    string  `json:"self"`
	Dir     string  `json:"dir"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Verdict string  `json:"verdict"`
	Reason  string  `json:"reason,omitempty"`
	Detail  string  `json:"detail,omitempty"`
	Channel string  `json:"channel"`
	Kind    string  `json:"kind"`
	Type    string  `json:"type"`
	Latency float64 `json:"latency,omitempty"`
	Payload string  `json:"payload,omitempty"`
}

// openDashboard opens the dashboard and waits until it is subscribed to
// every room of the relay.
func openDashboard(t *testing.T, s Sites) *Page {
	t.Helper()
	if _, err := web.FS.Open("dashboard/app.wasm"); err != nil {
		t.Fatal("the dashboard is not built: run make build before these tests")
	}
	start := time.Now()
	p := openPage(t, s.Main+"/dashboard/")
	p.Wait("the dashboard subscribed to the relay", `document.querySelector("#relay-status")?.dataset.state === "connected"`, 30*time.Second)
	t.Logf("dashboard loaded and subscribed in %v", time.Since(start).Round(time.Millisecond))
	return p
}

// dashDriver connects a Go program to the relay as a driver, which may
// publish into any room, the way a page's tap publishes into its own.
func dashDriver(t *testing.T, s Sites) (*client.Conn, context.Context) {
	t.Helper()
	return relayDriver(t, s, "")
}

func publish(t *testing.T, ctx context.Context, c *client.Conn, room string, recs ...dashRecord) {
	t.Helper()
	items := make([]any, len(recs))
	for i, r := range recs {
		if r.V == 0 {
			r.V = 1
		}
		if r.Time == 0 {
			r.Time = float64(time.Now().UnixMicro()) / 1000
		}
		items[i] = r
	}
	if err := c.PublishBatch(ctx, room, items); err != nil {
		t.Fatal(err)
	}
}

// dashStats is window.dashboardStats, which the dashboard sets on every
// redraw.
type dashboardStats struct {
	Received, History, Repeated, Shown, Matched, Kept, Lost, Dropped, TapDropped, Unreadable int
	Paused                                                                                   bool
	State                                                                                    string
	RedrawMs, SlowestRedrawMs                                                                int
}

func dashStats(p *Page) dashboardStats {
	p.t.Helper()
	return Eval[dashboardStats](p, `dashboardStats`)
}

const rowCount = `document.querySelectorAll("tr.row").length`

// setField changes a filter the way a person does, through DOM events.
func setField(p *Page, id, event, value string) {
	p.t.Helper()
	Eval[bool](p, `(() => { const e = document.getElementById(`+jsString(id)+`); e.value = `+jsString(value)+
		`; e.dispatchEvent(new Event(`+jsString(event)+`, {bubbles: true})); return true })()`)
}

func click(p *Page, selector string) {
	p.t.Helper()
	Eval[bool](p, `(() => { document.querySelector(`+jsString(selector)+`).click(); return true })()`)
}

// TestDashboardShowsTraffic publishes tap records into the relay and
// checks what the dashboard shows: rows and their attributes, counters,
// the expanded payload, filters, export, pause and clear.
func TestDashboardShowsTraffic(t *testing.T) {
	s := startSites(t)
	p := openDashboard(t, s)

	external := Eval[[]string](p, `performance.getEntriesByType("resource").map(e => e.name).filter(n => !n.startsWith(location.origin + "/"))`)
	if len(external) > 0 {
		t.Errorf("the dashboard loaded resources from elsewhere: %v", external)
	}

	drv, ctx := dashDriver(t, s)
	const xss = `<img src=x onerror="window.pwned=1">`
	traffic := []dashRecord{
		{Page: s.Main + "/", Self: s.Main, Dir: "out", From: s.Main, To: s.Other, Verdict: "sent", Channel: "demo", Kind: "request", Type: "greet", Payload: `{"name":"Ada"}`},
		{Page: s.Other + "/frame", Self: s.Other, Dir: "in", From: s.Main, To: s.Other, Verdict: "accepted", Channel: "demo", Kind: "request", Type: "greet", Latency: 1.5, Payload: `{"name":"Ada"}`},
		{Page: s.Main + "/", Self: s.Main, Dir: "in", From: s.Other, To: s.Main, Verdict: "accepted", Channel: "demo", Kind: "response", Type: "greet", Latency: 12.34, Payload: `{"greeting":"Hello, Ada"}`},
		{Page: s.Other + "/frame", Self: s.Other, Dir: "in", From: s.Evil, To: s.Other, Verdict: "refused", Reason: "ORIGIN_REFUSED",
			Detail: "origin is not the configured origin of any channel", Channel: "demo", Kind: "event", Type: "steal", Payload: `{"x":1,"y":[true,null]}`},
		// Hostile text must show as text.
		{Page: s.Main + "/lab", Self: s.Main, Dir: "out", From: s.Main, To: s.Other, Verdict: "sent", Channel: "lab", Kind: "event", Type: xss,
			Payload: `{"html":"<script>window.pwned=2</script>"}`},
	}
	start := time.Now()
	publish(t, ctx, drv, "demo", traffic[:4]...)
	publish(t, ctx, drv, "lab", traffic[4])
	p.Wait("five rows", rowCount+` === 5`, 10*time.Second)
	t.Logf("published records shown in %v", time.Since(start).Round(time.Millisecond))

	t.Run("rows carry the record", func(t *testing.T) {
		p.t = t
		got := Eval[map[string]string](p, `Object.assign({}, document.querySelector('tr.row[data-verdict="refused"]').dataset)`)
		want := map[string]string{"verdict": "refused", "reason": "ORIGIN_REFUSED", "type": "steal", "from": s.Evil, "to": s.Other, "channel": "demo", "dir": "in"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("refused row data-%s = %q; want %q", k, got[k], v)
			}
		}
		// Newest first: the lab record was published last.
		if first := Eval[string](p, `document.querySelector("tr.row").dataset.channel`); first != "lab" {
			t.Errorf("first row channel = %q; want lab (newest first)", first)
		}
		if lat := Eval[string](p, `document.querySelector('tr.row[data-type="greet"][data-dir="in"] td.latency').textContent`); lat != "12.3 ms" {
			t.Errorf("latency cell = %q; want 12.3 ms", lat)
		}
	})

	t.Run("counters and chart", func(t *testing.T) {
		p.t = t
		for id, want := range map[string]string{"count-sent": "2", "count-accepted": "2", "count-refused": "1", "count-received": "5", "count-lost": "0", "count-dropped": "0"} {
			if got := Eval[string](p, `document.getElementById(`+jsString(id)+`).textContent`); got != want {
				t.Errorf("#%s = %q; want %q", id, got, want)
			}
		}
		if got := Eval[string](p, `document.querySelector('#reasons li[data-reason="ORIGIN_REFUSED"] .n').textContent`); got != "1" {
			t.Errorf("ORIGIN_REFUSED count = %q; want 1", got)
		}
		if bars := Eval[int](p, `document.querySelectorAll("#latency svg rect.bar").length`); bars != 2 {
			t.Errorf("latency bars = %d; want 2", bars)
		}
	})

	t.Run("hostile text stays text", func(t *testing.T) {
		p.t = t
		if got := Eval[string](p, `document.querySelector('tr.row[data-channel="lab"] td.type').textContent`); !strings.Contains(got, xss) {
			t.Errorf("type cell = %q; want the literal %q", got, xss)
		}
		if Eval[bool](p, `typeof window.pwned !== "undefined" || document.querySelector("#messages img, #messages script") !== null`) {
			t.Error("markup in a record became elements")
		}
	})

	t.Run("a row expands to its pretty payload", func(t *testing.T) {
		p.t = t
		click(p, `tr.row[data-verdict="refused"]`)
		p.Wait("the detail row", `document.querySelector("tr.detail pre.payload") !== null`, 20*time.Second)
		got := Eval[string](p, `document.querySelector("tr.detail pre.payload").textContent`)
		if want := "{\n  \"x\": 1,\n  \"y\": [\n    true,\n    null\n  ]\n}"; got != want {
			t.Errorf("expanded payload = %q; want %q", got, want)
		}
		click(p, `tr.row[data-verdict="refused"]`)
		p.Wait("the detail row folded", `document.querySelector("tr.detail") === null`, 20*time.Second)
	})

	t.Run("filters", func(t *testing.T) {
		p.t = t
		for _, f := range []struct{ id, event, value, check string }{
			{"filter-verdict", "change", "refused", `[...document.querySelectorAll("tr.row")].every(r => r.dataset.verdict === "refused")`},
			{"filter-origin", "change", s.Evil, `document.querySelector("tr.row").dataset.from === ` + jsString(s.Evil)},
			{"filter-type", "change", "steal", `document.querySelector("tr.row").dataset.type === "steal"`},
			{"filter-channel", "change", "lab", `document.querySelector("tr.row").dataset.channel === "lab"`},
			{"filter-text", "input", "HELLO, ada", `document.querySelector("tr.row").dataset.dir === "in"`},
		} {
			setField(p, f.id, f.event, f.value)
			p.Wait(f.id+" = "+f.value, rowCount+` === 1 && `+f.check, 20*time.Second)
			setField(p, f.id, f.event, "")
			p.Wait(f.id+" cleared", rowCount+` === 5`, 20*time.Second)
		}
	})

	t.Run("export downloads the kept rows", func(t *testing.T) {
		p.t = t
		Eval[bool](p, `(() => { window.exported = []; const create = URL.createObjectURL;
			URL.createObjectURL = (b) => { window.exported.push(b); return create.call(URL, b) }; return true })()`)
		click(p, "#export")
		p.Wait("the export", `window.exported.length === 1`, 20*time.Second)
		got := Eval[[]map[string]any](p, `window.exported[0].text().then(JSON.parse)`)
		if typ := Eval[string](p, `window.exported[0].type`); typ != "application/json" {
			t.Errorf("export type = %q", typ)
		}
		if len(got) != 5 || got[3]["reason"] != "ORIGIN_REFUSED" || got[0]["type"] != "greet" || got[4]["room"] != "lab" {
			t.Errorf("export = %v; want the 5 records, oldest first", got)
		}
	})

	t.Run("pause freezes the table, resume catches up", func(t *testing.T) {
		p.t = t
		click(p, "#pause")
		p.Wait("paused", `document.getElementById("pause").dataset.paused === "true"`, 20*time.Second)
		publish(t, ctx, drv, "demo", traffic[:3]...)
		p.Wait("the new records counted", `dashboardStats.received === 8`, 10*time.Second)
		time.Sleep(600 * time.Millisecond) // two more redraws
		if n := Eval[int](p, rowCount); n != 5 {
			t.Errorf("rows while paused = %d; want 5", n)
		}
		click(p, "#pause")
		p.Wait("eight rows after resume", rowCount+` === 8`, 20*time.Second)
	})

	t.Run("an expanded row stays expanded as rows arrive", func(t *testing.T) {
		p.t = t
		click(p, `tr.row[data-verdict="refused"]`)
		p.Wait("the detail row", `document.querySelector("tr.detail") !== null`, 20*time.Second)
		id := Eval[string](p, `document.querySelector('tr.row[data-verdict="refused"]').dataset.id`)
		publish(t, ctx, drv, "demo", traffic[3])
		p.Wait("nine rows", rowCount+` === 9`, 20*time.Second)
		if got := Eval[[]string](p, `[...document.querySelectorAll("tr.detail")].map(r => r.dataset.id)`); len(got) != 1 || got[0] != id {
			t.Errorf("expanded rows after a redraw = %v; want [%s]", got, id)
		}
		screenshot(t, p)
	})

	t.Run("clear empties the table", func(t *testing.T) {
		p.t = t
		click(p, "#clear")
		p.Wait("no rows", rowCount+` === 0 && dashboardStats.shown === 0 && document.getElementById("count-refused").textContent === "0"`, 20*time.Second)
		if got := dashStats(p); got.Received != 9 || got.Lost != 0 || got.Dropped != 0 {
			t.Errorf("dashboardStats = %+v; want received 9, nothing lost or dropped", got)
		}
	})
}

// screenshot saves the page in the directory $DASHBOARD_SCREENSHOTS, if
// set, as the test's name with .png, for a person to look at.
func screenshot(t *testing.T, p *Page) {
	dir := os.Getenv("DASHBOARD_SCREENSHOTS")
	if dir == "" {
		return
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())+".png")
	tab, ok := engine.ChromiumContext(p.tab)
	if !ok {
		t.Logf("screenshot: only in Chromium")
		return
	}
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000)); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(name, buf, 0o644)
	}
	if err != nil {
		t.Logf("screenshot: %v", err)
	}
}

// TestDashboardShowsDemoTraffic opens the dashboard, then the demo page in
// another tab: the demo's own bridges tap into the relay, and their
// decisions appear, including the hostile page's refused messages.
func TestDashboardShowsDemoTraffic(t *testing.T) {
	s := startSites(t)
	p := openDashboard(t, s)
	start := time.Now()
	openPage(t, s.Main+"/")
	p.Wait("the demo's greet request, accepted", `document.querySelector('tr.row[data-verdict="accepted"][data-type="greet"]') !== null`, 30*time.Second)
	refused := `tr.row[data-reason="ORIGIN_REFUSED"][data-from=` + strconv.Quote(s.Evil) + `]`
	p.Wait("the hostile page's messages, refused", `document.querySelector(`+jsString(refused)+`) !== null`, 30*time.Second)
	t.Logf("demo traffic on the dashboard %v after opening the demo page: %+v", time.Since(start).Round(time.Millisecond), dashStats(p))
	if st := dashStats(p); st.Lost != 0 || st.Dropped != 0 || st.Unreadable != 0 {
		t.Errorf("dashboardStats = %v; want nothing lost, dropped or unreadable", st)
	}
}
