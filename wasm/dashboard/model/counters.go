package model

import (
	"slices"
	"strings"
)

// Counters count records by verdict, and refusals by reason.
type Counters struct {
	Sent, Accepted, Refused, Unreadable, Other int
	reasons                                    map[string]int
}

// ReasonCount is one refusal reason and how often it was seen.
type ReasonCount struct {
	Reason string
	Count  int
}

// Add counts r.
func (c *Counters) Add(r *Record) {
	switch r.Verdict {
	case VerdictSent:
		c.Sent++
	case VerdictAccepted:
		c.Accepted++
	case VerdictRefused:
		c.Refused++
		if c.reasons == nil {
			c.reasons = map[string]int{}
		}
		reason := r.Reason
		if reason == "" {
			reason = "(none)"
		}
		c.reasons[reason]++
	case VerdictUnreadable:
		c.Unreadable++
	default:
		c.Other++
	}
}

// Reasons returns the refusal reasons, the most frequent first (ties in
// name order).
func (c *Counters) Reasons() []ReasonCount {
	out := make([]ReasonCount, 0, len(c.reasons))
	for r, n := range c.reasons {
		out = append(out, ReasonCount{r, n})
	}
	slices.SortFunc(out, func(a, b ReasonCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return out
}

// Values is a bounded set of distinct strings, for the filters' choices.
// Once it holds its limit, new values are not added.
type Values struct {
	limit int
	set   map[string]struct{}
}

// NewValues returns an empty set holding at most limit values.
func NewValues(limit int) *Values { return &Values{limit: limit, set: map[string]struct{}{}} }

// Add adds v unless it is empty or the set is full.
func (v *Values) Add(s string) {
	if s == "" || len(v.set) >= v.limit {
		return
	}
	v.set[s] = struct{}{}
}

// Has reports whether s is in the set.
func (v *Values) Has(s string) bool {
	_, ok := v.set[s]
	return ok
}

// Sorted returns the values in order.
func (v *Values) Sorted() []string {
	out := make([]string, 0, len(v.set))
	for s := range v.set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Clear empties the set.
func (v *Values) Clear() { clear(v.set) }
