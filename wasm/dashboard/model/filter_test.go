package model_test

import (
	"slices"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

const (
	mainO  = "http://main.localhost:8080"
	otherO = "http://other.localhost:8081"
	evilO  = "http://main.localhost.evil.localhost:8082"
)

// filterRecords are numbered by ID, oldest first.
var filterRecords = []*model.Record{
	{ID: 1, From: mainO, To: otherO, Verdict: "sent", Channel: "demo", Type: "greet", Payload: `{"name":"Ada"}`},
	{ID: 2, From: mainO, To: otherO, Verdict: "accepted", Channel: "demo", Type: "greet", Latency: 1.5},
	{ID: 3, From: evilO, To: otherO, Verdict: "refused", Reason: "ORIGIN_REFUSED", Channel: "demo", Type: "steal"},
	{ID: 4, From: otherO, To: mainO, Verdict: "accepted", Channel: "lab", Type: "Profile", Payload: `{"Name":"Grace"}`},
	{ID: 5, From: mainO, To: otherO, Verdict: "refused", Reason: "SCHEMA_REFUSED", Detail: "name: want a string", Channel: "lab", Type: "greet"},
}

var filterCases = []struct {
	f    model.Filter
	want []uint64 // IDs, newest first
}{
	{model.Filter{}, []uint64{5, 4, 3, 2, 1}},
	{model.Filter{Verdict: "refused"}, []uint64{5, 3}},
	{model.Filter{Verdict: "accepted", Channel: "lab"}, []uint64{4}},
	{model.Filter{Origin: evilO}, []uint64{3}},
	{model.Filter{Origin: mainO}, []uint64{5, 4, 2, 1}}, // from or to
	{model.Filter{Type: "greet"}, []uint64{5, 2, 1}},
	{model.Filter{Text: "grace"}, []uint64{4}}, // payload, any case
	{model.Filter{Text: "ORIGIN_refused"}, []uint64{3}},
	{model.Filter{Text: "want a string"}, []uint64{5}}, // detail
	// Exact, not prefix: the evil origin starts with the main one's host.
	{model.Filter{Origin: "http://main.localhost"}, nil},
	{model.Filter{Type: "gree"}, nil},
	// The text is literal, not a pattern.
	{model.Filter{Text: ".*"}, nil},
	{model.Filter{Text: "Ada", Verdict: "refused"}, nil},
}

func TestSelect(t *testing.T) {
	t.Parallel()
	for _, c := range filterCases {
		rows, matched := model.Select(filterRecords, c.f, 0)
		var got []uint64
		for _, r := range rows {
			got = append(got, r.ID)
			if !c.f.Match(r) {
				t.Errorf("%+v.Match(record %d): got false; Select chose it", c.f, r.ID)
			}
		}
		if !slices.Equal(got, c.want) || matched != len(c.want) {
			t.Errorf("Select(%+v): got %v (%d matched); want %v", c.f, got, matched, c.want)
		}
	}
}

func TestSelectLimit(t *testing.T) {
	t.Parallel()
	rows, matched := model.Select(filterRecords, model.Filter{}, 2)
	if len(rows) != 2 || rows[0].ID != 5 || rows[1].ID != 4 || matched != 5 {
		t.Errorf("Select(limit 2): got %d rows from %d; want records 5, 4 of 5", len(rows), matched)
	}
}

func TestFilterIsZero(t *testing.T) {
	t.Parallel()
	if !(model.Filter{}).IsZero() || (model.Filter{Text: " "}).IsZero() {
		t.Error("IsZero: got wrong answer")
	}
}

func BenchmarkSelect(b *testing.B) {
	recs := make([]*model.Record, 0, 2000)
	for i := range 2000 {
		r := *filterRecords[i%len(filterRecords)]
		recs = append(recs, &r)
	}
	for _, c := range filterCases[:8] {
		b.Run(c.f.Verdict+c.f.Text+c.f.Type, func(b *testing.B) {
			for b.Loop() {
				model.Select(recs, c.f, 200)
			}
		})
	}
}
