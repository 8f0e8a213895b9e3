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
		case q := <-p.send:
			if h.write(p, q) != nil {
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

// write sends q's frame, preceded by a "dropped" notice if frames were lost
// just before it, and followed by the history it carries.
func (h *Hub) write(p *peer, q queued) error {
	if err := h.notifyDropped(p, q.droppedBefore); err != nil {
		return err
	}
	if len(q.f.b) > 0 {
		if err := h.writeFrame(p, q.f.b); err != nil {
			return err
		}
		if q.f.msg {
			h.n.delivered.Add(1)
		}
	}
	for _, f := range q.history {
		p.scratch = appendHistory(p.scratch[:0], f.b)
		if err := h.writeFrame(p, p.scratch); err != nil {
			return err
		}
		h.n.replayed.Add(1)
	}
	if cap(p.scratch) > maxScratch {
		p.scratch = nil // one large frame must not pin its size per client
	}
	return nil
}

// maxScratch is the largest history buffer a client's writer keeps.
const maxScratch = 64 << 10

// notifyDropped tells p that n frames were lost, if n > 0.
func (h *Hub) notifyDropped(p *peer, n uint64) error {
	if n == 0 {
		return nil
	}
	return h.writeFrame(p, control(droppedFrame{Op: "dropped", Count: n}).b)
}

// writeFrame writes b to p; a frame written is progress, which resets the
// count of drops towards DropLimit.
func (h *Hub) writeFrame(p *peer, b []byte) error {
	ctx, cancel := context.WithTimeout(h.ctx, h.cfg.WriteTimeout)
	defer cancel()
	if err := p.conn.Write(ctx, websocket.MessageText, b); err != nil {
		return err
	}
	p.stalled.Store(0)
	return nil
}

// finish ends a connection the hub decided to end: a slow consumer at once,
// its queued frames counted as dropped in a last notice; anyone else once
// its queue is written out.
func (h *Hub) finish(p *peer) {
	code, reason := websocket.StatusGoingAway, "server shutting down"
	var lost uint64
	switch stopReason(p.reason.Load()) {
	case stopDead:
		_ = p.conn.CloseNow()
		return
	case stopSlow:
		h.forget(p)
		lost = h.discard(p)
		code, reason = websocket.StatusPolicyViolation, "slow consumer"
	default:
		if !h.drain(p) {
			_ = p.conn.CloseNow()
			return
		}
	}
	p.qmu.Lock()
	lost += p.gap
	p.gap = 0
	p.qmu.Unlock()
	if h.notifyDropped(p, lost) != nil {
		_ = p.conn.CloseNow()
		return
	}
	_ = p.conn.Close(code, reason)
}

// drain writes every frame already queued for p.
func (h *Hub) drain(p *peer) bool {
	for {
		select {
		case q := <-p.send:
			if h.write(p, q) != nil {
				return false
			}
		default:
			return true
		}
	}
}

// discard empties p's queue without writing it and returns how many frames
// p has lost: the discarded ones and the drops they carried.
func (h *Hub) discard(p *peer) uint64 {
	var lost uint64
	for {
		select {
		case q := <-p.send:
			lost += q.droppedBefore + q.frames()
			h.n.dropped.Add(q.frames())
		default:
			return lost
		}
	}
}
