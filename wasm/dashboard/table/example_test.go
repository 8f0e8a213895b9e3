package table_test

import (
	"fmt"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
	"github.com/postbridge/postbridge/wasm/dashboard/table"
)

// A refused record from a hostile page: its type is markup, and stays
// text.
func ExampleHTML() {
	r := &model.Record{ID: 3, Dir: "in", From: "http://evil.test", To: "http://main.test", Verdict: "refused",
		Reason: "ORIGIN_REFUSED", Channel: "demo", Kind: "event", Type: `<img src=x onerror=alert(1)>`}
	fmt.Println(table.HTML([]*model.Record{r}, table.Options{}))
	// Output:
	// <table id="messages"><thead><tr><th>time</th><th>dir</th><th>from → to</th><th>channel</th><th>type</th><th>verdict</th><th>latency</th><th>payload</th></tr></thead><tbody><tr class="row verdict-refused" data-id="3" data-verdict="refused" data-reason="ORIGIN_REFUSED" data-type="&lt;img src=x onerror=alert(1)&gt;" data-from="http://evil.test" data-to="http://main.test" data-channel="demo" data-dir="in"><td class="time"></td><td class="dir">← in</td><td class="origins"><span class="origin">http://evil.test</span><span class="arrow"> → </span><span class="origin">http://main.test</span></td><td class="channel" title="demo">demo</td><td class="type" title="&lt;img src=x onerror=alert(1)&gt;"><span class="kind">event</span>&lt;img src=x onerror=alert(1)&gt;</td><td class="verdict"><span class="badge verdict-refused">refused</span><span class="reason">ORIGIN_REFUSED</span></td><td class="latency"></td><td class="payload"><span class="caret">▸</span><code></code></td></tr></tbody></table>
}
