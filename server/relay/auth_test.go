package relay

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

const (
	testToken  = "test-token-0123456789abcdef"
	mainOrigin = "http://main.localhost:8080"
	evilOrigin = "http://main.localhost.evil.localhost:8082"
)

// exactOrigins stands in for origin.Allowlist.Allows: exact string match.
func exactOrigins(origins ...string) func(string) bool {
	set := map[string]bool{}
	for _, o := range origins {
		set[o] = true
	}
	return func(o string) bool { return set[o] }
}

var authCases = []struct {
	name    string
	remote  string
	target  string
	headers [][2]string
	want    int // 0: authorised
}{
	{"allowed origin", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", mainOrigin}}, 0},
	{"allowed origin from the network", "192.0.2.7:5000", "/relay", [][2]string{{"Origin", mainOrigin}}, 0},
	// The library's default check admits an Origin whose host equals Host.
	{"hostile origin, same Host", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", evilOrigin}, {"Host", "main.localhost.evil.localhost:8082"}}, 403},
	{"hostile origin", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", evilOrigin}}, 403},
	{"allowed origin as prefix", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", mainOrigin + ".evil.localhost"}}, 403},
	{"origin case changed", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", "HTTP://MAIN.LOCALHOST:8080"}}, 403},
	{"origin with path", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", mainOrigin + "/"}}, 403},
	{"null origin", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", "null"}}, 403},
	{"empty origin is not absent", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", ""}, {"Authorization", "Bearer " + testToken}}, 403},
	{"two origins", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", mainOrigin}, {"Origin", evilOrigin}}, 403},
	{"origin plus token does not bypass", "127.0.0.1:5000", "/relay", [][2]string{{"Origin", evilOrigin}, {"Authorization", "Bearer " + testToken}}, 403},

	{"no origin, header token", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", "Bearer " + testToken}}, 0},
	{"no origin, lower-case scheme", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", "bearer " + testToken}}, 0},
	{"no origin, query token", "127.0.0.1:5000", "/relay?token=" + testToken, nil, 0},
	{"no origin, IPv6 loopback", "[::1]:5000", "/relay?token=" + testToken, nil, 0},
	{"no origin, mapped loopback", "[::ffff:127.0.0.1]:5000", "/relay?token=" + testToken, nil, 0},
	{"no origin, no token", "127.0.0.1:5000", "/relay", nil, 403},
	{"no origin, wrong token", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", "Bearer wrong-token-0123456789abcdef"}}, 403},
	{"no origin, token prefix", "127.0.0.1:5000", "/relay?token=" + testToken[:len(testToken)-1], nil, 403},
	{"no origin, token plus suffix", "127.0.0.1:5000", "/relay?token=" + testToken + "x", nil, 403},
	{"no origin, empty token", "127.0.0.1:5000", "/relay?token=", nil, 403},
	{"no origin, basic scheme", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", "Basic " + testToken}}, 403},
	{"no origin, bare token", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", testToken}}, 403},
	{"no origin, good header bad query", "127.0.0.1:5000", "/relay?token=nope", [][2]string{{"Authorization", "Bearer " + testToken}}, 403},
	{"no origin, two authorization headers", "127.0.0.1:5000", "/relay", [][2]string{{"Authorization", "Bearer " + testToken}, {"Authorization", "Bearer x"}}, 403},
	{"no origin, from the network", "192.0.2.7:5000", "/relay?token=" + testToken, nil, 403},
	{"no origin, forwarded-for loopback", "192.0.2.7:5000", "/relay?token=" + testToken, [][2]string{{"X-Forwarded-For", "127.0.0.1"}, {"X-Real-Ip", "127.0.0.1"}}, 403},
}

func TestAuthorize(t *testing.T) {
	t.Parallel()
	h, err := New(Config{AllowOrigin: exactOrigins(mainOrigin), Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range authCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodGet, tc.target, nil)
			r.RemoteAddr = tc.remote
			for _, kv := range tc.headers {
				if kv[0] == "Host" {
					r.Host = kv[1]
					continue
				}
				r.Header.Add(kv[0], kv[1])
			}
			q, _ := url.ParseQuery(r.URL.RawQuery)
			got := 0
			if ref := h.authorize(r, q); ref != nil {
				got = ref.status
			}
			if got != tc.want {
				t.Errorf("authorize(%s %v from %s): got %d; want %d", tc.target, tc.headers, tc.remote, got, tc.want)
			}
		})
	}
}

func TestAuthorizeWithoutTokenOrAllowlist(t *testing.T) {
	t.Parallel()
	h, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, hdr := range [][2]string{{"Origin", mainOrigin}, {"Authorization", "Bearer "}} {
		r := httptest.NewRequest(http.MethodGet, "/relay?token=", nil)
		r.RemoteAddr = "127.0.0.1:1"
		r.Header.Set(hdr[0], hdr[1])
		if ref := h.authorize(r, r.URL.Query()); ref == nil || ref.status != 403 {
			t.Errorf("zero Config authorize(%s: %q): got %v; want 403", hdr[0], hdr[1], ref)
		}
	}
}

func TestLoopback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"127.0.0.1:80", true},
		{"127.8.9.10:80", true},
		{"[::1]:80", true},
		{"[::ffff:127.0.0.1]:80", true},
		{"10.0.0.1:80", false},
		{"192.0.2.1:80", false},
		{"[::2]:80", false},
		{"[::ffff:10.0.0.1]:80", false},
		{"0.0.0.0:80", false},
		{"localhost:80", false},
		{"127.0.0.1", false},
		{"127.0.0.1.evil.example:80", false},
		{"", false},
	} {
		if got := loopback(tc.in); got != tc.want {
			t.Errorf("loopback(%q): got %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestRoleAndRoom(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		query    string
		wantRole Role
		wantRoom string
		ok       bool
	}{
		{"role=tap", RoleTap, "", true},
		{"role=tap&room=demo", RoleTap, "demo", true},
		{"role=dashboard&room=*", RoleDashboard, "*", true},
		{"role=driver&token=x", RoleDriver, "", true},
		{"", "", "", false},
		{"role=admin", "", "", false},
		{"role=Tap", "", "", false},
		{"role=tap&room=*", "", "", false},
		{"role=dashboard&room=bad%20room", "", "", false},
		{"role=tap&role=driver", "", "", false},
		{"role=tap&debug=1", "", "", false},
	} {
		q, _ := url.ParseQuery(tc.query)
		role, room, ref := roleAndRoom(q)
		if (ref == nil) != tc.ok || role != tc.wantRole || room != tc.wantRoom {
			t.Errorf("roleAndRoom(%q): got %q %q %v; want %q %q ok=%v", tc.query, role, room, ref, tc.wantRole, tc.wantRoom, tc.ok)
		}
	}
}

func TestSameSecret(t *testing.T) {
	t.Parallel()
	if !sameSecret(testToken, testToken) || sameSecret(testToken, testToken+"x") || sameSecret("", testToken) {
		t.Error("sameSecret: wrong answer")
	}
}
