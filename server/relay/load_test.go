package relay_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestLoadSmall always runs, also under -race: 200 clients, 10,000
// publications, 20,000 deliveries.
func TestLoadSmall(t *testing.T) {
	t.Parallel()
	runLoad(t, 50, 100)
}

// TestLoadFull is the full size: 200 clients, 100,000 publications,
// 200,000 deliveries. It is skipped with -short and under -race, where it
// would take minutes on two cores; TestLoadSmall covers the same paths there.
func TestLoadFull(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("full-size load test: runs without -short and without -race")
	}
	t.Parallel()
	runLoad(t, 50, 1000)
}

// runLoad puts two publishers and two subscribers in each of rooms rooms
// (4×rooms clients). Each publisher sends perPub messages, half singly and
// half in batches. Every subscriber must see every message of both senders
// of its room, in order, with seq 1…perPub and no gap. Queues are sized to
// hold a subscriber's whole share, so a loss could only be the hub's fault.
func runLoad(t *testing.T, rooms, perPub int) {
	// The write timeout is long because this test is about loss and order,
	// not timeouts: on a starved machine under -race, a writer goroutine can
	// wait seconds for a CPU.
	s := newServer(t, relay.Config{QueueSize: 2*perPub + 16, MaxClients: 4*rooms + 8, WriteTimeout: 3 * time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	type room struct {
		name string
		pubs [2]*client.Conn
		subs [2]*client.Conn
	}
	all := make([]room, rooms)
	for i := range all {
		r := &all[i]
		r.name = fmt.Sprintf("load-%d", i)
		for j := range r.subs {
			r.subs[j] = s.subscriber(t, r.name)
		}
		for j := range r.pubs {
			r.pubs[j] = s.dial(t, client.Options{Role: "driver"})
		}
	}
	if got := s.hub.Stats().Clients; got != 4*rooms {
		t.Fatalf("Stats.Clients: got %d; want %d", got, 4*rooms)
	}

	start := time.Now()
	var wg sync.WaitGroup
	for _, r := range all {
		for _, p := range r.pubs {
			wg.Go(func() {
				if err := publishAll(ctx, p, r.name, perPub); err != nil {
					t.Errorf("publisher %s: %v", p.ID(), err)
				}
			})
		}
		senders := map[string]bool{r.pubs[0].ID(): true, r.pubs[1].ID(): true}
		for _, c := range r.subs {
			wg.Go(func() {
				if err := receiveAll(ctx, c, r.name, senders, perPub); err != nil {
					t.Errorf("subscriber %s: %v", c.ID(), err)
				}
			})
		}
	}
	wg.Wait()
	total := uint64(2 * rooms * perPub)
	st := s.hub.Stats()
	t.Logf("%d clients, %d publications, %d deliveries in %v", 4*rooms, st.Published, st.Delivered, time.Since(start))
	if st.Published != total || st.Delivered != 2*total || st.Dropped != 0 {
		t.Errorf("Stats: got %+v; want Published %d, Delivered %d, Dropped 0", st, total, 2*total)
	}
}

func publishAll(ctx context.Context, c *client.Conn, room string, n int) error {
	const chunk = 40
	for i := 0; i < n; {
		end := min(i+chunk, n)
		if (i/chunk)%2 == 0 {
			batch := make([]any, 0, end-i)
			for k := i; k < end; k++ {
				batch = append(batch, map[string]int{"n": k})
			}
			if err := c.PublishBatch(ctx, room, batch); err != nil {
				return err
			}
		} else {
			for k := i; k < end; k++ {
				if err := c.Publish(ctx, room, map[string]int{"n": k}); err != nil {
					return err
				}
			}
		}
		i = end
	}
	return nil
}

// receiveAll reads until each sender's n messages have arrived, checking
// order per sender by seq.
func receiveAll(ctx context.Context, c *client.Conn, room string, senders map[string]bool, n int) error {
	last := map[string]uint64{}
	for got := 0; got < n*len(senders); got++ {
		m, err := c.Next(ctx)
		if err != nil {
			return fmt.Errorf("after %d messages: %w", got, err)
		}
		msg, ok := m.(client.Msg)
		if !ok {
			return fmt.Errorf("after %d messages: got %#v; want Msg", got, m)
		}
		if msg.Room != room || !senders[msg.From] {
			return fmt.Errorf("got message from %s in %s; want %v in %s", msg.From, msg.Room, senders, room)
		}
		if want := last[msg.From] + 1; msg.Seq != want {
			return fmt.Errorf("from %s: got seq %d; want %d (lost or reordered)", msg.From, msg.Seq, want)
		}
		last[msg.From] = msg.Seq
		if want := fmt.Sprintf(`{"n":%d}`, msg.Seq-1); string(msg.Data) != want {
			return fmt.Errorf("from %s seq %d: got data %s; want %s", msg.From, msg.Seq, msg.Data, want)
		}
	}
	return nil
}
