package core

// Refuse reports an event that the channel accepted but its handler's
// layer refused, such as a payload that does not decode into the Go type
// the handler asked for. The report reaches the observer like any other.
func (c *Channel) Refuse(code Code, typ, detail string) {
	c.r.report(Decision{Verdict: Refused, Reason: code, Detail: detail, Origin: c.s.origin.String(), Channel: c.s.Channel, Kind: "event", Type: typ})
}
