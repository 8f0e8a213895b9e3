package model_test

import (
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// hist builds a msg frame replayed from the relay's history.
func hist(from string, seq int, record string) string {
	return strings.Replace(msg(from, seq, record), `{"op":"msg",`, `{"op":"msg","history":true,`, 1)
}

func welcome(epoch string) string {
	return `{"op":"welcome","id":"c9","epoch":"` + epoch + `","role":"dashboard"}`
}

// TestStoreHistory: history rows are kept, marked and counted like live
// ones, set the sequence baseline without counting gaps, and a
// reconnection to the same relay adds no row twice; a restarted relay
// (another epoch) numbers everything anew.
func TestStoreHistory(t *testing.T) {
	t.Parallel()
	s := model.NewStore(100)
	for _, f := range []string{
		welcome("e1"),
		`{"op":"subscribed","room":"*","replay":3}`,
		hist("c1", 5, rec("sent", "", "greet")), // 1-4 evicted from the relay's history: not lost
		hist("c2", 9, rec("refused", "ORIGIN_REFUSED", "attack-replay-of-a-long-type")),
		hist("c1", 6, `{"v":1,"verdict":"accepted","latency":2.5}`),
		msg("c1", 7, `{"v":1,"verdict":"accepted","latency":1.5}`), // live, right after
	} {
		s.AddText(f)
	}
	st := s.Stats()
	if want := (model.Stats{Received: 4, History: 3, Senders: 2}); st != want {
		t.Errorf("Stats: got %+v; want %+v", st, want)
	}
	recs := s.Records()
	for i, want := range []bool{true, true, true, false} {
		if recs[i].History != want {
			t.Errorf("record %d (seq %d): got History %v; want %v", i, recs[i].Seq, recs[i].History, want)
		}
	}
	if c := s.Counters(); c.Sent != 1 || c.Accepted != 2 || c.Refused != 1 {
		t.Errorf("Counters: got %+v; want history counted", *c)
	}
	rows, _ := model.Select(recs, model.Filter{}, 0)
	if got := model.Latencies(rows, 10); len(got) != 2 || got[0] != 2.5 {
		t.Errorf("Latencies: got %v; want the history record's 2.5 then 1.5", got)
	}

	// The relay went away and came back, the same process: its history
	// holds what is shown already and one record more.
	for _, f := range []string{
		welcome("e1"),
		`{"op":"subscribed","room":"*","replay":5}`,
		hist("c1", 5, rec("sent", "", "greet")),
		hist("c2", 9, rec("refused", "ORIGIN_REFUSED", "steal")),
		hist("c1", 6, rec("accepted", "", "greet")),
		hist("c1", 7, rec("accepted", "", "greet")),
		hist("c1", 8, rec("refused", "SCHEMA", "greet")), // published while away
		msg("c1", 9, rec("sent", "", "greet")),
	} {
		s.AddText(f)
	}
	st = s.Stats()
	if st.Received != 6 || st.History != 4 || st.Repeated != 4 || st.Lost != 0 || st.OutOfOrder != 0 {
		t.Errorf("after a reconnection: Stats %+v; want 6 received, 4 history, 4 repeated skipped, nothing lost", st)
	}
	if s.Kept() != 6 {
		t.Errorf("after a reconnection: got %d rows; want 6", s.Kept())
	}

	// A restarted relay reuses sender ids: nothing is skipped.
	s.AddText(welcome("e2"))
	s.AddText(hist("c1", 1, rec("sent", "", "greet")))
	if st := s.Stats(); st.Received != 7 || st.Repeated != 4 {
		t.Errorf("after a relay restart: Stats %+v; want the record added", st)
	}
}
