package boundary

import "math"

// Op is one command of the outbox: something Go decided and the loader
// carries out. The loader reads the outbox after every call into Go; it
// acts on nothing else. Each record is an op byte followed by its fields:
// u32 (little endian), f64 (little endian), str (a u32 header, then the
// bytes of UTF-8) or opt (a str whose header 0xFFFFFFFF means undefined).
// A str header is the length, with bit 31 set when every byte is ASCII:
// the loader then decodes it as Latin-1, several times faster than UTF-8
// in Chromium and the same text.
type Op byte

// The ops, with their fields.
const (
	OpPostWindow   Op = 1  // win u32, origin str, data str: win.postMessage(data, origin)
	OpOffer        Op = 2  // win u32, port u32, origin str, data str: a new MessageChannel; post data with port2 transferred; port1 becomes port
	OpAdopt        Op = 3  // port u32: event.ports[0] of the window message being handled becomes port, and starts
	OpPostPort     Op = 4  // port u32, data str: port.postMessage(data)
	OpClosePort    Op = 5  // port u32: port.close(), and forget it
	OpEvent        Op = 6  // handler u32, payload opt: call the event handler
	OpCall         Op = 7  // handler u32, ch u32, call f64, payload opt: call the request handler; answer with pb_answer(ch, call, …)
	OpSettle       Op = 8  // req u32, payload opt: resolve the request
	OpFail         Op = 9  // req u32, code str, message str: reject the request
	OpConnected    Op = 10 // ch u32, session str, origin str: a session is live (the first time: connect resolves), with the origin the peer shows
	OpClosed       Op = 11 // ch u32, code str, message str: the channel ended (connect rejects if it had not resolved)
	OpDecision     Op = 12 // see appendDecision
	OpArm          Op = 13 // ms f64: call pb_tick once after ms (negative: cancel)
	OpTapOpen      Op = 14 // url str: open the tap's WebSocket (closing any earlier one)
	OpTapSend      Op = 15 // frame str: send a text frame on it
	OpForgetWindow Op = 16 // win u32: no channel uses the window any more
	OpDropHandler  Op = 17 // handler u32: forget the handler function
	OpDropPorts    Op = 18 // close the ports transferred with the window message being handled
	OpPostSplice   Op = 19 // port u32, head str, arg u32, tail str: post head + the string the loader wrote as argument arg of this call + tail
	OpEventAt      Op = 20 // handler u32, start u32, end u32: as OpEvent, the payload being message.slice(start, end) of the port message being handled
	OpCallAt       Op = 21 // handler u32, ch u32, call f64, start u32, end u32: as OpCall, likewise
	OpSettleAt     Op = 22 // req u32, start u32, end u32: as OpSettle, likewise
)

// noPayload is the length of an absent opt field.
const noPayload = math.MaxUint32

// Outbox is the buffer of commands for the loader.
type Outbox struct {
	b []byte
}

// Bytes returns the commands written since the last Reset.
func (o *Outbox) Bytes() []byte { return o.b }

// Len returns how many bytes of commands are waiting.
func (o *Outbox) Len() int { return len(o.b) }

// Truncate drops everything after the first n bytes (the loader has
// carried out everything when it says n is 0).
func (o *Outbox) Truncate(n int) {
	if n < 0 || n > len(o.b) {
		n = 0
	}
	o.b = o.b[:n]
}

//go:noinline
func (o *Outbox) op(op Op) { o.b = append(o.b, byte(op)) }

//go:noinline
func (o *Outbox) u32(v uint32) {
	o.b = append(o.b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

//go:noinline
func (o *Outbox) f64(v float64) {
	b := math.Float64bits(v)
	o.u32(uint32(b))
	o.u32(uint32(b >> 32))
}

// asciiBit marks a str whose bytes are all ASCII.
const asciiBit = 1 << 31

//go:noinline
func (o *Outbox) str(s string) {
	h := uint32(len(s))
	if isASCII(s) {
		h |= asciiBit
	}
	o.u32(h)
	o.b = append(o.b, s...)
}

//go:noinline
func (o *Outbox) bytes(p []byte) {
	h := uint32(len(p))
	if isASCII(p) {
		h |= asciiBit
	}
	o.u32(h)
	o.b = append(o.b, p...)
}

// isASCII reports whether every byte of s is under 0x80, eight at a time.
func isASCII[T string | []byte](s T) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if v&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// opt writes p, or undefined when p is nil.
//
//go:noinline
func (o *Outbox) opt(p []byte) {
	if p == nil {
		o.u32(noPayload)
		return
	}
	o.bytes(p)
}

// Reader reads an outbox back, as the loader does; tests and the fake
// loader use it.
type Reader struct {
	b   []byte
	off int
	err bool
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// More reports whether a record is left.
func (r *Reader) More() bool { return !r.err && r.off < len(r.b) }

// Bad reports whether a read ran past the end.
func (r *Reader) Bad() bool { return r.err }

// Op reads an op byte.
func (r *Reader) Op() Op {
	if r.off >= len(r.b) {
		r.err = true
		return 0
	}
	r.off++
	return Op(r.b[r.off-1])
}

// U32 reads a u32 field.
func (r *Reader) U32() uint32 {
	if r.off+4 > len(r.b) {
		r.err = true
		return 0
	}
	b := r.b[r.off:]
	r.off += 4
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// F64 reads an f64 field.
func (r *Reader) F64() float64 {
	lo, hi := r.U32(), r.U32()
	return math.Float64frombits(uint64(lo) | uint64(hi)<<32)
}

// Str reads a str field.
func (r *Reader) Str() string {
	p, _ := r.Opt()
	return string(p)
}

// Opt reads an opt field; ok is false when it is undefined.
func (r *Reader) Opt() (p []byte, ok bool) {
	n := r.U32()
	if n == noPayload {
		return nil, false
	}
	n &^= asciiBit
	if r.err || r.off+int(n) > len(r.b) {
		r.err = true
		return nil, false
	}
	p = r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return p, true
}
