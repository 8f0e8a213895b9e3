package relay

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// Role is what a client may do, declared once in the upgrade URL.
type Role string

// The three roles.
const (
	RoleTap       Role = "tap"       // publishes only (the browser tap)
	RoleDashboard Role = "dashboard" // subscribes only
	RoleDriver    Role = "driver"    // publishes and subscribes (test drivers)
)

func (r Role) publishes() bool  { return r == RoleTap || r == RoleDriver }
func (r Role) subscribes() bool { return r == RoleDashboard || r == RoleDriver }

// refusal is why an upgrade was not accepted; status is the HTTP status.
type refusal struct {
	status int
	reason string
}

// authorize decides whether r may become a websocket, before anything is
// upgraded. Browsers always send Origin on a websocket handshake, so:
//   - with an Origin header, its exact value must pass AllowOrigin (one
//     header only; an empty value is not "absent");
//   - without one, the client is a program: it must come from a loopback
//     address and present the token. A page cannot omit Origin, so this path
//     is closed to browsers whatever their origin.
func (h *Hub) authorize(r *http.Request, q url.Values) *refusal {
	origins := r.Header.Values("Origin")
	switch {
	case len(origins) > 1:
		return &refusal{http.StatusForbidden, "several Origin headers"}
	case len(origins) == 1:
		if h.cfg.AllowOrigin == nil || !h.cfg.AllowOrigin(origins[0]) {
			return &refusal{http.StatusForbidden, "origin not allowed"}
		}
		return nil
	case h.cfg.Token == "":
		return &refusal{http.StatusForbidden, "no Origin and no token configured"}
	case !loopback(r.RemoteAddr):
		return &refusal{http.StatusForbidden, "no Origin from a non-loopback address"}
	case !h.tokenPresented(r, q):
		return &refusal{http.StatusForbidden, "no Origin and missing or wrong token"}
	}
	return nil
}

// authorizeRole decides whether an authorised client may take role: a page
// may read the traffic (dashboard, driver) only if AllowSubscribe admits its
// origin, so a widget's frame that may tap cannot watch the parent's
// messages. Token clients, which have no Origin, may take any role.
func (h *Hub) authorizeRole(r *http.Request, role Role) *refusal {
	origins := r.Header.Values("Origin")
	if len(origins) == 0 || !role.subscribes() {
		return nil
	}
	if h.cfg.AllowSubscribe == nil || !h.cfg.AllowSubscribe(origins[0]) {
		return &refusal{http.StatusForbidden, "origin may not subscribe"}
	}
	return nil
}

// loopback reports whether remoteAddr (an http.Request.RemoteAddr, "ip:port")
// is a loopback address. Only the socket address counts: headers such as
// X-Forwarded-For are the client's words and are ignored.
func loopback(remoteAddr string) bool {
	ap, err := netip.ParseAddrPort(remoteAddr)
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// tokenPresented reports whether every token the request presents equals
// the configured one, and there is at least one.
func (h *Hub) tokenPresented(r *http.Request, q url.Values) bool {
	var got []string
	switch auth := r.Header.Values("Authorization"); len(auth) {
	case 0:
	case 1:
		scheme, tok, ok := strings.Cut(auth[0], " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return false
		}
		got = append(got, tok)
	default:
		return false
	}
	got = append(got, q["token"]...)
	if len(got) == 0 {
		return false
	}
	for _, tok := range got {
		if !sameSecret(tok, h.cfg.Token) {
			return false
		}
	}
	return true
}

// sameSecret compares in constant time. Hashing first makes the time
// independent of the lengths too (ConstantTimeCompare returns early on a
// length mismatch).
func sameSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// roleAndRoom reads the role and the optional initial room from the upgrade
// query. Unknown or repeated parameters are refused rather than ignored.
func roleAndRoom(q url.Values) (Role, string, *refusal) {
	for k, v := range q {
		if k != "role" && k != "room" && k != "token" {
			return "", "", &refusal{http.StatusBadRequest, "unknown query parameter"}
		}
		if len(v) != 1 {
			return "", "", &refusal{http.StatusBadRequest, "repeated query parameter " + k}
		}
	}
	role := Role(q.Get("role"))
	switch role {
	case RoleTap, RoleDashboard, RoleDriver:
	default:
		return "", "", &refusal{http.StatusBadRequest, "role must be tap, dashboard or driver"}
	}
	room := q.Get("room")
	switch {
	case !q.Has("room"):
	case room == AllRooms && role.subscribes():
	case !ValidRoom(room):
		return "", "", &refusal{http.StatusBadRequest, "bad room"}
	}
	return role, room, nil
}
