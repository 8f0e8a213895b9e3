package boundary

import (
	"runtime"
	"strconv"

	"github.com/postbridge/postbridge/wasm/version"
)

// Stats is pb_stats: the result is a JSON object counting what the host
// holds and what it refused, for tests and the curious:
//
//	{"version":"0.1.0","windows":1,"ports":1,"channels":1,"pending":0,"inflight":0,"goroutines":1,
//	 "refused":{"ORIGIN_REFUSED":12}}
func (h *Host) Stats() {
	pending, inflight := 0, 0
	for _, jc := range h.channels {
		p, i := jc.c.Pending()
		pending, inflight = pending+p, inflight+i
	}
	b := append(h.res[:0], `{"version":"`...)
	b = append(b, version.Number...) // semver: nothing to escape
	b = append(b, `",`...)
	for _, f := range [...]struct {
		name string
		n    int
	}{{"windows", len(h.windows)}, {"ports", len(h.ports)}, {"channels", len(h.channels)},
		{"pending", pending}, {"inflight", inflight}, {"goroutines", runtime.NumGoroutine()}} {
		b = member(b, f.name, f.n)
	}
	b = append(b, `"refused":{`...)
	for c, n := range h.router.Refusals() {
		b = member(b, string(c), int(n))
	}
	if b[len(b)-1] == ',' {
		b = b[:len(b)-1]
	}
	h.res = append(b, "}}"...)
}

// member appends "name":n, to b.
func member(b []byte, name string, n int) []byte {
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, ',')
}
