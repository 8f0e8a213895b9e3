//go:build js && wasm

package main

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

func (d *dashboard) Render() app.UI {
	if d.store == nil {
		return app.Div().Class("dash").Body(app.P().Class("empty").Text("Starting…"))
	}
	return app.Div().Class("dash").Body(
		d.header(),
		d.summary(),
		d.toolbar(),
		d.table(),
	)
}

var stateText = map[string]string{
	stateConnecting: "connecting…",
	stateConnected:  "live",
	stateClosed:     "disconnected, retrying",
}

func (d *dashboard) header() app.UI {
	st := d.stats
	stat := func(id, label string, n uint64, warn bool) app.UI {
		cls := "stat"
		if warn && n > 0 {
			cls += " warn"
		}
		return app.Span().Class(cls).Title(label).Body(
			app.Span().Class("label").Text(label),
			app.Span().ID(id).Class("n").Text(strconv.FormatUint(n, 10)),
		)
	}
	return app.Header().Class("top").Body(
		app.H1().Body(app.Span().Class("brand").Text("Postbridge"), app.Text(" live dashboard")),
		app.Span().ID("relay-status").Class("status", "status-"+d.shownState).DataSet("state", d.shownState).
			Title("the relay at /relay, every room").Text(stateText[d.shownState]),
		app.Div().Class("stats").Body(
			stat("count-received", "received", st.Received, false),
			stat("count-history", "from history", st.History, false),
			stat("count-lost", "lost (seq gaps)", st.Lost, true),
			stat("count-dropped", "dropped by relay", st.Dropped, true),
			stat("count-tap-dropped", "dropped by taps", st.TapDropped, true),
			stat("count-unreadable", "unreadable", st.Unreadable, true),
		),
	)
}

func (d *dashboard) summary() app.UI {
	card := func(id, label, verdict string, n int) app.UI {
		return app.Div().Class("card", "verdict-"+verdict).Body(
			app.Div().ID(id).Class("big").Text(strconv.Itoa(n)),
			app.Div().Class("label").Text(label),
		)
	}
	items := make([]app.UI, 0, len(d.reasons))
	for _, r := range d.reasons {
		items = append(items, app.Li().DataSet("reason", r.Reason).Body(
			app.Span().Class("reason").Text(r.Reason),
			app.Span().Class("n").Text(strconv.Itoa(r.Count)),
		))
	}
	if len(items) == 0 {
		items = append(items, app.Li().Class("none").Text("no refusals"))
	}
	sum := model.Summarize(d.latencies)
	latencyText := ""
	if sum.Count > 0 {
		latencyText = "last " + strconv.Itoa(sum.Count) + ": p50 " + model.FormatLatency(sum.P50) +
			" · p95 " + model.FormatLatency(sum.P95) + " · max " + model.FormatLatency(sum.Max)
	}
	return app.Section().Class("summary").Body(
		card("count-sent", "sent", model.VerdictSent, d.sent),
		card("count-accepted", "accepted", model.VerdictAccepted, d.accepted),
		app.Div().Class("card", "verdict-refused", "reasons-card").Body(
			app.Div().ID("count-refused").Class("big").Text(strconv.Itoa(d.refused)),
			app.Div().Class("label").Text("refused, by reason"),
			app.Ul().ID("reasons").Body(items...),
		),
		app.Div().ID("latency").Class("card", "chart").Body(
			app.Div().Class("label").Text("latency"),
			app.Raw(model.Sparkline(d.latencies, chartBars, 480, 56)),
			app.Div().ID("latency-summary").Class("small").Text(latencyText),
		),
	)
}

func (d *dashboard) toolbar() app.UI {
	sel := func(id, label, current string, values []string, h app.EventHandler) app.UI {
		opts := []app.UI{app.Option().Value("").Text("all").Selected(current == "")}
		found := current == ""
		for _, v := range values {
			opts = append(opts, app.Option().Value(v).Text(v).Selected(v == current))
			found = found || v == current
		}
		if !found {
			opts = append(opts, app.Option().Value(current).Text(current).Selected(true))
		}
		return app.Label().Class("field").Body(
			app.Span().Text(label),
			app.Select().ID(id).OnChange(h).Body(opts...),
		)
	}
	verdicts := []string{model.VerdictSent, model.VerdictAccepted, model.VerdictRefused, model.VerdictUnreadable}
	pause, pauseCls := "Pause", "btn"
	if d.paused {
		pause, pauseCls = "Resume", "btn on"
	}
	return app.Section().Class("toolbar").Body(
		sel("filter-origin", "origin", d.filter.Origin, d.origins, d.onFilter(&d.filter.Origin)),
		sel("filter-channel", "channel", d.filter.Channel, d.channels, d.onFilter(&d.filter.Channel)),
		sel("filter-type", "type", d.filter.Type, d.types, d.onFilter(&d.filter.Type)),
		sel("filter-verdict", "verdict", d.filter.Verdict, verdicts, d.onFilter(&d.filter.Verdict)),
		app.Label().Class("field", "grow").Body(
			app.Span().Text("search"),
			app.Input().ID("filter-text").Type("search").Placeholder("origin, type, reason, payload…").
				Value(d.filter.Text).OnInput(d.onFilter(&d.filter.Text)),
		),
		app.Div().Class("buttons").Body(
			app.Button().ID("pause").Class(pauseCls).DataSet("paused", d.paused).Text(pause).OnClick(d.onPause),
			app.Button().ID("clear").Class("btn").Text("Clear").OnClick(d.onClear),
			app.Button().ID("export").Class("btn").Title("download the kept rows that pass the filter, as JSON").
				Text("Export "+strconv.Itoa(len(d.view))).OnClick(d.onExport),
		),
	)
}
