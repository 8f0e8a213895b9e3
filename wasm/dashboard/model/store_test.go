package model_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// msg builds a relay msg frame carrying a tap record.
func msg(from string, seq int, record string) string {
	return `{"op":"msg","room":"demo","from":"` + from + `","seq":` + strconv.Itoa(seq) +
		`,"time":"2025-01-02T03:04:05.5Z","data":` + record + `}`
}

func rec(verdict, reason, typ string) string {
	return `{"v":1,"time":1000,"from":"` + mainO + `","to":"` + otherO + `","verdict":"` + verdict +
		`","reason":"` + reason + `","channel":"demo","type":"` + typ + `"}`
}

func TestStore(t *testing.T) {
	t.Parallel()
	s := model.NewStore(3)
	for _, f := range []string{
		`{"op":"welcome","id":"c9","role":"dashboard"}`,
		`{"op":"subscribed","room":"*"}`,
		msg("c1", 1, rec("sent", "", "greet")),
		msg("c1", 2, rec("accepted", "", "greet")),
		msg("c2", 40, rec("refused", "ORIGIN_REFUSED", "steal")),
		msg("c1", 5, rec("refused", "ORIGIN_REFUSED", "steal")), // 3 and 4 lost
		`{"op":"dropped","count":2}`,
		msg("c2", 41, `{"n":1}`),
		`this is not a frame`,
		msg("c2", 42, `{"v":1,"verdict":"accepted","dropped":7}`),
	} {
		s.AddText(f)
	}
	if !s.Subscribed() {
		t.Error("Subscribed: got false after subscribed *")
	}
	st := s.Stats()
	want := model.Stats{Received: 6, Unreadable: 2, Lost: 2, Dropped: 2, TapDropped: 7, Senders: 2}
	if st != want {
		t.Errorf("Stats: got %+v; want %+v", st, want)
	}
	recs := s.Records()
	if len(recs) != 3 || s.Kept() != 3 {
		t.Fatalf("Records: got %d; want the newest 3", len(recs))
	}
	// Unreadable data is kept as a row, with the relay's time.
	u := recs[1]
	if u.Verdict != model.VerdictUnreadable || u.Payload != `{"n":1}` || !strings.Contains(u.Problem, "not a tap record") ||
		u.Time != 1735787045500 || u.Sender != "c2" || u.Seq != 41 || u.ID != 5 {
		t.Errorf("unreadable record: got %+v", u)
	}
	c := s.Counters()
	if c.Sent != 1 || c.Accepted != 2 || c.Refused != 2 || c.Unreadable != 1 {
		t.Errorf("Counters: got %+v", *c)
	}
	if r := c.Reasons(); len(r) != 1 || r[0] != (model.ReasonCount{Reason: "ORIGIN_REFUSED", Count: 2}) {
		t.Errorf("Reasons: got %+v", r)
	}
	if got := s.Types.Sorted(); strings.Join(got, ",") != "greet,steal" {
		t.Errorf("Types: got %v", got)
	}

	s.Clear()
	if s.Kept() != 0 || s.Counters().Refused != 0 || len(s.Types.Sorted()) != 0 {
		t.Errorf("after Clear: got %d kept, %+v", s.Kept(), *s.Counters())
	}
	if s.Stats().Received != 6 {
		t.Errorf("after Clear: got received %d; want the 6 before", s.Stats().Received)
	}

	// A new connection: numbers from before do not count as gaps.
	s.AddText(`{"op":"welcome","id":"c1","role":"dashboard"}`)
	if s.Subscribed() {
		t.Error("Subscribed after a new welcome: got true; want false until subscribed")
	}
	s.AddText(msg("c1", 1, rec("sent", "", "greet")))
	if s.Stats().Lost != 2 {
		t.Errorf("Lost after reconnection: got %d; want 2", s.Stats().Lost)
	}
	s.AddText(`{"op":"error","code":"FORBIDDEN","message":"no"}`)
	if s.LastError() != "FORBIDDEN: no" {
		t.Errorf("LastError: got %q", s.LastError())
	}
}

func TestCountersReasonOrder(t *testing.T) {
	t.Parallel()
	var c model.Counters
	for _, r := range []string{"B", "A", "C", "C", ""} {
		c.Add(&model.Record{Verdict: "refused", Reason: r})
	}
	c.Add(&model.Record{Verdict: "later"})
	got := c.Reasons()
	want := []model.ReasonCount{{"C", 2}, {"(none)", 1}, {"A", 1}, {"B", 1}}
	if len(got) != len(want) || c.Other != 1 {
		t.Fatalf("Reasons: got %+v, other %d; want %+v", got, c.Other, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Reasons[%d]: got %+v; want %+v", i, got[i], want[i])
		}
	}
}

func TestValuesBounded(t *testing.T) {
	t.Parallel()
	v := model.NewValues(2)
	for _, s := range []string{"b", "", "a", "b", "c"} {
		v.Add(s)
	}
	if got := strings.Join(v.Sorted(), ","); got != "a,b" || v.Has("c") {
		t.Errorf("Values(2): got %q; want a,b", got)
	}
}

// The store at the rate the dashboard must sustain: a thousand frames a
// second is a millisecond of budget each, on a slower wasm runtime.
func BenchmarkStoreAdd(b *testing.B) {
	s := model.NewStore(2000)
	frames := make([]string, 1000)
	for i := range frames {
		frames[i] = msg("c1", i+1, rec("refused", "ORIGIN_REFUSED", "steal"))
	}
	i := 0
	for b.Loop() {
		s.AddText(frames[i%len(frames)])
		i++
	}
}
