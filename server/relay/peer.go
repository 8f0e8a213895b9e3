package relay

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// stopReason says why the hub ends a connection; the first reason wins.
type stopReason int32

const (
	stopNone     stopReason = iota
	stopSlow                // shed as a slow consumer: close 1008 "slow consumer"
	stopShutdown            // Hub.Shutdown: drain the queue, close 1001
	stopDead                // no pong within PingTimeout: drop, no close frame
)

// peer is one connected client. Its reader goroutine (the HTTP handler)
// decodes and handles frames; its writer goroutine drains send.
type peer struct {
	id     string
	role   Role
	bound  string // for a tap: the only room it may publish into ("" = any)
	origin []byte // the verified Origin as a JSON string; nil without one
	conn   *websocket.Conn
	send   chan queued
	seq    uint64              // last sequence number assigned; reader goroutine only
	subs   map[string]struct{} // guarded by Hub.mu

	qmu      sync.Mutex    // orders enqueue's offer with its gap count
	gap      uint64        // frames dropped since the last one queued; guarded by qmu
	stalled  atomic.Uint64 // frames dropped since the writer last wrote a frame
	reason   atomic.Int32  // a stopReason
	quit     chan struct{} // closed by stop
	readDone chan struct{} // closed when the reader has returned

	scratch []byte // the writer's buffer for history frames; writer goroutine only
}

// stop asks the writer to end the connection; it reports whether this call
// was the one that did.
func (p *peer) stop(r stopReason) bool {
	if !p.reason.CompareAndSwap(int32(stopNone), int32(r)) {
		return false
	}
	close(p.quit)
	return true
}

// ServeHTTP upgrades an authorised request to a relay connection and serves
// it until either side closes. Refused requests get 403 (origin or token),
// 400 (query) or 503 (shutting down or full) and are logged; nothing is
// upgraded before the checks pass.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q, qerr := url.ParseQuery(r.URL.RawQuery)
	if ref := h.authorize(r, q); ref != nil {
		h.refuse(w, r, ref)
		return
	}
	if qerr != nil {
		h.refuse(w, r, &refusal{http.StatusBadRequest, "malformed query"})
		return
	}
	role, room, ref := roleAndRoom(q)
	if ref == nil {
		ref = h.authorizeRole(r, role)
	}
	if ref != nil {
		h.refuse(w, r, ref)
		return
	}
	p := &peer{
		id:       "c" + strconv.FormatUint(h.nextID.Add(1), 10),
		role:     role,
		send:     make(chan queued, h.cfg.QueueSize),
		subs:     make(map[string]struct{}),
		quit:     make(chan struct{}),
		readDone: make(chan struct{}),
	}
	if role == RoleTap {
		p.bound = room
	}
	if o := r.Header.Values("Origin"); len(o) == 1 { // authorize allowed it
		p.origin = encodeString(o[0])
	}
	if ref := h.register(p); ref != nil {
		h.refuse(w, r, ref)
		return
	}
	// The library's own origin check is off on purpose: it matches host
	// globs and admits any page whose host equals the request's Host header,
	// both looser than the exact check authorize has just made.
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		h.unregister(p)
		h.wg.Done()
		h.n.refused.Add(1)
		h.log.Warn("relay: handshake failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	p.conn = conn
	conn.SetReadLimit(h.hardLimit)
	h.n.connections.Add(1)
	h.log.Debug("relay: client connected", "client", p.id, "role", role,
		"origin", r.Header.Get("Origin"), "remote", r.RemoteAddr)
	h.run(p, room)
}

// refuse answers a request that is not upgraded. The log line names the
// path, never the query, which may hold the token.
func (h *Hub) refuse(w http.ResponseWriter, r *http.Request, ref *refusal) {
	h.n.refused.Add(1)
	if ok, withheld := h.refusals.allow(); ok {
		h.log.Warn("relay: upgrade refused", "status", ref.status, "reason", ref.reason,
			"origin", r.Header.Values("Origin"), "remote", r.RemoteAddr, "path", r.URL.Path,
			"unlogged_before", withheld)
	}
	http.Error(w, http.StatusText(ref.status)+": "+ref.reason, ref.status)
}

func (h *Hub) run(p *peer, room string) {
	defer h.wg.Done()
	h.enqueue(p, control(welcomeFrame{Op: "welcome", ID: p.id, Epoch: h.epoch, Role: p.role, Limits: h.Limits()}))
	if room != "" && p.role.subscribes() {
		h.handle(p, frame{Op: opSub, Room: room})
	}
	writerDone, pingDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(writerDone)
		h.writeLoop(p)
	}()
	go func() {
		defer close(pingDone)
		h.pingLoop(p)
	}()
	err := h.readLoop(p)
	h.unregister(p)
	close(p.readDone)
	_ = p.conn.CloseNow() // no-op if a close handshake is already under way
	<-writerDone
	<-pingDone
	h.log.Debug("relay: client left", "client", p.id, "status", websocket.CloseStatus(err))
}

func (h *Hub) readLoop(p *peer) error {
	for {
		typ, b, err := p.conn.Read(h.ctx)
		switch {
		case err != nil:
			return err
		case typ != websocket.MessageText:
			h.reject(p, "", newError(CodeBadFrame, "binary frames are not accepted; send JSON text"))
		case len(b) > h.cfg.MaxFrame:
			h.reject(p, "", newError(CodeTooLarge, "frame of "+strconv.Itoa(len(b))+
				" bytes exceeds the limit of "+strconv.Itoa(h.cfg.MaxFrame)))
		default:
			f, err := decodeFrame(b, h.cfg.MaxBatch)
			if err != nil {
				h.reject(p, f.ID, err)
				continue
			}
			h.handle(p, f)
		}
	}
}

func (h *Hub) reject(p *peer, id string, err error) {
	h.n.badFrames.Add(1)
	var e *Error
	if !errors.As(err, &e) {
		e = badFrame(err.Error())
	}
	h.enqueue(p, errorReply(e, id))
}

func (h *Hub) handle(p *peer, f frame) {
	switch f.Op {
	case opPing:
		h.enqueue(p, control(ackFrame{Op: "pong", ID: f.ID}))
	case opSub, opUnsub:
		if !p.role.subscribes() {
			h.reject(p, f.ID, newError(CodeForbidden, "role "+string(p.role)+" cannot subscribe"))
			return
		}
		if f.Op == opUnsub {
			h.unsubscribe(p, f.Room)
			h.enqueue(p, control(ackFrame{Op: "unsubscribed", Room: f.Room, ID: f.ID}))
			return
		}
		if err := h.subscribe(p, f.Room, f.ID); err != nil {
			h.reject(p, f.ID, err)
		}
	case opPub:
		if !p.role.publishes() {
			h.reject(p, f.ID, newError(CodeForbidden, "role "+string(p.role)+" cannot publish"))
			return
		}
		if p.bound != "" && f.Room != p.bound {
			h.reject(p, f.ID, newError(CodeForbidden, "this tap publishes into room "+strconv.Quote(p.bound)+" only"))
			return
		}
		items := f.Items
		if f.Src != "" {
			// Keyed by origin too: a page cannot silence another
			// origin's tap by reusing its src.
			dup := h.hist.dedup(f.Room, string(p.origin)+"\x00"+f.Src, f.N, len(items))
			h.n.duplicates.Add(uint64(dup))
			if items = items[dup:]; len(items) == 0 {
				return
			}
		}
		frames := make([]*outFrame, len(items))
		for i, item := range items {
			p.seq++
			b := appendMsg(make([]byte, 0, len(item)+128), f.Room, p.id, p.origin, p.seq, time.Now(), item)
			frames[i] = &outFrame{b: b, msg: true}
		}
		if !h.fanout(f.Room, frames...) {
			h.reject(p, f.ID, newError(CodeForbidden, "the relay is shutting down"))
		}
	}
}
