package table

import (
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// Columns are the table's headings; an expanded row's detail spans them.
var Columns = []string{"time", "dir", "from → to", "channel", "type", "verdict", "latency", "payload"}

// PreviewLen bounds the payload shown in its cell, in bytes.
const PreviewLen = 80

// Options say how to draw the rows.
type Options struct {
	Expanded map[uint64]bool // rows shown with their detail, by Record.ID
	Loc      *time.Location  // for times; UTC if nil
}

// HistoryTitle explains the history marker of a row.
const HistoryTitle = "from the relay's history: published before this dashboard connected"

// HTML returns a <table id="messages"> with one tr.row per record, in the
// order given, each followed by its tr.detail when expanded. A record
// replayed from the relay's history is a tr.row.history with
// data-history="true" and a marker in its time cell.
func HTML(rows []*model.Record, o Options) string {
	var b strings.Builder
	b.Grow(256 + len(rows)*700)
	b.WriteString(`<table id="messages"><thead><tr>`)
	for _, c := range Columns {
		b.WriteString("<th>" + c + "</th>")
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		row(&b, r, o)
		if o.Expanded[r.ID] {
			detail(&b, r)
		}
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

func row(b *strings.Builder, r *model.Record, o Options) {
	id := strconv.FormatUint(r.ID, 10)
	cls := "row verdict-" + verdictClass(r.Verdict)
	if r.History {
		cls += " history"
	}
	b.WriteString(`<tr class="` + cls + `" data-id="` + id + `"`)
	if r.History {
		b.WriteString(` data-history="true"`)
	}
	attr(b, "data-verdict", r.Verdict)
	attr(b, "data-reason", r.Reason)
	attr(b, "data-type", r.Type)
	attr(b, "data-from", r.From)
	attr(b, "data-to", r.To)
	attr(b, "data-channel", r.Channel)
	attr(b, "data-dir", r.Dir)
	b.WriteString(`>`)

	if r.History {
		b.WriteString(`<td class="time">` + text(model.FormatTime(r.Time, o.Loc)) +
			`<span class="history-mark" title="` + HistoryTitle + `">history</span></td>`)
	} else {
		cell(b, "time", model.FormatTime(r.Time, o.Loc))
	}
	cell(b, "dir", direction(r.Dir))
	b.WriteString(`<td class="origins"`)
	attr(b, "title", r.Page)
	b.WriteString(`><span class="origin">` + text(r.From) + `</span><span class="arrow"> → </span><span class="origin">` +
		text(r.To) + `</span></td>`)
	// Channel and type may be longer than their columns: they wrap, and
	// their title holds them whole too.
	b.WriteString(`<td class="channel"`)
	attr(b, "title", r.Channel)
	b.WriteString(`>` + text(r.Channel) + `</td><td class="type"`)
	attr(b, "title", r.Type)
	b.WriteString(`>`)
	if r.Kind != "" {
		b.WriteString(`<span class="kind">` + text(r.Kind) + `</span>`)
	}
	b.WriteString(text(r.Type) + `</td><td class="verdict"><span class="badge verdict-` + verdictClass(r.Verdict) + `">` + text(r.Verdict) + `</span>`)
	if r.Reason != "" {
		b.WriteString(`<span class="reason">` + text(r.Reason) + `</span>`)
	}
	b.WriteString(`</td>`)
	cell(b, "latency", model.FormatLatency(r.Latency))
	caret := "▸"
	if o.Expanded[r.ID] {
		caret = "▾"
	}
	b.WriteString(`<td class="payload"><span class="caret">` + caret + `</span><code>` + text(Preview(r.Payload)) + `</code></td></tr>`)
}

func detail(b *strings.Builder, r *model.Record) {
	b.WriteString(`<tr class="detail" data-id="` + strconv.FormatUint(r.ID, 10) + `"><td colspan="` +
		strconv.Itoa(len(Columns)) + `"><div class="detail-grid"><dl>`)
	item := func(label, value string) {
		if value != "" {
			b.WriteString("<dt>" + label + "</dt><dd>" + text(value) + "</dd>")
		}
	}
	item("detail", r.Detail)
	item("problem", r.Problem)
	item("page", r.Page)
	item("tap of", r.Self)
	item("relay", "room "+r.Room+" · sender "+r.Sender+" · seq "+strconv.FormatUint(r.Seq, 10)+" · "+r.Relayed)
	item("sender origin", r.SenderOrigin)
	if r.Dropped > 0 {
		item("tap dropped before", strconv.Itoa(r.Dropped))
	}
	payload, _ := model.Pretty(r.Payload)
	if payload == "" {
		payload = "(no payload)"
	}
	b.WriteString(`</dl><pre class="payload">` + text(payload) + `</pre></div></td></tr>`)
}

func cell(b *strings.Builder, class, value string) {
	b.WriteString(`<td class="` + class + `">` + text(value) + `</td>`)
}

// attr writes a double-quoted attribute, left out when value is empty.
func attr(b *strings.Builder, name, value string) {
	if value != "" {
		b.WriteString(` ` + name + `="` + text(value) + `"`)
	}
}

// text escapes s for HTML text and attribute values, once it is in the
// form the HTML parser keeps as is: valid UTF-8, no NUL, no CR (the parser
// turns CR LF and CR into LF).
func text(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\x00\r") {
		s = strings.NewReplacer("\x00", "\uFFFD", "\r\n", "\n", "\r", "\n").Replace(s)
	}
	return html.EscapeString(s)
}

// Clean returns s as the DOM shows it once HTML writes it: what a test
// reading the page back should compare with.
func Clean(s string) string { return html.UnescapeString(text(s)) }

// verdictClass names a verdict in a class: one of the known verdicts, or
// "other", so that a record cannot add classes of its choosing.
func verdictClass(v string) string {
	switch v {
	case model.VerdictSent, model.VerdictAccepted, model.VerdictRefused, model.VerdictUnreadable:
		return v
	}
	return "other"
}

func direction(dir string) string {
	switch dir {
	case "out":
		return "→ out"
	case "in":
		return "← in"
	}
	return dir
}

// Preview shortens a payload for its cell, on a rune boundary.
func Preview(s string) string {
	if len(s) <= PreviewLen {
		return s
	}
	cut := PreviewLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
