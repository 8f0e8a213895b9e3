package site

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/wasm/origin"
)

// Default origins of the three demo sites. Chromium resolves every
// *.localhost name to loopback, so they need no /etc/hosts entry.
const (
	DefaultMain  = "http://main.localhost:8080"
	DefaultOther = "http://other.localhost:8081"
	DefaultEvil  = "http://main.localhost.evil.localhost:8082"
	// DefaultAlt is a second parent site that also embeds the framed
	// page: the framed page allows both parents (a widget on two sites).
	DefaultAlt = "http://shop.localhost:8083"
)

// ErrFlag reports an origin flag the server cannot start with.
var ErrFlag = errors.New("bad origin flag")

// Config says where the three sites live.
type Config struct {
	Main  origin.Origin // the parent page
	Other origin.Origin // the framed page
	Evil  origin.Origin // the hostile page
	// Alt, when set (SetAlt), is a second parent site framing the framed
	// page, which then allows both parents.
	Alt origin.Origin
	// Logger receives request and security logs; nil discards them.
	Logger *slog.Logger
	// Token lets clients without an Origin header (Go test drivers,
	// tools) use the relay from loopback; empty refuses them all.
	Token string
	// Relay tunes the relay (history, pings, limits); New sets its
	// AllowOrigin, AllowSubscribe, Token and Logger itself.
	Relay relay.Config
}

// ParseConfig parses the three origin flags with origin.Parse and checks
// that each one has a port of its own. Every problem is reported, each
// naming its flag, joined into one error matching ErrFlag.
func ParseConfig(mainOrigin, otherOrigin, evilOrigin string) (Config, error) {
	var cfg Config
	var errs []error
	flags := []struct {
		name string
		raw  string
		dst  *origin.Origin
	}{
		{"-main", mainOrigin, &cfg.Main},
		{"-other", otherOrigin, &cfg.Other},
		{"-evil", evilOrigin, &cfg.Evil},
	}
	ports := map[int]string{}
	for _, f := range flags {
		o, err := origin.Parse(f.raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w %s: %w", ErrFlag, f.name, err))
			continue
		}
		if o.Scheme() != "http" {
			errs = append(errs, fmt.Errorf("%w %s: %q: the demo server speaks plain http on loopback", ErrFlag, f.name, f.raw))
			continue
		}
		p := portOf(o)
		if prev, dup := ports[p]; dup {
			errs = append(errs, fmt.Errorf("%w %s: port %d is already used by %s; each origin needs its own port", ErrFlag, f.name, p, prev))
			continue
		}
		ports[p] = f.name
		*f.dst = o
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

// SetAlt parses the -alt flag into c.Alt: an http origin on a port of its
// own. An empty flag leaves the second parent site out.
func (c *Config) SetAlt(raw string) error {
	if raw == "" {
		return nil
	}
	o, err := origin.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%w -alt: %w", ErrFlag, err)
	case o.Scheme() != "http":
		return fmt.Errorf("%w -alt: %q: the demo server speaks plain http on loopback", ErrFlag, raw)
	}
	for _, x := range []origin.Origin{c.Main, c.Other, c.Evil} {
		if portOf(x) == portOf(o) {
			return fmt.Errorf("%w -alt: port %d is already used by %s; each origin needs its own port", ErrFlag, portOf(o), x)
		}
	}
	c.Alt = o
	return nil
}

// portOf returns the TCP port the origin is reached on.
func portOf(o origin.Origin) int {
	if p := o.Port(); p != 0 {
		return p
	}
	if o.Scheme() == "https" {
		return 443
	}
	return 80
}

// addr is the loopback listen address of an origin.
func addr(o origin.Origin) string {
	return "127.0.0.1:" + strconv.Itoa(portOf(o))
}
