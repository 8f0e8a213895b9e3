package core

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/origin"
)

// Defaults for Config fields left zero.
const (
	DefaultTimeout    = 5 * clock.Second
	DefaultMaxPending = 256
	DefaultMaxQueue   = 1024
)

// Schemas checks payloads by message type. When a channel has Schemas,
// every type sent or received must have one.
type Schemas interface {
	// Has reports whether typ has a schema.
	Has(typ string) bool
	// Check returns a non-nil error describing why payload does not
	// satisfy the schema of typ.
	Check(typ string, payload []byte) error
}

// Config describes one channel to one peer window.
type Config struct {
	// Origin is the peer's exact origin: the only one accepted, and the
	// only targetOrigin ever used.
	Origin string
	// Channel isolates several bridges on one page; both sides must use
	// the same name. It follows the envelope name rule.
	Channel string
	// Timeout bounds the handshake and is the default request timeout.
	Timeout clock.Duration
	// HandlerTimeout bounds how long a request handler may run before the
	// requester is answered with TIMEOUT. Zero means Timeout.
	HandlerTimeout clock.Duration
	// Limits bounds payload size and depth, both ways.
	Limits envelope.Limits
	// MaxPending bounds requests awaiting an answer, and separately
	// requests being handled, per channel.
	MaxPending int
	// MaxQueue bounds messages sent before the handshake completes.
	MaxQueue int
	// Schemas, when set, restricts the channel to the types it knows.
	Schemas Schemas
}

// settings is a validated Config with defaults applied.
type settings struct {
	Config
	origin    origin.Origin
	originStr string // origin.String(), computed once
	allow     *origin.Allowlist
}

func (c Config) validate() (settings, error) {
	s := settings{Config: c}
	o, err := origin.Parse(c.Origin)
	if err != nil {
		return s, newError(CodeBadConfig, err.Error()) // already "origin: parse …"
	}
	s.origin, s.originStr = o, o.String()
	s.allow, _ = origin.NewAllowlist(s.originStr)
	if !envelope.ValidName(c.Channel) {
		return s, newError(CodeBadConfig, "channel "+quote(c.Channel)+" must match [A-Za-z][A-Za-z0-9._:-]{0,63}")
	}
	if c.Timeout < 0 || c.HandlerTimeout < 0 || c.MaxPending < 0 || c.MaxQueue < 0 || c.Limits.MaxPayload < 0 || c.Limits.MaxDepth < 0 {
		return s, newError(CodeBadConfig, "timeouts and limits must not be negative")
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.HandlerTimeout == 0 {
		s.HandlerTimeout = s.Timeout
	}
	if s.MaxPending == 0 {
		s.MaxPending = DefaultMaxPending
	}
	if s.MaxQueue == 0 {
		s.MaxQueue = DefaultMaxQueue
	}
	return s, nil
}

// quote returns s in double quotes, cut to 64 bytes, for messages.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			b = append(b, '\\', 'x', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(append(b, '"'))
}
