package core

import (
	"github.com/postbridge/postbridge/wasm/clock"
)

// Verdict says what became of a message.
type Verdict string

// Verdicts reported to the observer.
const (
	Sent     Verdict = "sent"
	Accepted Verdict = "accepted"
	Refused  Verdict = "refused"
)

// Decision is one thing the bridge did with one message, for onReject,
// onDecision and the debug tap. Decisions are built only when someone
// observes them (see Level).
type Decision struct {
	// Time is when it happened, in microseconds since the Unix epoch.
	Time    int64
	Verdict Verdict
	// Reason is the refusal code; empty unless Verdict is Refused.
	Reason Code
	// Detail says more, for a person reading the dashboard. It never
	// holds a secret.
	Detail string
	// Origin is the peer's origin: where an inbound message came from,
	// or where an outbound one went.
	Origin  string
	Channel string
	Kind    string
	Type    string
	// Latency is the time from a request to its answer, on responses.
	Latency clock.Duration
	// Payload is the raw JSON payload, when there is one. It is only
	// valid during the observer's call: copy it to keep it.
	Payload []byte
	// Count is how many messages the decision stands for: 1, or, for a
	// summary of a flood, the exact number refused beyond the burst.
	Count int
	// Summary marks a decision that sums up refusals (see Options.Burst).
	Summary bool
}
