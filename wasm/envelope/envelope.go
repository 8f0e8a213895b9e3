package envelope

// Version is the protocol version this package speaks, carried in every
// envelope as the "postbridge" member.
const Version = 1

// Limits of the protocol. See PROTOCOL.md.
const (
	// DefaultMaxPayload is the default limit on the payload's raw JSON bytes.
	DefaultMaxPayload = 64 << 10
	// DefaultMaxDepth is the default limit on nesting inside the payload.
	DefaultMaxDepth = 32
	// Overhead is what a whole message may add to the payload limit.
	Overhead = 4 << 10
	// MaxSeq is the largest "seq" and "id": 2^53-1, the largest integer a
	// JavaScript number holds exactly.
	MaxSeq = 1<<53 - 1
	// MaxFaultMessage is the limit on Fault.Message, in UTF-8 bytes.
	MaxFaultMessage = 1024
)

// Kind says what an envelope is for; it decides which members it carries.
type Kind string

// The kinds of envelope.
const (
	KindHello    Kind = "hello"    // opens a handshake
	KindWelcome  Kind = "welcome"  // answers a hello
	KindEvent    Kind = "event"    // one-way message
	KindRequest  Kind = "request"  // asks for a response or an error
	KindResponse Kind = "response" // answers a request
	KindError    Kind = "error"    // answers a request with a failure
	KindClose    Kind = "close"    // ends the session
)

var allKinds = [...]Kind{KindHello, KindWelcome, KindEvent, KindRequest, KindResponse, KindError, KindClose}

// kindOf returns the constant for s, which then shares no memory with s.
func kindOf[T chars](s T) (Kind, bool) {
	for _, k := range allKinds {
		if string(k) == string(s) {
			return k, true
		}
	}
	return "", false
}

// Valid reports whether k is one of the kinds of protocol version 1.
func (k Kind) Valid() bool {
	_, ok := rulesFor(k)
	return ok
}

// Fault describes a failure: the "error" member of an error or close
// envelope.
type Fault struct {
	// Code is a stable machine-readable code matching [A-Z][A-Z0-9_]{0,31}.
	Code string
	// Message is human-readable text of at most MaxFaultMessage bytes.
	Message string
}

// Envelope is one protocol message. Absent members are zero values: an
// empty To or Type, a zero ID, a nil Payload or Error.
type Envelope struct {
	Channel string // channel name, see ValidName
	Session string // the sender's session nonce, see ValidSession
	To      string // the receiver's session nonce; absent on hello
	Seq     uint64 // the sender's sequence number, 1..MaxSeq
	Kind    Kind
	Type    string // message type name, see ValidName
	ID      uint64 // request correlation id, 1..MaxSeq
	// Payload is the raw JSON text of the payload member, or nil when it is
	// absent. Decode gives a copy that does not alias its input; Append
	// writes it as given, after checking it is one valid JSON value.
	Payload []byte
	Error   *Fault
}

// Limits bounds the payload. A zero or negative field means its default.
type Limits struct {
	// MaxPayload is the largest payload, in bytes of raw JSON. A whole
	// message may be up to MaxPayload+Overhead bytes.
	MaxPayload int
	// MaxDepth is the deepest nesting of arrays and objects inside the
	// payload: a payload of 32 nested arrays is accepted by default, 33 not.
	MaxDepth int
}

func (l Limits) maxPayload() int {
	if l.MaxPayload <= 0 {
		return DefaultMaxPayload
	}
	return l.MaxPayload
}

func (l Limits) maxDepth() int {
	if l.MaxDepth <= 0 {
		return DefaultMaxDepth
	}
	return l.MaxDepth
}

// maxMessage is the cap on a whole encoded message.
func (l Limits) maxMessage() int { return l.maxPayload() + Overhead }

// presence says whether a member must, may or must not appear.
type presence uint8

const (
	forbidden presence = iota
	optional
	required
)

// kindRules is one column of the per-kind matrix in PROTOCOL.md. Channel,
// session, seq and kind are required on every kind.
type kindRules struct {
	to, typ, id, payload, fault presence
}

func rulesFor(k Kind) (kindRules, bool) {
	switch k {
	case KindHello:
		return kindRules{to: forbidden, typ: forbidden, id: forbidden, payload: optional, fault: forbidden}, true
	case KindWelcome:
		return kindRules{to: required, typ: forbidden, id: forbidden, payload: optional, fault: forbidden}, true
	case KindEvent:
		return kindRules{to: required, typ: required, id: forbidden, payload: optional, fault: forbidden}, true
	case KindRequest:
		return kindRules{to: required, typ: required, id: required, payload: optional, fault: forbidden}, true
	case KindResponse:
		return kindRules{to: required, typ: optional, id: required, payload: optional, fault: forbidden}, true
	case KindError:
		return kindRules{to: required, typ: optional, id: required, payload: forbidden, fault: required}, true
	case KindClose:
		return kindRules{to: required, typ: forbidden, id: forbidden, payload: forbidden, fault: optional}, true
	}
	return kindRules{}, false
}
