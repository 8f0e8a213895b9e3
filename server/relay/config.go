package relay

import (
	"errors"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// Defaults applied to zero Config fields.
const (
	DefaultQueueSize        = 1024
	DefaultMaxFrame         = 256 << 10
	DefaultMaxBatch         = 1024
	DefaultMaxClients       = 1024
	DefaultMaxSubscriptions = 64
	DefaultWriteTimeout     = 10 * time.Second
	DefaultHistory          = 1000
	DefaultHistoryBytes     = 1 << 20
	DefaultHistoryRooms     = 64
	DefaultPingInterval     = 15 * time.Second
	DefaultPingTimeout      = 10 * time.Second
)

// Upper bounds a Config may not exceed.
const (
	maxMaxFrame  = 16 << 20
	minTokenLen  = 16
	hardLimitPad = 4 // hard read limit = hardLimitPad × MaxFrame
)

// Config configures a Hub. Zero numeric fields take the defaults above; a
// nil AllowOrigin refuses every browser, a nil AllowSubscribe keeps every
// page from reading the traffic, and an empty Token refuses every client
// without an Origin header, so the zero Config is closed, not open.
type Config struct {
	// AllowOrigin reports whether a page served from this exact origin may
	// connect (the server passes origin.Allowlist.Allows). It receives the
	// Origin header byte for byte and must not do prefix, suffix or
	// case-folding matches.
	AllowOrigin func(origin string) bool

	// AllowSubscribe reports whether a page from this origin (one that
	// AllowOrigin admits) may take a role that reads what others publish:
	// dashboard or driver. Every admitted origin may publish as a tap. Nil
	// lets no page subscribe; token clients (no Origin) may take any role.
	// The same exact-match rule as AllowOrigin applies.
	AllowSubscribe func(origin string) bool

	// Token authorises clients that send no Origin header (Go drivers and
	// tools), which must also connect from a loopback address. They present
	// it as "Authorization: Bearer <token>" or "?token=<token>". At least 16
	// bytes of visible ASCII.
	Token string

	// Logger receives refusals and disconnects. Nil discards.
	Logger *slog.Logger

	// QueueSize is the number of frames buffered per client before the hub
	// drops frames for it.
	QueueSize int

	// MaxFrame is the largest frame, in bytes, the hub processes (1 KiB to
	// 16 MiB). Larger
	// frames up to 4×MaxFrame get a TOO_LARGE error frame and the connection
	// stays open; beyond that the websocket library closes the connection
	// with status 1009 (message too big).
	MaxFrame int

	// MaxBatch is the largest number of items in one batched publication.
	MaxBatch int

	// DropLimit is the number of frames a client may have dropped while
	// the hub could not write it a single frame; one more and it is
	// disconnected as a slow consumer.
	// Zero means QueueSize.
	DropLimit int

	// MaxClients bounds concurrent connections; upgrades beyond it get 503.
	MaxClients int

	// MaxSubscriptions bounds the rooms one client may subscribe to.
	MaxSubscriptions int

	// WriteTimeout bounds each write to a client; a client that does not
	// read for this long is disconnected.
	WriteTimeout time.Duration

	// History is the number of publications the hub keeps per room and
	// sends, marked as history, to each new subscriber of the room before
	// its live traffic. Negative keeps none.
	History int

	// HistoryBytes bounds the bytes kept per room (the encoded msg frames);
	// the oldest publications go first. A publication larger than this is
	// relayed but not kept.
	HistoryBytes int

	// HistoryRooms bounds the rooms the hub keeps history and duplicate
	// detection for (PROTOCOL.md, Duplicates). When a publication needs
	// one more, the room published into least recently is forgotten.
	// Memory for history is thus at most HistoryRooms × HistoryBytes.
	HistoryRooms int

	// PingInterval is how often the hub pings each client at the websocket
	// level. Negative sends no pings.
	PingInterval time.Duration

	// PingTimeout is how long a client has to answer a ping. One that does
	// not is disconnected without a close frame, logged and counted in
	// Stats.Unresponsive: so a client that vanished without closing (a
	// dead network, a suspended laptop) is found within PingInterval +
	// PingTimeout.
	PingTimeout time.Duration
}

// ConfigError names one invalid Config field. New joins every problem it
// finds with errors.Join: errors.As finds the first; the joined error's
// Unwrap() []error lists them all.
type ConfigError struct {
	Field   string
	Problem string
}

// Error implements error.
func (e *ConfigError) Error() string {
	return "relay: Config." + e.Field + ": " + e.Problem
}

// withDefaults validates c and returns a copy with defaults filled in.
func (c Config) withDefaults() (Config, error) {
	var errs []error
	bad := func(field, problem string) {
		errs = append(errs, &ConfigError{Field: field, Problem: problem})
	}
	ints := []struct {
		name string
		v    *int
		def  int
	}{
		{"QueueSize", &c.QueueSize, DefaultQueueSize},
		{"MaxFrame", &c.MaxFrame, DefaultMaxFrame},
		{"MaxBatch", &c.MaxBatch, DefaultMaxBatch},
		{"MaxClients", &c.MaxClients, DefaultMaxClients},
		{"MaxSubscriptions", &c.MaxSubscriptions, DefaultMaxSubscriptions},
		{"DropLimit", &c.DropLimit, 0},
		{"HistoryBytes", &c.HistoryBytes, DefaultHistoryBytes},
		{"HistoryRooms", &c.HistoryRooms, DefaultHistoryRooms},
	}
	for _, f := range ints {
		switch {
		case *f.v < 0:
			bad(f.name, "must not be negative, got "+strconv.Itoa(*f.v))
		case *f.v == 0:
			*f.v = f.def
		}
	}
	if c.DropLimit == 0 {
		c.DropLimit = c.QueueSize
	}
	if c.MaxFrame > maxMaxFrame {
		bad("MaxFrame", "must be at most "+strconv.Itoa(maxMaxFrame)+" bytes, got "+strconv.Itoa(c.MaxFrame))
	}
	if c.MaxFrame < 1024 && c.MaxFrame > 0 {
		bad("MaxFrame", "must be at least 1024 bytes, got "+strconv.Itoa(c.MaxFrame))
	}
	if c.Token != "" {
		if len(c.Token) < minTokenLen {
			bad("Token", "must be at least "+strconv.Itoa(minTokenLen)+" bytes when set")
		}
		if !visibleASCII(c.Token) {
			bad("Token", "must be visible ASCII without spaces (it travels in a header and a query)")
		}
	}
	switch {
	case c.History < 0:
		c.History = 0 // none
	case c.History == 0:
		c.History = DefaultHistory
	}
	durations := []struct {
		name      string
		v         *time.Duration
		def       time.Duration
		offBelow0 bool // a negative value turns the feature off
	}{
		{"WriteTimeout", &c.WriteTimeout, DefaultWriteTimeout, false},
		{"PingInterval", &c.PingInterval, DefaultPingInterval, true},
		{"PingTimeout", &c.PingTimeout, DefaultPingTimeout, false},
	}
	for _, d := range durations {
		switch {
		case *d.v < 0 && d.offBelow0:
			*d.v = 0 // off
		case *d.v < 0:
			bad(d.name, "must not be negative")
		case *d.v == 0:
			*d.v = d.def
		}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c, errors.Join(errs...)
}

func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
