package table_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
	"github.com/postbridge/postbridge/wasm/dashboard/table"
)

// allowed are the only elements and attributes the table may contain.
var (
	allowedTags  = map[string]bool{"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "span": true, "code": true, "div": true, "dl": true, "dt": true, "dd": true, "pre": true}
	allowedAttrs = map[string]bool{"id": true, "class": true, "title": true, "colspan": true}
)

// parse parses the table as a browser does (inside a body) and returns
// its tr elements, failing on any element or attribute not allowed.
func parse(t *testing.T, out string) []*html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><body>" + out))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var trs []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data != "html" && n.Data != "head" && n.Data != "body" && !allowedTags[n.Data] {
				t.Fatalf("HTML(...) made a <%s> element: %s", n.Data, out)
			}
			for _, a := range n.Attr {
				if !allowedAttrs[a.Key] && !strings.HasPrefix(a.Key, "data-") {
					t.Fatalf("HTML(...) made a %s attribute on <%s>: %s", a.Key, n.Data, out)
				}
			}
			if n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" {
				trs = append(trs, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return trs
}

func attrOf(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// checkRow checks that the row of r reads back r's values exactly.
func checkRow(t *testing.T, r *model.Record, tr *html.Node, expanded bool) {
	t.Helper()
	for _, a := range []struct{ key, want string }{
		{"data-verdict", r.Verdict}, {"data-reason", r.Reason}, {"data-type", r.Type}, {"data-from", r.From},
		{"data-to", r.To}, {"data-channel", r.Channel}, {"data-dir", r.Dir},
	} {
		got, _ := attrOf(tr, a.key)
		if want := table.Clean(a.want); got != want {
			t.Errorf("row %s: got %q; want %q", a.key, got, want)
		}
	}
	var cells []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		cells = append(cells, c)
	}
	if len(cells) != len(table.Columns) {
		t.Fatalf("row: got %d cells; want %d", len(cells), len(table.Columns))
	}
	if got, want := textOf(cells[2]), table.Clean(r.From)+" → "+table.Clean(r.To); got != want {
		t.Errorf("origins cell: got %q; want %q", got, want)
	}
	if got, want := textOf(cells[4]), table.Clean(r.Kind)+table.Clean(r.Type); got != want {
		t.Errorf("type cell: got %q; want %q", got, want)
	}
	// The whole type and channel, however long, in their titles.
	for i, want := range map[int]string{3: r.Channel, 4: r.Type} {
		if got, _ := attrOf(cells[i], "title"); got != table.Clean(want) {
			t.Errorf("cell %d title: got %q; want %q", i, got, table.Clean(want))
		}
	}
	hist, _ := attrOf(tr, "data-history")
	if cls, _ := attrOf(tr, "class"); strings.Contains(cls, " history") != r.History || (hist == "true") != r.History {
		t.Errorf("row of History %v: got class %q, data-history %q", r.History, cls, hist)
	}
	caret := "▸"
	if expanded {
		caret = "▾"
	}
	if got, want := textOf(cells[7]), caret+table.Clean(table.Preview(r.Payload)); got != want {
		t.Errorf("payload cell: got %q; want %q", got, want)
	}
}

// hostile values, each of which defeats a table built without escaping,
// or with escaping that misses quotes, or that forgets the parser's own
// rewriting of NUL and CR.
var hostile = []string{
	`<img src=x onerror="window.pwned=1">`,
	`"><script>window.pwned=2</script>`,
	`' onmouseover='window.pwned=3`,
	`</td></tr></tbody></table><img src=x onerror=alert(1)>`,
	`&lt;b&gt; is text, not a tag`,
	"NUL\x00and\rCR\r\nLF",
	"bad UTF-8 \xff\xfe",
	`<!-- comment --><![CDATA[ x ]]>`,
	`<svg><script>alert(1)</script></svg>`,
	`<plaintext>`,
}

func TestHTMLHostile(t *testing.T) {
	t.Parallel()
	for _, h := range hostile {
		r := &model.Record{ID: 7, Verdict: h, Reason: h, Type: h, From: h, To: h, Channel: h, Dir: h, Kind: h,
			Page: h, Detail: h, Payload: h, Problem: h, Room: h, Sender: h}
		out := table.HTML([]*model.Record{r}, table.Options{Expanded: map[uint64]bool{7: true}})
		trs := parse(t, out)
		if len(trs) != 2 {
			t.Fatalf("HTML(%q): got %d rows; want a row and its detail", h, len(trs))
		}
		checkRow(t, r, trs[0], true)
		pre := trs[1].FirstChild.FirstChild.LastChild
		if got := textOf(pre); got != table.Clean(h) {
			t.Errorf("HTML(%q): detail payload reads %q", h, got)
		}
		if cls, _ := attrOf(trs[0], "class"); cls != "row verdict-other" {
			t.Errorf("HTML(%q): row class %q; want row verdict-other", h, cls)
		}
	}
}

// TestHTMLHistory: a replayed record is marked, in its class, a data
// attribute and a marker a person sees; a long type is there whole.
func TestHTMLHistory(t *testing.T) {
	t.Parallel()
	const long = "attack-replay-of-a-stale-session-with-a-long-name"
	r := &model.Record{ID: 3, Time: 1735787045123, Verdict: "refused", Reason: "REPLAY", Channel: "demo", Type: long, History: true}
	out := table.HTML([]*model.Record{r}, table.Options{Loc: time.UTC})
	trs := parse(t, out)
	checkRow(t, r, trs[0], false)
	if cls, _ := attrOf(trs[0], "class"); cls != "row verdict-refused history" {
		t.Errorf("row class: got %q; want row verdict-refused history", cls)
	}
	time := trs[0].FirstChild
	if got := textOf(time); got != "03:04:05.123history" {
		t.Errorf("time cell: got %q; want the time and the history marker", got)
	}
	if title, _ := attrOf(time.LastChild, "title"); title != table.HistoryTitle {
		t.Errorf("history marker title: got %q", title)
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	recs := []*model.Record{
		{ID: 2, Time: 1735787045123, Dir: "in", From: "http://a.test", To: "http://b.test", Verdict: "refused", Reason: "ORIGIN_REFUSED",
			Channel: "demo", Kind: "event", Type: "steal", Payload: `{"x":1}`},
		{ID: 1, Time: 1735787045000, Dir: "out", From: "http://b.test", To: "http://a.test", Verdict: "sent", Channel: "demo",
			Kind: "request", Type: "greet", Latency: 1.5, Payload: strings.Repeat("é", 60)},
	}
	out := table.HTML(recs, table.Options{Expanded: map[uint64]bool{1: true}, Loc: time.UTC})
	trs := parse(t, out)
	if len(trs) != 3 {
		t.Fatalf("HTML: got %d rows; want 2 and a detail", len(trs))
	}
	checkRow(t, recs[0], trs[0], false)
	if cls, _ := attrOf(trs[0], "class"); cls != "row verdict-refused" {
		t.Errorf("row class: got %q", cls)
	}
	if id, _ := attrOf(trs[2], "data-id"); id != "1" {
		t.Errorf("detail row data-id: got %q; want 1", id)
	}
	for _, want := range []string{
		`<td class="time">03:04:05.123</td><td class="dir">← in</td>`,
		`<td class="latency">1.50 ms</td>`,
		`<td class="payload"><span class="caret">▾</span>`,
		`<span class="reason">ORIGIN_REFUSED</span>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML: got %s; want it to contain %s", out, want)
		}
	}
	if p := table.Preview(recs[1].Payload); len(p) > table.PreviewLen+len("…") || !strings.HasSuffix(p, "é…") {
		t.Errorf("Preview: got %q; want it cut on a rune boundary", p)
	}
	if out := table.HTML(nil, table.Options{}); len(parse(t, out)) != 0 {
		t.Errorf("HTML(nil): got rows in %s", out)
	}
}

// FuzzHTML: whatever a page writes in a record, the table holds one row
// for it, with only the table's own elements and attributes, and reads
// back what was written.
func FuzzHTML(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, h, h)
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		r := &model.Record{ID: 1, Verdict: a, Reason: b, Type: c, From: a, To: b, Channel: c, Dir: a, Kind: b, Payload: c, Detail: a}
		trs := parse(t, table.HTML([]*model.Record{r}, table.Options{Expanded: map[uint64]bool{1: true}}))
		if len(trs) != 2 {
			t.Fatalf("got %d rows; want 2", len(trs))
		}
		checkRow(t, r, trs[0], true)
	})
}

func BenchmarkHTML(b *testing.B) {
	recs := make([]*model.Record, 200)
	for i := range recs {
		recs[i] = &model.Record{ID: uint64(i), Time: 1735787045123, Dir: "in", From: "http://main.localhost:8080", To: "http://other.localhost:8081",
			Verdict: "accepted", Channel: "demo", Kind: "request", Type: "greet", Latency: 1.5, Payload: `{"name":"Ada","n":12345}`}
	}
	for b.Loop() {
		table.HTML(recs, table.Options{})
	}
}
