//go:build js && wasm

package main

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/dashboard/table"
)

// table shows the rows as one piece of HTML (package table says why); a
// single click handler on its wrapper finds the row that was clicked.
func (d *dashboard) table() app.UI {
	return app.Section().Class("messages").Body(
		app.Div().ID("shown").Class("caption").Text(d.caption()),
		app.Div().Class("table-wrap").OnClick(d.onTable).Body(app.Raw(d.tableHTML)),
		app.If(len(d.rows) == 0, app.P().Class("empty").Text(d.emptyText())),
	)
}

// redrawTable rebuilds the table's HTML from the rows and expanded set.
func (d *dashboard) redrawTable() {
	d.tableHTML = table.HTML(d.rows, table.Options{Expanded: d.expanded, Loc: d.loc})
}

func (d *dashboard) caption() string {
	s := "showing " + strconv.Itoa(len(d.rows)) + " of " + strconv.Itoa(len(d.view)) + " matching · " +
		strconv.Itoa(d.kept) + " kept (last " + strconv.Itoa(keep) + ")"
	if d.paused {
		s += " · paused, " + strconv.FormatUint(d.stats.Received-d.pausedAt, 10) + " new since"
	}
	return s
}

func (d *dashboard) emptyText() string {
	switch {
	case d.kept > 0 || d.paused:
		return "Nothing matches the filter."
	case d.shownState != stateConnected:
		return "Waiting for the relay…"
	}
	return "Waiting for traffic: open a demo page (/) in another tab and use it."
}

// onTable expands or folds the row that was clicked, named by its data-id.
func (d *dashboard) onTable(ctx app.Context, e app.Event) {
	row := e.Get("target").Call("closest", "tr.row")
	if row.IsNull() {
		return
	}
	id, err := strconv.ParseUint(row.Get("dataset").Get("id").String(), 10, 64)
	if err != nil {
		return
	}
	if d.expanded[id] {
		delete(d.expanded, id)
	} else {
		d.expanded[id] = true
	}
	d.redrawTable()
}
