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
	// MaxOrigins bounds Config.Origins.
	MaxOrigins = 64
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
	// Origins, in place of Origin (set exactly one of the two), lists the
	// exact origins the peer may show, at most MaxOrigins: a widget
	// embedded by several sites. The channel posts its hello to each and
	// locks to the origin of the first valid handshake; it then accepts
	// and sends only that origin until that session ends (the peer
	// reloads), when any listed origin may start the next one.
	Origins []string
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
	origins   []string // canonical, in configuration order
	originStr string   // the one origin, or "" when several are allowed
	allow     *origin.Allowlist
}

func (c Config) validate() (settings, error) {
	s := settings{Config: c}
	if err := s.parseOrigins(); err != nil {
		return s, err
	}
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

// parseOrigins canonicalises Origin or each of Origins.
func (s *settings) parseOrigins() error {
	list := s.Origins
	switch {
	case list == nil:
		list = []string{s.Origin}
	case s.Origin != "":
		return newError(CodeBadConfig, "set origin or origins, not both")
	case len(list) == 0:
		return newError(CodeBadConfig, "origins is empty: list the exact origins the peer may show")
	case len(list) > MaxOrigins:
		return newError(CodeBadConfig, "origins lists "+itoa(len(list))+" entries; at most "+itoa(MaxOrigins))
	}
	for i, raw := range list {
		o, err := origin.Parse(raw)
		msg := ""
		if err != nil {
			msg = err.Error() // already "origin: parse …"
		} else if s.allowsListed(o.String()) {
			msg = "repeats " + o.String()
		}
		if msg != "" {
			if s.Origins != nil {
				msg = "origins[" + itoa(i) + "]: " + msg
			}
			return newError(CodeBadConfig, msg)
		}
		s.origins = append(s.origins, o.String())
	}
	if len(s.origins) == 1 {
		s.originStr = s.origins[0]
	}
	s.allow, _ = origin.NewAllowlist(s.origins...)
	return nil
}

// describe names the allowed origins, for messages.
func (s *settings) describe() string {
	if s.originStr != "" {
		return s.originStr
	}
	return "any of the " + itoa(len(s.origins)) + " allowed origins"
}

// allowsListed reports whether o is in s.origins.
func (s *settings) allowsListed(o string) bool {
	for _, x := range s.origins {
		if x == o {
			return true
		}
	}
	return false
}

// overlaps reports whether s and o allow an origin in common.
func (s *settings) overlaps(o *settings) bool {
	for _, x := range s.origins {
		if o.allowsListed(x) {
			return true
		}
	}
	return false
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
