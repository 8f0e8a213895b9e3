package boundary

import (
	"runtime"

	"github.com/postbridge/postbridge/wasm/core"
)

// Stats is pb_stats: the result is a JSON object counting what the host
// holds and what it refused, for tests and the curious:
//
//	{"windows":1,"ports":1,"channels":1,"pending":0,"inflight":0,"goroutines":1,
//	 "refused":{"ORIGIN_REFUSED":12}}
func (h *Host) Stats() {
	b := append(h.res[:0], `{"windows":`...)
	b = appendInt(b, len(h.windows))
	b = append(b, `,"ports":`...)
	b = appendInt(b, len(h.ports))
	b = append(b, `,"channels":`...)
	b = appendInt(b, len(h.channels))
	pending, inflight := 0, 0
	for _, jc := range h.channels {
		p, i := jc.c.Pending()
		pending, inflight = pending+p, inflight+i
	}
	b = append(b, `,"pending":`...)
	b = appendInt(b, pending)
	b = append(b, `,"inflight":`...)
	b = appendInt(b, inflight)
	b = append(b, `,"goroutines":`...)
	b = appendInt(b, runtime.NumGoroutine())
	b = append(b, `,"refused":{`...)
	first := true
	counts := h.router.Refusals()
	for _, c := range core.Codes() {
		n, ok := counts[c]
		if !ok {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, c...)
		b = append(b, `":`...)
		b = appendInt(b, int(n))
	}
	h.res = append(b, "}}"...)
}

func appendInt(b []byte, n int) []byte { return append(b, itoa(n)...) }
