package cors

import (
	"net/http"

	"github.com/postbridge/postbridge/wasm/origin"
)

// Header names, in the canonical form net/http stores them in, so that the
// hot path reads and writes the header maps directly.
const (
	hdrOrigin = "Origin"
	hdrVary   = "Vary"
	hdrACRM   = "Access-Control-Request-Method"
	hdrACRH   = "Access-Control-Request-Headers"
	hdrACAO   = "Access-Control-Allow-Origin"
	hdrACAC   = "Access-Control-Allow-Credentials"
	hdrACAM   = "Access-Control-Allow-Methods"
	hdrACAH   = "Access-Control-Allow-Headers"
	hdrACEH   = "Access-Control-Expose-Headers"
	hdrACMA   = "Access-Control-Max-Age"

	// varyActual is added to every non-OPTIONS response.
	varyActual = "Origin"
	// varyOptions is added to every OPTIONS response: whether it is a
	// preflight, and what it grants, depends on all three.
	varyOptions = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
)

// maxACRHLen caps the Access-Control-Request-Headers bytes a preflight may
// carry; longer lists are refused without being scanned.
const maxACRHLen = 4096

// Middleware applies one validated CORS policy. Build it with [New]; it is
// safe for concurrent use and never changes after construction.
//
// The zero value grants nothing: it adds Vary, refuses every preflight and
// passes every other request through.
type Middleware struct {
	allow       *origin.Allowlist
	methods     []string // configured methods, as browsers spell them
	headers     []string // configured request headers, lower case
	acam        string   // Access-Control-Allow-Methods value, or ""
	acah        string   // Access-Control-Allow-Headers value, or ""
	aceh        string   // Access-Control-Expose-Headers value, or ""
	maxAge      string   // Access-Control-Max-Age value, or ""
	credentials bool
}

// New checks cfg and returns a middleware enforcing it. If cfg has any
// problem, New returns nil and an error listing every bad entry; see
// [ErrOrigin] and its siblings. Changing cfg afterwards has no effect.
func New(cfg Config) (*Middleware, error) {
	m := new(Middleware)
	if err := m.compile(&cfg); err != nil {
		return nil, err
	}
	return m, nil
}

// Wrap returns a handler that applies m's policy, then calls h for every
// request except CORS preflights, which m answers itself.
func (m *Middleware) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			if acrm, ok := r.Header[hdrACRM]; ok {
				m.preflight(w, r.Header, acrm)
				return
			}
			m.actual(w.Header(), r.Header[hdrOrigin], varyOptions)
		} else {
			m.actual(w.Header(), r.Header[hdrOrigin], varyActual)
		}
		h.ServeHTTP(w, r)
	})
}

// allowedOrigin returns the request's single Origin value if m allows it,
// byte for byte. Zero or several Origin field lines are refused.
func (m *Middleware) allowedOrigin(vals []string) (string, bool) {
	if m == nil || m.allow == nil || len(vals) != 1 {
		return "", false
	}
	if !m.allow.Allows(vals[0]) {
		return "", false
	}
	return vals[0], true
}

// actual sets the headers of a non-preflight response before the wrapped
// handler runs.
func (m *Middleware) actual(h http.Header, originVals []string, vary string) {
	o, ok := m.allowedOrigin(originVals)
	if !ok {
		h[hdrVary] = append(h[hdrVary], vary)
		return
	}
	// One backing array for every value this response needs; each header
	// gets a capacity-limited slice of it, so appends elsewhere reallocate
	// instead of overwriting a neighbour.
	buf := make([]string, 4)
	buf = addVary(h, vary, buf)
	buf = put(h, hdrACAO, o, buf)
	if m.credentials {
		buf = put(h, hdrACAC, "true", buf)
	}
	if m.aceh != "" {
		put(h, hdrACEH, m.aceh, buf)
	}
}

// preflight answers a CORS preflight. A refused preflight gets 403 and no
// Access-Control-Allow-* header at all; an allowed one gets 204 and the
// full grant. The wrapped handler never sees either.
func (m *Middleware) preflight(w http.ResponseWriter, req http.Header, acrm []string) {
	h := w.Header()
	o, ok := m.allowedOrigin(req[hdrOrigin])
	if !ok || len(acrm) != 1 || !m.methodAllowed(acrm[0]) ||
		!m.headersAllowed(req[hdrACRH]) {
		h[hdrVary] = append(h[hdrVary], varyOptions)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	buf := make([]string, 6)
	buf = addVary(h, varyOptions, buf)
	buf = put(h, hdrACAO, o, buf)
	if m.credentials {
		buf = put(h, hdrACAC, "true", buf)
	}
	if m.acam != "" {
		buf = put(h, hdrACAM, m.acam, buf)
	}
	if m.acah != "" {
		buf = put(h, hdrACAH, m.acah, buf)
	}
	if m.maxAge != "" {
		put(h, hdrACMA, m.maxAge, buf)
	}
	w.WriteHeader(http.StatusNoContent)
}

// methodAllowed reports whether a preflight may go ahead for method. GET,
// HEAD and POST need no grant; others must be configured, byte for byte
// (browsers already upper-case the common ones).
func (m *Middleware) methodAllowed(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
		return true
	}
	return contains(m.methods, method)
}

// headersAllowed parses Access-Control-Request-Headers the way the Fetch
// standard splits header lists: comma-separated across all field lines,
// optional spaces and tabs trimmed, empty elements skipped. Every element
// must be a configured header name (case-insensitive), else the whole
// preflight is refused.
func (m *Middleware) headersAllowed(vals []string) bool {
	total := 0
	for _, v := range vals {
		total += len(v)
		if total > maxACRHLen {
			return false
		}
		for v != "" {
			var elem string
			elem, v = cutComma(v)
			elem = trimOWS(elem)
			if elem != "" && !m.headerAllowed(elem) {
				return false
			}
		}
	}
	return true
}

func (m *Middleware) headerAllowed(name string) bool {
	for _, h := range m.headers {
		if equalFoldASCII(name, h) {
			return true
		}
	}
	return false
}

// addVary adds v to the Vary field lines already present, never replacing
// them; when there are none it uses buf's first slot.
func addVary(h http.Header, v string, buf []string) []string {
	if old, ok := h[hdrVary]; ok {
		h[hdrVary] = append(old, v)
		return buf
	}
	return put(h, hdrVary, v, buf)
}

// put stores v as the only value of key, in buf's first slot, and returns
// the rest of buf.
func put(h http.Header, key, v string, buf []string) []string {
	buf[0] = v
	h[key] = buf[:1:1]
	return buf[1:]
}

func cutComma(s string) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// equalFoldASCII compares a request value with a lower-case configured
// name, folding ASCII letters only: no Unicode case folding (the Kelvin
// sign must not match "k").
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
