package relay_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestRelayBench measures the relay's fan-out on loopback with real
// websocket clients, for make bench, and prints one line per client count:
//
//	relay: clients=100 deliveries_per_s=123456 p99_fanout_ms=1.23
//
// deliveries_per_s: one driver publishes tap-sized records (batches of
// 16, at most fanWindow in flight so that no queue overflows) to every
// subscriber of the room; msg frames received by all subscribers per
// second. p99_fanout_ms: one record at a time, the time from the publish
// call until the last subscriber has read it, 99th percentile of 200.
// Publisher, relay and subscribers share the machine's cores, as they do
// in a test run. Set POSTBRIDGE_BENCH=1 to run it.
func TestRelayBench(t *testing.T) {
	if os.Getenv("POSTBRIDGE_BENCH") != "1" {
		t.Skip("set POSTBRIDGE_BENCH=1 to run the relay fan-out benchmark (make bench does)")
	}
	for _, n := range []struct{ clients, records int }{{1, 50_000}, {100, 2_000}, {1000, 300}} {
		r := fanoutBench(t, n.clients, n.records, 200)
		fmt.Printf("relay: clients=%d deliveries_per_s=%.0f p99_fanout_ms=%.2f\n", n.clients, r.rate, r.p99)
		t.Logf("clients=%d: %d records in %v; fan-out p50 %.2f ms, p99 %.2f ms one at a time; p99 %.0f ms with up to %d in flight (queueing); dial %v",
			n.clients, n.records, r.took.Round(time.Millisecond), r.p50, r.p99, r.loadedP99, fanWindow, r.dial.Round(time.Millisecond))
	}
}

// TestRelayBenchSmoke runs the benchmark's code small, in every test run.
func TestRelayBenchSmoke(t *testing.T) {
	t.Parallel()
	r := fanoutBench(t, 5, 500, 20)
	if r.rate <= 0 || r.p99 <= 0 {
		t.Errorf("fanoutBench: got %+v; want positive figures", r)
	}
}

const (
	fanRoom   = "bench"
	fanBatch  = 16
	fanWindow = 512 // records in flight, well below the relay's queue of 1024
)

type fanResult struct {
	rate, p50, p99, loadedP99 float64
	took, dial                time.Duration
}

// fanout tracks which records every subscriber has read. Record i is
// published with seq i+1 (one publisher); the subscriber that completes a
// record notes the time.
type fanout struct {
	clients   int32
	seen      []atomic.Int32
	doneAt    []atomic.Int64 // UnixNano when the last subscriber read it
	completed atomic.Int64
	progress  chan struct{} // a non-blocking signal per completion
}

func (f *fanout) saw(seq uint64) {
	i := seq - 1
	if i >= uint64(len(f.seen)) {
		return
	}
	if f.seen[i].Add(1) == f.clients {
		f.doneAt[i].Store(time.Now().UnixNano())
		f.completed.Add(1)
		select {
		case f.progress <- struct{}{}:
		default:
		}
	}
}

// wait waits for a record to complete, failing at once if the hub lost a
// subscriber (its records would never complete) or ctx ends.
func (f *fanout) wait(t *testing.T, ctx context.Context, s *testServer, clients int) {
	t.Helper()
	select {
	case <-f.progress:
		return
	case <-time.After(time.Second):
	case <-ctx.Done():
	}
	if st := s.hub.Stats(); st.Clients != clients+1 || ctx.Err() != nil {
		t.Fatalf("%d of the records reached every subscriber; Stats %+v; want %d clients", f.completed.Load(), st, clients+1)
	}
}

func fanoutBench(t *testing.T, clients, records, rounds int) fanResult {
	t.Helper()
	// No pings: on a machine starved by other work a subscriber can fall
	// 10 s behind, and the hub would rightly drop it, ending the run. The
	// bench measures fan-out, not liveness (ping_test.go does).
	s := newServer(t, relay.Config{MaxClients: clients + 8, WriteTimeout: time.Minute, PingInterval: -1})
	ctx := testCtx(t, 2*time.Minute)
	total := records + rounds
	f := &fanout{clients: int32(clients), seen: make([]atomic.Int32, total), doneAt: make([]atomic.Int64, total),
		progress: make(chan struct{}, 1)}

	start := time.Now()
	subs := make([]*websocket.Conn, clients)
	var wg sync.WaitGroup
	for w := range 8 { // dial in parallel
		wg.Go(func() {
			for i := w; i < clients; i += 8 {
				subs[i] = dialRawSubscriber(t, ctx, s.url)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	dial := time.Since(start)
	for _, ws := range subs {
		wg.Go(func() { readSeqs(ctx, ws, f) })
	}
	pub := s.dial(t, client.Options{Role: "driver"})
	rec := map[string]any{"v": 1, "verdict": "refused", "reason": "ORIGIN_REFUSED", "channel": "demo",
		"from": "http://main.localhost.evil.localhost:8082", "to": "http://other.localhost:8081", "type": "steal",
		"payload": strings.Repeat("x", 160)}
	sentAt := make([]time.Time, total)

	// Throughput: batches, a bounded window in flight.
	start = time.Now()
	for i := 0; i < records; i += fanBatch {
		n := min(fanBatch, records-i)
		for int64(i+n)-f.completed.Load() > fanWindow {
			f.wait(t, ctx, s, clients)
		}
		batch := make([]any, n)
		for k := range batch {
			batch[k] = rec
			sentAt[i+k] = time.Now()
		}
		if err := pub.PublishBatch(ctx, fanRoom, batch); err != nil {
			t.Fatal(err)
		}
	}
	for f.completed.Load() < int64(records) {
		f.wait(t, ctx, s, clients)
	}
	took := time.Since(start)
	loaded := latencies(f, sentAt, 0, records)

	// Latency: one record at a time.
	for i := records; i < total; i++ {
		sentAt[i] = time.Now()
		if err := pub.Publish(ctx, fanRoom, rec); err != nil {
			t.Fatal(err)
		}
		for f.completed.Load() <= int64(i) {
			f.wait(t, ctx, s, clients)
		}
	}
	one := latencies(f, sentAt, records, total)
	// The hub counts a frame once its write returned, which can be just
	// after the subscriber read it.
	st := s.hub.Stats()
	for deadline := time.Now().Add(5 * time.Second); st.Delivered < uint64(clients*total) && time.Now().Before(deadline); st = s.hub.Stats() {
		time.Sleep(time.Millisecond)
	}
	if st.Dropped != 0 || st.Delivered != uint64(clients*total) {
		t.Errorf("Stats: got %+v; want %d delivered, none dropped", st, clients*total)
	}
	for _, ws := range subs {
		_ = ws.CloseNow()
	}
	wg.Wait()
	return fanResult{
		rate: float64(clients*records) / took.Seconds(), took: took, dial: dial,
		p50: percentile(one, 0.50), p99: percentile(one, 0.99), loadedP99: percentile(loaded, 0.99),
	}
}

// latencies returns, in ms, the fan-out time of records [from, to).
func latencies(f *fanout, sentAt []time.Time, from, to int) []float64 {
	out := make([]float64, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, float64(f.doneAt[i].Load()-sentAt[i].UnixNano())/1e6)
	}
	slices.Sort(out)
	return out
}

// percentile returns the nearest-rank p-th percentile of sorted v.
func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[min(len(v)-1, max(0, int(p*float64(len(v))+0.5)-1))]
}

// dialRawSubscriber connects a plain websocket subscribed to fanRoom and
// reads past the welcome and the subscribed reply.
func dialRawSubscriber(t *testing.T, ctx context.Context, url string) *websocket.Conn {
	ws, _, err := websocket.Dial(ctx, url+"?role=dashboard&room="+fanRoom,
		&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + testToken}}})
	if err != nil {
		t.Errorf("dial: %v", err)
		return nil
	}
	ws.SetReadLimit(1 << 20)
	for range 2 {
		if _, _, err := ws.Read(ctx); err != nil {
			t.Errorf("read: %v", err)
		}
	}
	return ws
}

// readSeqs reads msg frames into one reused buffer and reports each seq.
func readSeqs(ctx context.Context, ws *websocket.Conn, f *fanout) {
	buf := make([]byte, 0, 4096)
	key := []byte(`"seq":`)
	for {
		_, r, err := ws.Reader(ctx)
		if err != nil {
			return
		}
		buf = buf[:0]
		for {
			if len(buf) == cap(buf) {
				buf = slices.Grow(buf, cap(buf))
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
		}
		i := bytes.Index(buf, key)
		if i < 0 {
			continue
		}
		rest := buf[i+len(key):]
		end := bytes.IndexByte(rest, ',')
		if end < 0 {
			continue
		}
		if seq, err := strconv.ParseUint(string(rest[:end]), 10, 64); err == nil {
			f.saw(seq)
		}
	}
}
