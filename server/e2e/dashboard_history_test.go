package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay/client"
	"github.com/postbridge/postbridge/web"
)

// openDashboardAt opens the dashboard with a query (a shared view) and
// waits until it is subscribed to the relay.
func openDashboardAt(t *testing.T, s Sites, query string) *Page {
	t.Helper()
	if _, err := web.FS.Open("dashboard/app.wasm"); err != nil {
		t.Fatal("the dashboard is not built: run make build before these tests")
	}
	p := openPage(t, s.Main+"/dashboard/"+query)
	p.Wait("the dashboard subscribed to the relay", `document.querySelector("#relay-status")?.dataset.state === "connected"`, 30*time.Second)
	return p
}

// relayHistory subscribes a Go driver to room and returns the tap records
// the relay replays as history; the connection is closed again.
func relayHistory(t *testing.T, s Sites, room string) []dashRecord {
	t.Helper()
	u, _ := url.Parse(s.Main)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, "ws://127.0.0.1:"+u.Port()+"/relay", client.Options{Role: "driver", Room: room, Token: testToken, Host: u.Host})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.Next(ctx)
	ack, ok := m.(client.Ack)
	if err != nil || !ok || ack.Op != "subscribed" {
		t.Fatalf("subscribing to %s: got %#v, %v", room, m, err)
	}
	out := make([]dashRecord, 0, ack.Replay)
	for range ack.Replay {
		m, err := c.Next(ctx)
		msg, ok := m.(client.Msg)
		if err != nil || !ok || !msg.History {
			t.Fatalf("history of %s: got %#v, %v; want history Msgs", room, m, err)
		}
		var r dashRecord
		_ = json.Unmarshal(msg.Data, &r)
		out = append(out, r)
	}
	return out
}

// TestDashboardHistoryAfterDemo runs the demo page to its end and closes
// it, then opens the dashboard: the relay's history shows what happened,
// the hostile page's refused messages included, as marked rows that count
// in the counters and the latency chart.
func TestDashboardHistoryAfterDemo(t *testing.T) {
	s := startSites(t)
	demo := openPage(t, s.Main+"/")
	demo.Wait("the reply from the framed page", `pbLog.some(e => e.event === "reply")`, 30*time.Second)
	demo.Wait("the parent refusing the hostile origin",
		`pbLog.some(e => e.where === "main" && e.origin === `+jsString(s.Evil)+` && e.reason === "ORIGIN_REFUSED")`, 30*time.Second)

	// The taps flush every 100 ms: wait until the relay holds the refusals.
	refusedByRelay := 0
	for deadline := time.Now().Add(20 * time.Second); refusedByRelay == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the relay's history of the demo room holds no refusal of the hostile origin")
		}
		for _, r := range relayHistory(t, s, "demo") {
			if r.Verdict == "refused" && r.From == s.Evil && r.Reason == "ORIGIN_REFUSED" {
				refusedByRelay++
			}
		}
	}
	time.Sleep(300 * time.Millisecond) // the taps' last flushes
	demo.Navigate("about:blank")
	history := relayHistory(t, s, "demo")
	t.Logf("the demo page is gone; the relay keeps %d of its records", len(history))

	start := time.Now()
	p := openDashboardAt(t, s, "")
	refused := `tr.row.history[data-reason="ORIGIN_REFUSED"][data-from=` + strconv.Quote(s.Evil) + `]`
	p.Wait("the hostile page's refused messages, from history", `document.querySelector(`+jsString(refused)+`) !== null`, 30*time.Second)
	p.Wait("every record of the history", `dashboardStats.received >= `+strconv.Itoa(len(history)), 20*time.Second)
	t.Logf("the late dashboard showed the demo's traffic %v after opening: %+v", time.Since(start).Round(time.Millisecond), dashStats(p))

	st := dashStats(p)
	if st.History != st.Received || st.History < len(history) || st.Lost != 0 || st.Repeated != 0 {
		t.Errorf("dashboardStats = %+v; want all %d records from history, none lost", st, len(history))
	}
	if got := Eval[int](p, `document.querySelectorAll("tr.row:not(.history)").length`); got != 0 {
		t.Errorf("rows not marked as history: %d; want 0 (the demo page is gone)", got)
	}
	if got := Eval[string](p, `document.querySelector('tr.row.history td.time .history-mark').textContent`); got != "history" {
		t.Errorf("history marker = %q; want history", got)
	}
	if got := Eval[string](p, `document.getElementById("count-history").textContent`); got != strconv.Itoa(st.History) {
		t.Errorf("#count-history = %q; want %d", got, st.History)
	}
	wantRefused := 0
	for _, r := range history {
		if r.Verdict == "refused" {
			wantRefused++
		}
	}
	if got := Eval[string](p, `document.getElementById("count-refused").textContent`); got != strconv.Itoa(wantRefused) {
		t.Errorf("#count-refused = %q; want %d (the history's refusals counted)", got, wantRefused)
	}
	if bars := Eval[int](p, `document.querySelectorAll("#latency svg rect.bar").length`); bars == 0 {
		t.Error("latency chart: no bars; want the history's latencies")
	}
	if got := Eval[bool](p, `[...document.querySelectorAll("tr.row td.type")].every(td => td.title === (td.closest("tr").dataset.type ?? ""))`); !got {
		t.Error("type cells: want each titled with its whole type")
	}
	screenshot(t, p)
}

// TestDashboardFiltersInURL: a link with filters opens the dashboard with
// them applied; changing a filter rewrites the link; parameters that are
// unknown or not to be trusted are ignored and shown, if at all, as text.
func TestDashboardFiltersInURL(t *testing.T) {
	s := startSites(t)
	drv, ctx := dashDriver(t, s)
	const long = "attack-replay-of-a-stale-session-with-a-long-type-name"
	recs := []dashRecord{
		{Dir: "out", From: s.Main, To: s.Other, Verdict: "sent", Channel: "demo", Kind: "request", Type: "greet"},
		{Dir: "in", From: s.Evil, To: s.Other, Verdict: "refused", Reason: "ORIGIN_REFUSED", Channel: "demo", Kind: "event", Type: long},
		{Dir: "in", From: s.Evil, To: s.Main, Verdict: "refused", Reason: "ORIGIN_REFUSED", Channel: "demo", Kind: "event", Type: "steal"},
		{Dir: "in", From: s.Main, To: s.Other, Verdict: "refused", Reason: "SCHEMA", Channel: "lab", Kind: "request", Type: "greet"},
		{Dir: "in", From: s.Other, To: s.Main, Verdict: "accepted", Channel: "lab", Kind: "response", Type: "greet", Latency: 2},
	}
	publish(t, ctx, drv, "demo", recs[:3]...)
	publish(t, ctx, drv, "lab", recs[3:]...)
	if err := drv.Ping(ctx, "published"); err != nil { // the pong: all of it is in the relay's history
		t.Fatal(err)
	}
	if m, err := drv.Next(ctx); err != nil || m != (client.Ack{Op: "pong", ID: "published"}) {
		t.Fatalf("barrier: got %#v, %v; want the pong", m, err)
	}

	t.Run("a shared view opens filtered", func(t *testing.T) {
		p := openDashboardAt(t, s, "?channel=demo&verdict=refused&utm_source=mail")
		p.Wait("the two refusals of the demo channel", rowCount+` === 2 && dashboardStats.received === 5`, 20*time.Second)
		entries := Eval[int](p, `history.length`)
		if got := Eval[[]string](p, `["filter-channel","filter-verdict","filter-type","filter-origin","filter-text"].map(id => document.getElementById(id).value)`); got[0] != "demo" || got[1] != "refused" || got[2]+got[3]+got[4] != "" {
			t.Errorf("filter controls = %q; want demo, refused and the rest empty", got)
		}
		if ok := Eval[bool](p, `[...document.querySelectorAll("tr.row")].every(r => r.dataset.channel === "demo" && r.dataset.verdict === "refused")`); !ok {
			t.Error("rows outside the filter are shown")
		}
		// The type is whole: in the title, and wrapped rather than cut.
		sel := `tr.row[data-type=` + strconv.Quote(long) + `] td.type`
		if got := Eval[string](p, `document.querySelector(`+jsString(sel)+`).title`); got != long {
			t.Errorf("long type title = %q; want %q", got, long)
		}
		if clipped := Eval[bool](p, `(() => { const td = document.querySelector(`+jsString(sel)+`); return td.scrollWidth > td.clientWidth })()`); clipped {
			t.Error("the long type is cut off in its cell; want it wrapped")
		}

		setField(p, "filter-verdict", "change", "")
		p.Wait("the link without the verdict", `location.search === "?channel=demo"`, 20*time.Second)
		p.Wait("the three demo rows", rowCount+` === 3`, 20*time.Second)
		setField(p, "filter-text", "input", "steal & more")
		p.Wait("the link with the text", `location.search === "?channel=demo&text=steal+%26+more"`, 20*time.Second)
		setField(p, "filter-text", "input", "")
		setField(p, "filter-channel", "change", "")
		p.Wait("the bare link", `location.search === "" && location.pathname === "/dashboard/"`, 20*time.Second)
		if n := Eval[int](p, `history.length`); n != entries {
			t.Errorf("history.length = %d; want %d (the link is replaced, not pushed)", n, entries)
		}
		screenshot(t, p)
	})

	t.Run("untrusted parameters are ignored or text", func(t *testing.T) {
		hostile := `<img src=x onerror="window.pwned=1">`
		q := url.Values{"verdict": {hostile}, "type": {hostile}, "channel": {"lab"}, "origin": {"a", "b"}}
		p := openDashboardAt(t, s, "?"+q.Encode()+"&text=%ff")
		p.Wait("the records counted", `dashboardStats.received === 5`, 20*time.Second)
		got := Eval[[]string](p, `["filter-channel","filter-verdict","filter-type","filter-origin","filter-text"].map(id => document.getElementById(id).value)`)
		if got[0] != "lab" || got[1] != "" || got[2] != hostile || got[3] != "" || got[4] != "" {
			t.Errorf("filter controls = %q; want lab, an ignored verdict, the type as text, an ignored repeated origin and bad text", got)
		}
		if n := Eval[int](p, rowCount); n != 0 {
			t.Errorf("rows = %d; want none (no record has that type)", n)
		}
		if Eval[bool](p, `typeof window.pwned !== "undefined" || document.querySelector("img") !== null`) {
			t.Error("a URL parameter became markup")
		}
	})
}
