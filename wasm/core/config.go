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
	// SecretLen is the length of a Config.Secret: 43 base64url
	// characters carry 256 random bits.
	SecretLen = 43
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
	// Secret admits a sandboxed frame (origin "null"), on both sides: the
	// page with a real origin sets Origin "null" and the secret it gave
	// the frame (in the frame URL's fragment); the sandboxed frame, whose
	// own origin is "null" (Sandboxed), sets its parent's exact origin and
	// the same secret. SecretLen characters of A-Z a-z 0-9 - _ (at least
	// 128 random bits; NewSecret in package bridge, pb.secret() in
	// JavaScript). A secret between two real origins is BAD_CONFIG: it
	// would suggest a protection that does not exist.
	Secret string
	// Sandboxed says that this page's own origin is "null" (it runs in a
	// sandboxed frame); the glue sets it from self.origin.
	Sandboxed bool
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
	null      bool   // the peer is a sandboxed frame: origin "null", admitted by Secret
	hello     []byte // our hello's payload
	welcome   []byte // our welcome's payload
}

func (c Config) validate() (settings, error) {
	s := settings{Config: c}
	if err := s.parseOrigins(); err != nil {
		return s, err
	}
	if err := s.checkSecret(); err != nil {
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
	case list == nil && s.Origin == "null":
		s.null, s.originStr, s.origins = true, "null", []string{"null"}
		return nil
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

// checkSecret applies the rules of Secret and sets the handshake
// payloads: the sandboxed side proves the secret in its hello and welcome,
// which it posts to its parent's exact origin only.
func (s *settings) checkSecret() error {
	s.hello, s.welcome = helloPayload, welcomePayload
	msg := ""
	switch {
	case s.null && s.Sandboxed:
		msg = `origin "null" from a sandboxed page: a sandboxed frame talks only to a page with a real origin`
	case s.null && s.Secret == "":
		msg = `origin "null" (a sandboxed frame) needs a secret: anyone can send as "null"`
	case s.Sandboxed && s.Secret == "":
		msg = `this page's origin is "null" (a sandboxed frame): connect with the secret its embedder gave it`
	case s.Secret == "":
	case !s.null && !s.Sandboxed:
		msg = `a secret belongs only between a sandboxed frame (origin "null") and a page with a real origin; both of these are real origins`
	case !validSecret(s.Secret):
		msg = "the secret must be 43 characters of A-Z a-z 0-9 - _ (pb.secret(), bridge.NewSecret())"
	case s.Sandboxed:
		s.hello, s.welcome = withProof(helloPayload, s.Secret), withProof(welcomePayload, s.Secret)
	}
	if msg != "" {
		return newError(CodeBadConfig, msg)
	}
	return nil
}

// withProof returns the JSON object payload with a "proof" member.
func withProof(payload []byte, secret string) []byte {
	b := append([]byte(nil), payload[:len(payload)-1]...)
	b = append(b, `,"proof":"`...)
	b = append(b, secret...)
	return append(b, `"}`...)
}

// validSecret reports whether x has the length and alphabet of a secret.
func validSecret(x string) bool {
	if len(x) != SecretLen {
		return false
	}
	for i := 0; i < len(x); i++ {
		switch c := x[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// allows reports whether a window message from origin is for this
// channel by origin: exactly "null" for a sandboxed peer, else one of the
// allowed origins.
func (s *settings) allows(origin string) bool {
	if s.null {
		return origin == "null"
	}
	return s.allow.Allows(origin)
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
