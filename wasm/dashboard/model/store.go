package model

import "time"

// Store is the dashboard's state: the newest records, the counters and the
// health of the feed. Feed it every frame from the relay, in order.
type Store struct {
	ring     *Ring[*Record]
	gaps     *Gaps
	nextID   uint64
	counters Counters
	stats    Stats

	subscribed bool
	lastError  string

	// epoch names the relay process; seen holds, per sender in it, the
	// highest seq added, so that history replayed on a reconnection adds
	// nothing twice.
	epoch string
	seen  map[string]uint64

	// Origins, Channels and Types are the values seen, for the filters.
	Origins, Channels, Types *Values
}

// Stats describe the feed since the dashboard opened; Clear does not reset
// them. Received counts msg frames added, History those of them the relay
// replayed from before the dashboard connected, and Repeated the history
// frames skipped because they were already shown (a reconnection); Lost
// counts frames the relay numbered but never delivered (gaps in seq);
// Dropped adds up the relay's "dropped" notices; TapDropped adds up what
// the pages' taps dropped before sending.
type Stats struct {
	Received, History, Repeated, Unreadable, Lost, Dropped, TapDropped, OutOfOrder uint64
	Senders                                                                        int
}

// maxChoices bounds each filter's list of choices; maxSeen the senders
// remembered for skipping repeated history.
const (
	maxChoices = 64
	maxSeen    = 4096
)

// NewStore returns a store keeping the newest capacity records.
func NewStore(capacity int) *Store {
	return &Store{
		ring: NewRing[*Record](capacity), gaps: NewGaps(), seen: map[string]uint64{},
		Origins: NewValues(maxChoices), Channels: NewValues(maxChoices), Types: NewValues(maxChoices),
	}
}

// AddText reads and adds one frame as received from the WebSocket. A frame
// that cannot be read is counted and otherwise ignored.
func (s *Store) AddText(text string) {
	f, err := ParseFrame([]byte(text))
	if err != nil {
		s.stats.Unreadable++
		s.lastError = err.Error()
		return
	}
	s.Add(f)
}

// Add takes one frame into account.
func (s *Store) Add(f Frame) {
	switch f.Op {
	case OpWelcome:
		// A new connection: earlier baselines no longer apply, and a
		// restarted relay (another epoch) numbers everything anew.
		s.gaps.Reset()
		s.subscribed = false
		if f.Epoch == "" || f.Epoch != s.epoch {
			clear(s.seen)
		}
		s.epoch = f.Epoch
	case OpSubscribed:
		if f.Room == "*" {
			s.subscribed = true
		}
	case OpDropped:
		s.stats.Dropped += f.Count
	case OpError:
		s.lastError = f.Code + ": " + f.Message
	case OpMsg:
		s.addMsg(f)
	}
}

func (s *Store) addMsg(f Frame) {
	last, known := s.seen[f.From]
	if f.History && known && f.Seq <= last {
		s.stats.Repeated++ // shown before this reconnection
		return
	}
	if !known && len(s.seen) >= maxSeen {
		clear(s.seen)
	}
	s.seen[f.From] = max(last, f.Seq)
	s.stats.Received++
	if f.History {
		s.stats.History++
		s.gaps.Baseline(f.From, f.Seq)
	} else {
		s.gaps.See(f.From, f.Seq)
	}
	r, err := ParseRecord(f.Data)
	if err != nil {
		s.stats.Unreadable++
		r = Record{Verdict: VerdictUnreadable, Problem: err.Error(), Payload: string(f.Data)}
	}
	s.nextID++
	r.ID = s.nextID
	r.Room, r.Sender, r.SenderOrigin, r.Seq, r.Relayed, r.History = f.Room, f.From, f.Origin, f.Seq, f.Time, f.History
	if r.Time == 0 {
		if t, err := time.Parse(time.RFC3339Nano, f.Time); err == nil {
			r.Time = float64(t.UnixMicro()) / 1000
		}
	}
	s.stats.TapDropped += uint64(max(r.Dropped, 0))
	r.index()
	s.ring.Push(&r)
	s.counters.Add(&r)
	s.Origins.Add(r.From)
	s.Origins.Add(r.To)
	s.Channels.Add(r.Channel)
	s.Types.Add(r.Type)
}

// Records returns the kept records, oldest first. The records are shared
// and never modified once added.
func (s *Store) Records() []*Record { return s.ring.Slice() }

// Kept returns how many records are kept.
func (s *Store) Kept() int { return s.ring.Len() }

// Counters returns the verdict counts since the last Clear.
func (s *Store) Counters() *Counters { return &s.counters }

// Stats returns the health of the feed.
func (s *Store) Stats() Stats {
	st := s.stats
	st.Lost, st.OutOfOrder, st.Senders = s.gaps.Lost(), s.gaps.OutOfOrder(), s.gaps.Senders()
	return st
}

// Subscribed reports whether the relay confirmed the subscription to every
// room on the current connection.
func (s *Store) Subscribed() bool { return s.subscribed }

// Disconnected notes that the connection closed.
func (s *Store) Disconnected() { s.subscribed = false }

// LastError returns the last frame the store could not read or the last
// error frame from the relay, or "".
func (s *Store) LastError() string { return s.lastError }

// Clear forgets the records, the counters and the filter choices. The feed
// statistics stay: they describe the connection, not the table.
func (s *Store) Clear() {
	s.ring.Clear()
	s.counters = Counters{}
	s.Origins.Clear()
	s.Channels.Clear()
	s.Types.Clear()
}
