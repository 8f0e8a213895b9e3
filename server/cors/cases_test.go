package cors

import (
	"net/http"
	"strings"
	"time"
)

// The origins the test configurations allow, in canonical form.
const (
	mainOrigin   = "http://main.localhost:8080"
	legacyOrigin = "http://legacy.localhost" // default port, implied
	evilOrigin   = "http://evil.localhost:8082"
)

// credsConfig is the full policy most cases run against.
var credsConfig = Config{
	Origins:        []string{mainOrigin, legacyOrigin},
	Methods:        []string{"PUT", "DELETE"},
	RequestHeaders: []string{"Content-Type", "X-Postbridge-Token"},
	ExposedHeaders: []string{"X-Request-Id"},
	Credentials:    true,
	MaxAge:         10 * time.Minute,
}

// plainConfig allows one origin and nothing else.
var plainConfig = Config{Origins: []string{mainOrigin}}

const (
	wantACAM = "PUT, DELETE"
	wantACAH = "content-type, x-postbridge-token"
)

// testCase is one request through a real handler chain: an outer handler
// that may set Vary first, the middleware, and an inner handler that
// records that it ran. want holds the exact Vary and Access-Control-*
// headers of the response.
type testCase struct {
	name    string
	cfg     *Config
	method  string
	req     http.Header // request headers, canonical keys
	preVary []string    // Vary values set before the middleware runs
	status  int
	handler bool // whether the wrapped handler must run
	want    http.Header
}

// h builds a header from key, value pairs; a key may repeat.
func h(kv ...string) http.Header {
	out := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = append(out[kv[i]], kv[i+1])
	}
	return out
}

// Expected response headers, named for readability.
var (
	varyOnly    = h("Vary", "Origin")
	varyOptOnly = h("Vary", varyOptions)
	grantMain   = h("Vary", "Origin", hdrACAO, mainOrigin, hdrACAC, "true",
		hdrACEH, "x-request-id")
	preflightMain = h("Vary", varyOptions, hdrACAO, mainOrigin, hdrACAC, "true",
		hdrACAM, wantACAM, hdrACAH, wantACAH, hdrACMA, "600")
)

// actual is a non-preflight GET case.
func actual(name string, cfg *Config, req http.Header, want http.Header) testCase {
	return testCase{name: name, cfg: cfg, method: http.MethodGet, req: req,
		status: http.StatusOK, handler: true, want: want}
}

// refusedGET is a GET whose Origin must not be granted.
func refusedGET(name, o string) testCase {
	return actual(name, &credsConfig, h(hdrOrigin, o), varyOnly)
}

// preflight is an OPTIONS case the middleware answers itself.
func preflight(name string, cfg *Config, req http.Header, status int, want http.Header) testCase {
	return testCase{name: name, cfg: cfg, method: http.MethodOptions, req: req,
		status: status, want: want}
}

// refusedPreflight must get 403 and no grant at all.
func refusedPreflight(name string, req http.Header) testCase {
	return preflight(name, &credsConfig, req, http.StatusForbidden, varyOptOnly)
}

var cases = []testCase{
	// Actual requests.
	actual("allowed GET", &credsConfig, h(hdrOrigin, mainOrigin), grantMain),
	actual("allowed default-port origin", &credsConfig, h(hdrOrigin, legacyOrigin),
		h("Vary", "Origin", hdrACAO, legacyOrigin, hdrACAC, "true", hdrACEH, "x-request-id")),
	actual("no Origin: not CORS, still Vary", &credsConfig, h(), varyOnly),
	actual("allowed, no credentials configured", &plainConfig, h(hdrOrigin, mainOrigin),
		h("Vary", "Origin", hdrACAO, mainOrigin)),
	{name: "allowed POST", cfg: &credsConfig, method: http.MethodPost,
		req: h(hdrOrigin, mainOrigin), status: http.StatusOK, handler: true, want: grantMain},
	{name: "existing Vary kept", cfg: &credsConfig, method: http.MethodGet,
		req: h(hdrOrigin, mainOrigin), preVary: []string{"Accept-Encoding"},
		status: http.StatusOK, handler: true,
		want: h("Vary", "Accept-Encoding", "Vary", "Origin", hdrACAO, mainOrigin,
			hdrACAC, "true", hdrACEH, "x-request-id")},
	{name: "existing Vary kept on refusal", cfg: &credsConfig, method: http.MethodGet,
		req: h(hdrOrigin, evilOrigin), preVary: []string{"Accept-Encoding"},
		status: http.StatusOK, handler: true,
		want: h("Vary", "Accept-Encoding", "Vary", "Origin")},
	{name: "OPTIONS without ACRM is an actual request", cfg: &credsConfig,
		method: http.MethodOptions, req: h(hdrOrigin, mainOrigin),
		status: http.StatusOK, handler: true,
		want: h("Vary", varyOptions, hdrACAO, mainOrigin, hdrACAC, "true",
			hdrACEH, "x-request-id")},
	{name: "OPTIONS without ACRM or Origin", cfg: &credsConfig,
		method: http.MethodOptions, req: h(), status: http.StatusOK, handler: true,
		want: varyOptOnly},

	// Hostile origins on actual requests: each defeats a naive check.
	refusedGET("arbitrary origin (reflection)", evilOrigin),
	refusedGET("null (sandboxed iframe)", "null"),
	refusedGET("empty Origin", ""),
	refusedGET("prefix match: allowed origin as prefix", mainOrigin+".evil.localhost"),
	refusedGET("prefix match: path after origin", mainOrigin+"/evil"),
	refusedGET("suffix match: subdomain", "http://evil.main.localhost:8080"),
	refusedGET("suffix match: no dot", "http://evil-main.localhost:8080"),
	refusedGET("substring match", "http://evil.localhost/"+mainOrigin),
	refusedGET("scheme swap to https", "https://main.localhost:8080"),
	refusedGET("other port", "http://main.localhost:8081"),
	refusedGET("port absent", "http://main.localhost"),
	refusedGET("default port spelled out", "http://legacy.localhost:80"),
	refusedGET("upper case", "HTTP://MAIN.LOCALHOST:8080"),
	refusedGET("mixed-case host", "http://Main.localhost:8080"),
	refusedGET("trailing slash", mainOrigin+"/"),
	refusedGET("leading space (no trimming)", " "+mainOrigin),
	refusedGET("trailing newline", mainOrigin+"\n"),
	refusedGET("NUL suffix", mainOrigin+"\x00"),
	refusedGET("userinfo", "http://main.localhost:8080@evil.localhost:8082"),
	refusedGET("wildcard literal", "*"),
	refusedGET("comma list in one field line", mainOrigin+", "+evilOrigin),
	actual("two Origin field lines, both allowed", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrOrigin, mainOrigin), varyOnly),
	actual("two Origin field lines, evil first", &credsConfig,
		h(hdrOrigin, evilOrigin, hdrOrigin, mainOrigin), varyOnly),
	actual("two Origin field lines, allowed first", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrOrigin, evilOrigin), varyOnly),

	// Preflights.
	preflight("allowed preflight", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "content-type,x-postbridge-token"),
		http.StatusNoContent, preflightMain),
	preflight("allowed preflight, no ACRH", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "DELETE"), http.StatusNoContent, preflightMain),
	preflight("allowed preflight, empty ACRH", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, ""), http.StatusNoContent, preflightMain),
	preflight("safelisted method needs no grant", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "GET", hdrACRH, "x-postbridge-token"),
		http.StatusNoContent, preflightMain),
	preflight("header list: odd whitespace, case, empty elements", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT",
			hdrACRH, " Content-Type ,, \tX-POSTBRIDGE-TOKEN\t,"),
		http.StatusNoContent, preflightMain),
	preflight("header list split over two field lines", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "content-type",
			hdrACRH, "x-postbridge-token"),
		http.StatusNoContent, preflightMain),
	preflight("private network access is not granted", &credsConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT",
			"Access-Control-Request-Private-Network", "true"),
		http.StatusNoContent, preflightMain),
	preflight("plain config: minimal grant", &plainConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "POST"), http.StatusNoContent,
		h("Vary", varyOptions, hdrACAO, mainOrigin)),
	preflight("plain config: no header granted", &plainConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "POST", hdrACRH, "content-type"),
		http.StatusForbidden, varyOptOnly),
	preflight("plain config: no method granted", &plainConfig,
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT"), http.StatusForbidden, varyOptOnly),
	refusedPreflight("preflight from arbitrary origin", h(hdrOrigin, evilOrigin, hdrACRM, "PUT")),
	refusedPreflight("preflight from null", h(hdrOrigin, "null", hdrACRM, "PUT")),
	refusedPreflight("preflight from prefix origin",
		h(hdrOrigin, mainOrigin+".evil.localhost", hdrACRM, "GET")),
	refusedPreflight("preflight without Origin", h(hdrACRM, "PUT")),
	refusedPreflight("preflight with two Origins",
		h(hdrOrigin, mainOrigin, hdrOrigin, mainOrigin, hdrACRM, "PUT")),
	refusedPreflight("method not configured", h(hdrOrigin, mainOrigin, hdrACRM, "PATCH")),
	refusedPreflight("method in wrong case", h(hdrOrigin, mainOrigin, hdrACRM, "put")),
	refusedPreflight("forbidden method", h(hdrOrigin, mainOrigin, hdrACRM, "CONNECT")),
	refusedPreflight("empty method", h(hdrOrigin, mainOrigin, hdrACRM, "")),
	refusedPreflight("method list instead of one method",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT, PATCH")),
	refusedPreflight("two ACRM field lines",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRM, "PUT")),
	refusedPreflight("header not configured",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "content-type,x-evil")),
	refusedPreflight("header as prefix of configured one",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "x-postbridge")),
	refusedPreflight("Kelvin sign folding to k",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "x-postbridge-to\u212aen")),
	refusedPreflight("header with inner space",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "content type")),
	refusedPreflight("wildcard header request",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT", hdrACRH, "*")),
	refusedPreflight("over-long header list",
		h(hdrOrigin, mainOrigin, hdrACRM, "PUT",
			hdrACRH, strings.Repeat("content-type,", maxACRHLen/len("content-type,")+1))),
}
