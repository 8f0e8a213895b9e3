package relay

import (
	"context"

	"github.com/coder/websocket"
)

// writeLoop is a client's writer goroutine: it drains the queue until the
// reader ends or the hub stops the client.
func (h *Hub) writeLoop(p *peer) {
	for {
		select { // a stop wins over queued frames
		case <-p.quit:
			h.finish(p)
			return
		default:
		}
		select {
		case f := <-p.send:
			if h.write(p, f) != nil {
				_ = p.conn.CloseNow()
				return
			}
		case <-p.quit:
			h.finish(p)
			return
		case <-p.readDone:
			return
		}
	}
}

// write sends f, preceded by a "dropped" notice if frames were lost since
// the last one.
func (h *Hub) write(p *peer, f *outFrame) error {
	if err := h.notifyDropped(p); err != nil {
		return err
	}
	if len(f.b) == 0 {
		return nil
	}
	if err := h.writeFrame(p, f.b); err != nil {
		return err
	}
	if f.msg {
		h.n.delivered.Add(1)
	}
	return nil
}

func (h *Hub) notifyDropped(p *peer) error {
	n := p.pending.Swap(0)
	if n == 0 {
		return nil
	}
	return h.writeFrame(p, control(droppedFrame{Op: "dropped", Count: n}).b)
}

func (h *Hub) writeFrame(p *peer, b []byte) error {
	ctx, cancel := context.WithTimeout(h.ctx, h.cfg.WriteTimeout)
	defer cancel()
	return p.conn.Write(ctx, websocket.MessageText, b)
}

// finish ends a connection the hub decided to end: a slow consumer at once,
// anyone else once its queue is written out.
func (h *Hub) finish(p *peer) {
	code, reason := websocket.StatusGoingAway, "server shutting down"
	if stopReason(p.reason.Load()) == stopSlow {
		h.forget(p)
		code, reason = websocket.StatusPolicyViolation, "slow consumer"
	} else if !h.drain(p) {
		_ = p.conn.CloseNow()
		return
	}
	if h.notifyDropped(p) != nil {
		_ = p.conn.CloseNow()
		return
	}
	_ = p.conn.Close(code, reason)
}

// drain writes every frame already queued for p.
func (h *Hub) drain(p *peer) bool {
	for {
		select {
		case f := <-p.send:
			if h.write(p, f) != nil {
				return false
			}
		default:
			return true
		}
	}
}
