package relay

import (
	"errors"
	"strings"
	"testing"
)

func newTestPeer(h *Hub, id string, role Role) *peer {
	return &peer{id: id, role: role, send: make(chan queued, h.cfg.QueueSize),
		subs: map[string]struct{}{}, quit: make(chan struct{}), readDone: make(chan struct{})}
}

// subscribeNow subscribes p to room and takes the "subscribed" reply off
// its queue, returning the history that came with it.
func subscribeNow(t *testing.T, h *Hub, p *peer, room string) []*outFrame {
	t.Helper()
	if err := h.subscribe(p, room, ""); err != nil {
		t.Fatalf("subscribe(%q): %v", room, err)
	}
	q := <-p.send
	if !strings.HasPrefix(string(q.f.b), `{"op":"subscribed"`) {
		t.Fatalf("subscribe(%q): queued %s; want the subscribed reply", room, q.f.b)
	}
	return q.history
}

// TestQueueSheds drives the hub's queues without sockets: a full queue
// drops and counts, and past DropLimit the client is shed, all without the
// publisher ever blocking.
func TestQueueSheds(t *testing.T) {
	t.Parallel()
	h, err := New(Config{QueueSize: 2, DropLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	slow := newTestPeer(h, "c1", RoleDashboard)
	subscribeNow(t, h, slow, "demo")
	for i := range 6 {
		if err := h.Publish("demo", []byte(`{"i":1}`)); err != nil {
			t.Fatalf("Publish #%d: got %v; want nil", i, err)
		}
	}
	// 2 queued, 4 dropped: the 4th drop passes DropLimit=3.
	if got := slow.stalled.Load(); got != 4 {
		t.Errorf("drops without a write: got %d; want 4", got)
	}
	select {
	case <-slow.quit:
	default:
		t.Fatal("slow peer not stopped past DropLimit")
	}
	if r := stopReason(slow.reason.Load()); r != stopSlow {
		t.Errorf("stop reason: got %d; want stopSlow", r)
	}
	st := h.Stats()
	if st.Published != 6 || st.Dropped != 4 || st.Shed != 1 {
		t.Errorf("Stats: got %+v; want Published 6, Dropped 4, Shed 1", st)
	}
}

// TestDroppedNoticePlacement: the count of frames dropped while the queue
// was full travels with the next frame that enters it, not with the frames
// queued before the gap, so the notice lands exactly where the gap is.
func TestDroppedNoticePlacement(t *testing.T) {
	t.Parallel()
	h, err := New(Config{QueueSize: 2, DropLimit: 100})
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPeer(h, "c1", RoleDashboard)
	subscribeNow(t, h, p, "demo")
	publish := func(n int) {
		for range n {
			if err := h.Publish("demo", []byte(`{}`)); err != nil {
				t.Fatal(err)
			}
		}
	}
	publish(5) // 1 and 2 queued, 3 to 5 dropped
	for i, want := range []uint64{0, 0} {
		if q := <-p.send; q.droppedBefore != want {
			t.Errorf("queued frame #%d: droppedBefore %d; want %d (queued before the gap)", i+1, q.droppedBefore, want)
		}
	}
	publish(2) // 6 and 7 queued; 6 follows the gap
	for i, want := range []uint64{3, 0} {
		if q := <-p.send; q.droppedBefore != want {
			t.Errorf("frame #%d after the gap: droppedBefore %d; want %d", i+6, q.droppedBefore, want)
		}
	}
	if got := p.stalled.Load(); got != 3 {
		t.Errorf("drops without a write: got %d; want 3", got)
	}
}

// TestFanoutOnce: a client subscribed to a room and to "*" gets each
// publication once, and unsubscribed rooms are forgotten.
func TestFanoutOnce(t *testing.T) {
	t.Parallel()
	h, err := New(Config{QueueSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPeer(h, "c1", RoleDashboard)
	for _, room := range []string{"demo", AllRooms, "other"} {
		subscribeNow(t, h, p, room)
	}
	h.unsubscribe(p, "other")
	if got := h.Stats().Rooms; got != 1 {
		t.Errorf("Stats.Rooms: got %d; want 1", got)
	}
	_ = h.Publish("demo", []byte(`{}`))
	_ = h.Publish("elsewhere", []byte(`{}`))
	if got := len(p.send); got != 2 {
		t.Errorf("queued: got %d; want 2 (one per publication)", got)
	}
}

func TestSubscriptionLimit(t *testing.T) {
	t.Parallel()
	h, err := New(Config{MaxSubscriptions: 2})
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPeer(h, "c1", RoleDriver)
	for i, room := range []string{"a", "b", "a", "c"} {
		err := h.subscribe(p, room, "")
		if want := i == 3; (err != nil) != want || (err != nil && !errors.Is(err, ErrForbidden)) {
			t.Errorf("subscribe(%q) #%d: got %v; want error %v", room, i, err, want)
		}
	}
}

func TestPublishErrors(t *testing.T) {
	t.Parallel()
	h, err := New(Config{MaxFrame: 1024})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 2000)
	for i := range big {
		big[i] = ' '
	}
	big[0], big[len(big)-1] = '{', '}'
	for _, tc := range []struct {
		room, data string
		want       error
	}{
		{"demo", `{"ok":true}`, nil},
		{"*", `{}`, ErrBadRoom},
		{"bad room", `{}`, ErrBadRoom},
		{"demo", `[]`, ErrBadFrame},
		{"demo", `{"a":`, ErrBadFrame},
		{"demo", "{\"a\":\"\xff\"}", ErrBadFrame},
		{"demo", string(big), ErrTooLarge},
	} {
		if err := h.Publish(tc.room, []byte(tc.data)); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("Publish(%q, %q): got %v; want %v", tc.room, tc.data, err, tc.want)
		}
	}
	if err := h.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := h.Publish("demo", []byte(`{}`)); !errors.Is(err, ErrClosed) {
		t.Errorf("Publish after Shutdown: got %v; want ErrClosed", err)
	}
}
