package model

import "strings"

// Filter selects records. Empty fields match everything; every non-empty
// field must match.
type Filter struct {
	Origin  string // exact: the record's from or to origin
	Channel string // exact
	Type    string // exact
	Verdict string // exact: sent, accepted, refused or unreadable
	Text    string // case-insensitive substring of origins, channel, kind, type, verdict, reason, detail, payload, page, room, sender
}

// IsZero reports whether f matches every record.
func (f Filter) IsZero() bool { return f == Filter{} }

// Match reports whether r passes f.
func (f Filter) Match(r *Record) bool {
	return f.matchLowered(r, strings.ToLower(f.Text))
}

func (f Filter) matchLowered(r *Record, text string) bool {
	if f.Origin != "" && r.From != f.Origin && r.To != f.Origin {
		return false
	}
	if f.Channel != "" && r.Channel != f.Channel {
		return false
	}
	if f.Type != "" && r.Type != f.Type {
		return false
	}
	if f.Verdict != "" && r.Verdict != f.Verdict {
		return false
	}
	if text == "" {
		return true
	}
	if r.search == "" {
		r.index()
	}
	return strings.Contains(r.search, text)
}

// Select returns the newest records of recs (oldest first) that pass f,
// newest first, at most limit of them (all if limit <= 0), and how many
// passed in all.
func Select(recs []*Record, f Filter, limit int) (rows []*Record, matched int) {
	text := strings.ToLower(f.Text)
	for i := len(recs) - 1; i >= 0; i-- {
		if !f.matchLowered(recs[i], text) {
			continue
		}
		matched++
		if limit <= 0 || len(rows) < limit {
			rows = append(rows, recs[i])
		}
	}
	return rows, matched
}
