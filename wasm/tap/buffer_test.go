package tap

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

func rec(i int) Record {
	return Record{
		Decision: core.Decision{Time: int64(1000+i) * 1000, Verdict: core.Accepted, Origin: "http://other.localhost:8081", Channel: "demo", Kind: "event", Type: "tick", Payload: []byte(fmt.Sprintf(`{"i":%d}`, i))},
		Page:     "http://main.localhost:8080/",
		Self:     "http://main.localhost:8080",
	}
}

type frame struct {
	Op    string           `json:"op"`
	Room  string           `json:"room"`
	Batch []map[string]any `json:"batch"`
}

func decodeFrame(t *testing.T, b []byte) frame {
	t.Helper()
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("frame is not JSON: %v\n%s", err, b)
	}
	return f
}

// A full buffer drops the oldest records, never blocks, and says how many
// it dropped in the next record it hands out.
func TestBufferDropsOldestAndCounts(t *testing.T) {
	b := NewBuffer(3, 1<<20)
	for i := 0; i < 5; i++ {
		b.Add(rec(i))
	}
	if b.Len() != 3 || b.Dropped() != 2 {
		t.Fatalf("Len, Dropped = %d, %d; want 3, 2", b.Len(), b.Dropped())
	}
	raw, _ := b.Frame("demo", "p-1", 10, 1<<20)
	f := decodeFrame(t, raw)
	if f.Op != "pub" || f.Room != "demo" || len(f.Batch) != 3 {
		t.Fatalf("frame = %+v; want a pub of 3 records to demo", f)
	}
	if f.Batch[0]["payload"] != `{"i":2}` || f.Batch[0]["dropped"] != float64(2) {
		t.Errorf("first record = %v; want the oldest kept (i=2) carrying dropped=2", f.Batch[0])
	}
	if _, ok := f.Batch[1]["dropped"]; ok {
		t.Errorf("the drop count travels once, not again in %v", f.Batch[1])
	}
	if raw, _ := b.Frame("demo", "p-1", 10, 1<<20); raw != nil {
		t.Error("an empty buffer gives a frame")
	}
}

// Frames respect the record and byte limits and keep order across frames.
func TestBufferFrameLimits(t *testing.T) {
	b := NewBuffer(100, 1<<20)
	for i := 0; i < 50; i++ {
		b.Add(rec(i))
	}
	next := 0
	for n := 0; b.Unsent() > 0; n++ {
		raw, _ := b.Frame("demo", "p-1", 8, 1200)
		if len(raw) > 1200 {
			t.Errorf("frame of %d bytes; limit 1200", len(raw))
		}
		f := decodeFrame(t, raw)
		if len(f.Batch) == 0 || len(f.Batch) > 8 {
			t.Fatalf("batch of %d records; want 1..8", len(f.Batch))
		}
		for _, r := range f.Batch {
			if want := fmt.Sprintf(`{"i":%d}`, next); r["payload"] != want {
				t.Fatalf("record %v; want payload %s (order kept)", r, want)
			}
			next++
		}
	}
	if next != 50 {
		t.Errorf("%d records came out; want 50", next)
	}
}

// Records are valid JSON whatever the strings hold, with the direction
// derived from the verdict, and long payloads cut.
func TestRecordJSON(t *testing.T) {
	r := rec(0)
	r.Verdict, r.Reason, r.Detail = core.Refused, core.CodeOriginRefused, "bad \"origin\" \u2028 \xff"
	r.Origin = "http://main.localhost.evil.localhost:8082"
	r.Payload = []byte(`"` + strings.Repeat("x", MaxPayloadShown+100) + `"`)
	var m map[string]any
	if err := json.Unmarshal(r.Append(nil), &m); err != nil {
		t.Fatalf("record is not JSON: %v", err)
	}
	if m["dir"] != "in" || m["from"] != r.Origin || m["to"] != r.Self || m["reason"] != "ORIGIN_REFUSED" {
		t.Errorf("refused record = %v", m)
	}
	if p := m["payload"].(string); len(p) > MaxPayloadShown+len("…") {
		t.Errorf("payload shown is %d bytes; limit %d", len(p), MaxPayloadShown)
	}
	r.Verdict = core.Sent
	json.Unmarshal(r.Append(nil), &m)
	if m["dir"] != "out" || m["from"] != r.Self || m["to"] != r.Origin {
		t.Errorf("sent record = %v; want dir out from self to the peer", m)
	}
}

func BenchmarkAdd(b *testing.B) {
	buf := NewBuffer(4096, 4<<20)
	r := rec(1)
	b.ReportAllocs()
	for b.Loop() {
		buf.Add(r)
	}
}

// A buffer is bounded in bytes as well as records: big records push the
// oldest out before the record limit is reached, and every drop is counted.
func TestBufferBoundedInBytes(t *testing.T) {
	b := NewBuffer(1000, 64<<10)
	big := rec(0)
	big.Payload = []byte(`"` + strings.Repeat("x", 8000) + `"`)
	for i := 0; i < 100; i++ {
		b.Add(big)
	}
	if b.Bytes() > 64<<10 {
		t.Errorf("buffer holds %d bytes; limit %d", b.Bytes(), 64<<10)
	}
	if b.Len()+b.Dropped() != 100 || b.Dropped() == 0 {
		t.Errorf("Len %d + Dropped %d; want 100 with drops", b.Len(), b.Dropped())
	}
	for b.Unsent() > 0 {
		_, last := b.Frame("demo", "p-1", 10, 1<<20)
		b.Confirm(last)
	}
	if b.Bytes() != 0 {
		t.Errorf("an emptied buffer counts %d bytes", b.Bytes())
	}
}

// Records are numbered; a frame names its first number and its source, and
// the records stay until the relay confirms them: after a reconnection
// (Rewind) the unconfirmed ones go out again with the same numbers.
func TestBufferNumbersAndResends(t *testing.T) {
	b := NewBuffer(100, 1<<20)
	for i := 0; i < 5; i++ {
		b.Add(rec(i))
	}
	raw, last := b.Frame("demo", "p-1", 3, 1<<20)
	var f struct {
		Src   string           `json:"src"`
		N     int              `json:"n"`
		Batch []map[string]any `json:"batch"`
	}
	if err := json.Unmarshal(raw, &f); err != nil || f.Src != "p-1" || f.N != 1 || len(f.Batch) != 3 || last != 3 {
		t.Fatalf("first frame: %s (last %d); want src p-1, n 1, 3 records, last 3", raw, last)
	}
	b.Confirm(2)
	b.Rewind() // the socket closed before record 3 was confirmed
	raw, last = b.Frame("demo", "p-1", 10, 1<<20)
	json.Unmarshal(raw, &f)
	if f.N != 3 || len(f.Batch) != 3 || f.Batch[0]["payload"] != `{"i":2}` || last != 5 {
		t.Fatalf("after Rewind: %s (last %d); want records 3 to 5 again", raw, last)
	}
	b.Confirm(last)
	if b.Len() != 0 {
		t.Errorf("%d records held after everything was confirmed", b.Len())
	}
}

// The tap sends a ping after its frames and lets the pong confirm them.
func TestTapConfirmsByPong(t *testing.T) {
	tp, err := New("ws://relay.example/relay?room=demo", "http://a.example/", "http://a.example", "p-0123")
	if err != nil {
		t.Fatal(err)
	}
	open, _, _ := tp.Step(0)
	if !open {
		t.Fatal("the tap did not ask for its socket")
	}
	tp.Opened()
	for i := 0; i < 4; i++ {
		tp.Observe(rec(i).Decision)
	}
	_, frames, _ := tp.Step(clock.Second)
	if len(frames) != 2 || !strings.HasPrefix(string(frames[1]), `{"op":"ping","id":"n4"`) {
		t.Fatalf("frames %q; want a pub and a ping for number 4", frames)
	}
	tp.Received([]byte(`{"op":"pong","id":"n4"}`))
	if tp.buf.Len() != 0 {
		t.Errorf("%d records held after the pong", tp.buf.Len())
	}
	if _, err := New("ws://relay.example/relay?room=demo", "", "", "bad src!"); err == nil {
		t.Error("a source id breaking the room rule was accepted")
	}
	if _, err := New("http://relay.example/relay", "", "", "p-1"); err == nil {
		t.Error("an http: URL was accepted")
	}
}
