package boundary

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"errors"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
	"github.com/postbridge/postbridge/wasm/origin"
	"github.com/postbridge/postbridge/wasm/schema"
)

// The loader sends connect()'s argument as JSON:
//
//	{"config": {…every own member, as below…}, "idna": {"<origin>": "<hostname>"|null}}
//
// A member's value is its JSON; the window is {"$window": id} when it is an
// object with a postMessage function (the loader's id for it), and any
// value JSON cannot express (a function, a symbol, a window where none is
// expected) is {"$type": "<typeof>"}. "idna" holds the browser URL
// parser's hostname for each origin string, which is what event.origin
// will show for a host that is not ASCII. Every decision is made here.

// connectKeys are the members connect() knows.
var connectKeys = []string{"window", "origin", "secret", "channel", "timeout", "schemas", "handlerTimeout", "maxPayload", "maxDepth", "maxPending", "maxQueue"}

type connectConfig struct {
	core    core.Config
	toASCII func(string) (string, error) // origin.ToASCII while the core parses the origins
}

func parseConnect(b []byte) (connectConfig, uint32, error) {
	var out connectConfig
	root, err := jsonvalue.Parse(b, jsonvalue.Limits{MaxBytes: len(b), MaxDepth: 512})
	if err != nil || root.Kind() != jsonvalue.Object {
		return out, 0, badConfig("connect needs a config object")
	}
	cfg, ok := root.Get("config")
	if !ok || cfg.Kind() != jsonvalue.Object {
		return out, 0, badConfig("connect needs a config object")
	}
	win, err := windowID(cfg)
	for _, m := range cfg.Members() {
		if !known(m.Key) {
			name := m.Key
			if len(name) > 64 {
				name = name[:64] + "…"
			}
			return out, win, badConfig("unknown connect option " + quoteJSON(name) + " (known: " + knownList() + ")")
		}
	}
	if err != nil {
		return out, 0, err
	}
	if err := parseOrigins(cfg, &out.core); err != nil {
		return out, win, err
	}
	out.toASCII = hostASCII(root)
	if s, ok := cfg.Get("secret"); ok {
		if s.Kind() != jsonvalue.String {
			return out, win, badConfig("secret must be a string (pb.secret())")
		}
		out.core.Secret = s.Str()
	}
	ch, ok := cfg.Get("channel")
	if !ok || ch.Kind() != jsonvalue.String {
		return out, win, badConfig("channel must be a string")
	}
	out.core.Channel = ch.Str()
	if err := numbers(cfg, &out.core); err != nil {
		return out, win, err
	}
	if s, ok := cfg.Get("schemas"); ok {
		if s.Kind() != jsonvalue.Object {
			return out, win, badConfig("schemas must be an object of JSON Schemas")
		}
		set, err := schema.Compile(s.Raw())
		if err != nil {
			return out, win, badConfig("schemas: " + err.Error())
		}
		out.core.Schemas = set
	}
	return out, win, nil
}

// knownList is connectKeys as "window, origin, …".
func knownList() string {
	s := connectKeys[0]
	for _, k := range connectKeys[1:] {
		s += ", " + k
	}
	return s
}

func known(k string) bool {
	for _, x := range connectKeys {
		if x == k {
			return true
		}
	}
	return false
}

func windowID(cfg jsonvalue.Value) (uint32, error) {
	w, ok := cfg.Get("window")
	if !ok {
		return 0, badConfig("window: no peer window (pass frame.contentWindow, window.parent, window.opener or a popup)")
	}
	if w.Kind() == jsonvalue.Object {
		if id, ok := w.Get("$window"); ok {
			if n, ok := id.Int64(); ok && n > 0 && n < 1<<31 {
				return uint32(n), nil
			}
		}
	}
	return 0, badConfig("window: not a window: no postMessage method")
}

// parseOrigins reads the origin member, one string or an array of them,
// into c.Origin or c.Origins; the core parses and checks them (with
// hostASCII as origin.ToASCII).
func parseOrigins(cfg jsonvalue.Value, c *core.Config) error {
	v, ok := cfg.Get("origin")
	if ok && v.Kind() == jsonvalue.String {
		c.Origin = v.Str()
		return nil
	}
	if ok && v.Kind() == jsonvalue.Array {
		c.Origins = make([]string, v.Len())
		for i := range c.Origins {
			if ok = v.Index(i).Kind() == jsonvalue.String; !ok {
				break
			}
			c.Origins[i] = v.Index(i).Str()
		}
	}
	if !ok || c.Origins == nil {
		c.Origins = nil
		return badConfig("origin must be a string, or an array of strings")
	}
	return nil
}

// hostASCII returns origin.ToASCII for the configured hosts: the
// browser's own mapping from "idna" (each host as written -> what its URL
// parser makes of it, which is what event.origin will show). A host it
// did not map is refused, never passed through as it is.
func hostASCII(root jsonvalue.Value) func(string) (string, error) {
	return func(host string) (string, error) {
		if m, ok := root.Get("idna"); ok {
			if h, ok := m.Get(host); ok && h.Kind() == jsonvalue.String && h.Str() != "" {
				return h.Str(), nil
			}
		}
		return "", errors.New("the browser refuses this host name")
	}
}

// withASCII runs f with origin.ToASCII set to ascii.
func withASCII(ascii func(string) (string, error), f func()) {
	saved := origin.ToASCII
	defer func() { origin.ToASCII = saved }()
	origin.ToASCII = ascii
	f()
}

// numbers reads the numeric options; each must be a whole number in its
// range, or absent.
func numbers(cfg jsonvalue.Value, c *core.Config) error {
	ms := func(f float64) clock.Duration { return clock.Duration(f * float64(clock.Millisecond)) }
	fields := []struct {
		name string
		max  float64
		set  func(float64)
	}{
		{"timeout", 3600e3, func(f float64) { c.Timeout = ms(f) }},
		{"handlerTimeout", 3600e3, func(f float64) { c.HandlerTimeout = ms(f) }},
		{"maxPayload", 16 << 20, func(f float64) { c.Limits.MaxPayload = int(f) }},
		{"maxDepth", 512, func(f float64) { c.Limits.MaxDepth = int(f) }},
		{"maxPending", 1 << 20, func(f float64) { c.MaxPending = int(f) }},
		{"maxQueue", 1 << 20, func(f float64) { c.MaxQueue = int(f) }},
	}
	for _, f := range fields {
		v, ok := cfg.Get(f.name)
		if !ok {
			continue
		}
		x, isNum := v.Float64()
		if v.Kind() != jsonvalue.Number || !isNum || x < 1 || x > f.max || x != float64(int64(x)) {
			return badConfig(f.name + " must be a whole number in [1, " + itoa(int(f.max)) + "]")
		}
		f.set(x)
	}
	return nil
}

// quoteJSON quotes s for a message.
func quoteJSON(s string) string {
	b, err := jsonvalue.AppendQuote(nil, jsonvalue.ToValidUTF8(s, "\uFFFD"))
	if err != nil {
		return `"?"`
	}
	return string(b)
}
