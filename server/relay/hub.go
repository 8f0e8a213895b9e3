package relay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// serverID is the sender name of publications made through Hub.Publish.
const serverID = "server"

// Hub relays frames between websocket clients grouped in rooms. It is an
// http.Handler; mount it at /relay. All methods are safe for concurrent use.
type Hub struct {
	cfg       Config
	log       *slog.Logger
	hardLimit int64
	ctx       context.Context // cancelled when Shutdown gives up waiting
	cancel    context.CancelFunc

	// mu guards the fields below. Publishers hold it for reading while they
	// keep history and fill queues (never blocking), so Shutdown taking it
	// for writing waits out every publication in flight, and a new
	// subscription, which takes it for writing, sees each publication
	// either in the history or live, exactly once.
	mu      sync.RWMutex
	closing bool
	peers   map[*peer]struct{}
	rooms   map[string]map[*peer]struct{}
	all     map[*peer]struct{}
	wg      sync.WaitGroup // one per connection

	serverMu  sync.Mutex // orders Publish calls: seq order is queue order
	serverSeq uint64

	hist  *history // each room's recent publications and sources
	epoch string   // this hub's random name, in every welcome

	nextID   atomic.Uint64
	n        counters
	refusals *limiter // refused upgrades worth a log line
	deaths   *limiter // unresponsive clients worth a log line
}

// New validates cfg and returns a Hub. Every invalid field is reported;
// the error joins *ConfigError values.
func New(cfg Config) (*Hub, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{
		cfg:       cfg,
		log:       cfg.Logger,
		hardLimit: int64(cfg.MaxFrame) * hardLimitPad,
		ctx:       ctx,
		cancel:    cancel,
		peers:     make(map[*peer]struct{}),
		rooms:     make(map[string]map[*peer]struct{}),
		all:       make(map[*peer]struct{}),
		hist:      newHistory(cfg),
		epoch:     newEpoch(),
		refusals:  newLimiter(refusalBurst, refusalEvery, time.Now),
		deaths:    newLimiter(refusalBurst, refusalEvery, time.Now),
	}, nil
}

// newEpoch names a hub: 16 random hex digits. Sender ids and sequence
// numbers start again in every hub, so a client that reconnects compares
// epochs before it compares them.
func newEpoch() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// Publish relays a server-side event into room with from = "server" and the
// server's own sequence numbers. data must be one JSON object of at most
// MaxFrame bytes. Errors match ErrBadRoom, ErrBadFrame, ErrTooLarge or
// ErrClosed.
func (h *Hub) Publish(room string, data []byte) error {
	if !ValidRoom(room) {
		return newError(CodeBadRoom, "room "+quoteShort(room)+" does not match the room rule")
	}
	if len(data) > h.cfg.MaxFrame {
		return newError(CodeTooLarge, "data of "+strconv.Itoa(len(data))+" bytes exceeds "+strconv.Itoa(h.cfg.MaxFrame))
	}
	if !utf8.Valid(data) || !json.Valid(data) {
		return badFrame("data is not UTF-8 JSON")
	}
	obj, err := compactObject(data, "data")
	if err != nil {
		return err
	}
	h.serverMu.Lock()
	defer h.serverMu.Unlock()
	h.serverSeq++
	b := appendMsg(make([]byte, 0, len(obj)+128), room, serverID, nil, h.serverSeq, time.Now(), obj)
	if !h.fanout(room, &outFrame{b: b, msg: true}) {
		return ErrClosed
	}
	return nil
}

// fanout keeps frames in room's history and queues them, in order, for
// every subscriber of room and of AllRooms, once each. A batch is
// published whole or not at all. It never blocks; it reports false once
// the hub is closing.
func (h *Hub) fanout(room string, frames ...*outFrame) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closing {
		return false
	}
	h.n.published.Add(uint64(len(frames)))
	h.hist.append(room, frames)
	subs := h.rooms[room]
	for _, f := range frames {
		for p := range subs {
			h.enqueue(p, f)
		}
		for p := range h.all {
			if _, both := subs[p]; !both {
				h.enqueue(p, f)
			}
		}
	}
	return true
}

// enqueue offers f to p's queue without blocking.
func (h *Hub) enqueue(p *peer, f *outFrame) { h.offer(p, queued{f: f}) }

// offer puts q in p's queue without blocking. A full queue drops the
// entry and counts its frames; the next entry that does enter the queue
// carries the count, so the "dropped" notice reaches the client exactly
// where the gap is. Past DropLimit drops while p's writer could not write
// a single frame, p is shed as a slow consumer.
func (h *Hub) offer(p *peer, q queued) {
	p.qmu.Lock()
	q.droppedBefore = p.gap
	select {
	case p.send <- q:
		p.gap = 0
		p.qmu.Unlock()
		return
	default:
	}
	p.gap += q.frames()
	p.qmu.Unlock()
	h.n.dropped.Add(q.frames())
	if p.stalled.Add(1) > uint64(h.cfg.DropLimit) && p.stop(stopSlow) {
		h.n.shed.Add(1)
		h.log.Warn("relay: slow consumer shed", "client", p.id, "role", p.role)
	}
}

// subscribe adds p to room (or to every room) and queues the
// "subscribed" reply (echoing id) followed by the room's history, all
// under the lock that publications take to be fanned out: the history
// ends exactly where the live traffic p will receive begins. A room p
// already receives (through AllRooms or itself) brings no history again.
// It fails only when p is at MaxSubscriptions.
func (h *Hub) subscribe(p *peer, room, id string) *Error {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, again := p.subs[room]
	_, viaAll := p.subs[AllRooms]
	if !again && len(p.subs) >= h.cfg.MaxSubscriptions {
		return newError(CodeForbidden, "subscription limit of "+strconv.Itoa(h.cfg.MaxSubscriptions)+" reached")
	}
	var past []*outFrame
	if !again && !viaAll {
		past = h.hist.snapshot(room, p.subs)
	}
	h.offer(p, queued{f: control(ackFrame{Op: "subscribed", Room: room, ID: id, Replay: len(past)}), history: past})
	if again {
		return nil
	}
	p.subs[room] = struct{}{}
	if room == AllRooms {
		h.all[p] = struct{}{}
		return nil
	}
	set := h.rooms[room]
	if set == nil {
		set = make(map[*peer]struct{})
		h.rooms[room] = set
	}
	set[p] = struct{}{}
	return nil
}

func (h *Hub) unsubscribe(p *peer, room string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unsubscribeLocked(p, room)
}

func (h *Hub) unsubscribeLocked(p *peer, room string) {
	delete(p.subs, room)
	if room == AllRooms {
		delete(h.all, p)
		return
	}
	if set := h.rooms[room]; set != nil {
		delete(set, p)
		if len(set) == 0 {
			delete(h.rooms, room)
		}
	}
}

// register admits a new peer unless the hub is closing or full.
func (h *Hub) register(p *peer) *refusal {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closing:
		return &refusal{http.StatusServiceUnavailable, "shutting down"}
	case len(h.peers) >= h.cfg.MaxClients:
		return &refusal{http.StatusServiceUnavailable, "too many clients"}
	}
	h.peers[p] = struct{}{}
	h.wg.Add(1) // under mu and before closing: Shutdown's Wait cannot race it
	return nil
}

func (h *Hub) unregister(p *peer) {
	h.forget(p)
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.peers, p)
}

// forget removes every subscription of p, so that nothing more is queued
// for a client being shed.
func (h *Hub) forget(p *peer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for room := range p.subs {
		h.unsubscribeLocked(p, room)
	}
}

// Shutdown stops accepting connections and publications, lets every client
// receive the frames already queued for it, then closes each connection
// with status 1001 (going away) and waits for all of them. If ctx ends
// first, Shutdown aborts pending reads and writes and returns ctx.Err();
// connections still in their close handshake then end within the websocket
// library's own timeouts.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	peers := make([]*peer, 0, len(h.peers))
	for p := range h.peers {
		peers = append(peers, p)
	}
	h.mu.Unlock()
	for _, p := range peers {
		p.stop(stopShutdown)
	}
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.cancel()
		return nil
	case <-ctx.Done():
		h.cancel()
		return ctx.Err()
	}
}
