package relay

import (
	"context"
	"time"
)

// pingLoop pings p every PingInterval until the connection ends. A client
// that does not answer within PingTimeout (or whose socket cannot even
// take the ping in that time) is dropped at once, without a close frame:
// it is not listening, and a close handshake would only wait for it.
//
// This is how the hub finds clients that vanished without closing: a
// socket whose peer is gone raises no error until something is written
// to it and the write times out, and a tap or an idle dashboard is not
// written to at all. coder/websocket answers pings only while someone
// reads, so the hub's reader is always reading, and so must a client be.
func (h *Hub) pingLoop(p *peer) {
	if h.cfg.PingInterval <= 0 {
		return
	}
	tick := time.NewTicker(h.cfg.PingInterval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-p.quit:
			return
		case <-p.readDone:
			return
		}
		start := time.Now()
		ctx, cancel := context.WithTimeout(h.ctx, h.cfg.PingTimeout)
		err := p.conn.Ping(ctx)
		timedOut := ctx.Err() != nil && h.ctx.Err() == nil
		cancel()
		switch {
		case err == nil:
			continue
		case timedOut && p.stop(stopDead):
			h.n.unresponsive.Add(1)
			if ok, withheld := h.deaths.allow(); ok {
				h.log.Warn("relay: client not answering pings dropped", "client", p.id, "role", p.role,
					"waited", time.Since(start).Round(time.Millisecond), "unlogged_before", withheld)
			}
			// The writer may be stuck in a write to this client: closing
			// the socket ends that write and the reader at once.
			_ = p.conn.CloseNow()
		}
		return // the connection is ending anyway
	}
}
