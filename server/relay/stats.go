package relay

import "sync/atomic"

// counters are the hub's running totals.
type counters struct {
	connections, published, delivered, dropped, refused, badFrames, shed atomic.Uint64
	replayed, duplicates, unresponsive                                   atomic.Uint64
}

// Stats are the hub's counters since New, for the dashboard and for tests.
type Stats struct {
	Clients      int    `json:"clients"`      // connected now
	Rooms        int    `json:"rooms"`        // rooms with at least one subscriber
	Connections  uint64 `json:"connections"`  // upgrades accepted
	Refused      uint64 `json:"refused"`      // upgrade requests refused (403, 400, 503)
	Published    uint64 `json:"published"`    // publications accepted (each batch item counts)
	Delivered    uint64 `json:"delivered"`    // live msg frames written to subscribers
	Dropped      uint64 `json:"dropped"`      // frames dropped because a client's queue was full
	BadFrames    uint64 `json:"badFrames"`    // client frames answered with an error frame
	Shed         uint64 `json:"shed"`         // clients disconnected as slow consumers
	Replayed     uint64 `json:"replayed"`     // history msg frames written to new subscribers
	Duplicates   uint64 `json:"duplicates"`   // publication items dropped as already accepted (src, n)
	Unresponsive uint64 `json:"unresponsive"` // clients disconnected for not answering a ping

	HistoryRooms  int `json:"historyRooms"`  // rooms with history kept now
	HistoryFrames int `json:"historyFrames"` // publications kept now, all rooms
	HistoryBytes  int `json:"historyBytes"`  // their bytes
}

// Stats returns a snapshot of the counters.
func (h *Hub) Stats() Stats {
	h.mu.RLock()
	clients, rooms := len(h.peers), len(h.rooms)
	h.mu.RUnlock()
	hr, hf, hb := h.hist.size()
	return Stats{
		Clients:       clients,
		Rooms:         rooms,
		Connections:   h.n.connections.Load(),
		Refused:       h.n.refused.Load(),
		Published:     h.n.published.Load(),
		Delivered:     h.n.delivered.Load(),
		Dropped:       h.n.dropped.Load(),
		BadFrames:     h.n.badFrames.Load(),
		Shed:          h.n.shed.Load(),
		Replayed:      h.n.replayed.Load(),
		Duplicates:    h.n.duplicates.Load(),
		Unresponsive:  h.n.unresponsive.Load(),
		HistoryRooms:  hr,
		HistoryFrames: hf,
		HistoryBytes:  hb,
	}
}

// Limits returns the limits announced to clients in the welcome frame.
func (h *Hub) Limits() Limits {
	return Limits{
		MaxFrame:         h.cfg.MaxFrame,
		MaxBatch:         h.cfg.MaxBatch,
		Queue:            h.cfg.QueueSize,
		DropLimit:        h.cfg.DropLimit,
		MaxSubscriptions: h.cfg.MaxSubscriptions,
		History:          h.cfg.History,
		HistoryBytes:     h.cfg.HistoryBytes,
	}
}
