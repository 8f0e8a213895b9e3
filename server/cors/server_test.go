package cors

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestOverLoopback runs real HTTP through a listening server, so header
// canonicalisation, 204 handling and Vary travel the wire.
func TestOverLoopback(t *testing.T) {
	m, err := New(credsConfig)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		_, _ = io.WriteString(w, "data")
	})))
	defer srv.Close()

	tests := []struct {
		name   string
		method string
		hdr    http.Header
		status int
		body   string
		want   http.Header
	}{
		{"allowed GET", http.MethodGet, h("origin", mainOrigin), http.StatusOK, "data", grantMain},
		{"evil GET", http.MethodGet, h("origin", evilOrigin), http.StatusOK, "data", varyOnly},
		{"null GET", http.MethodGet, h("origin", "null"), http.StatusOK, "data", varyOnly},
		{"two Origins", http.MethodGet, h("origin", mainOrigin, "origin", mainOrigin),
			http.StatusOK, "data", varyOnly},
		{"allowed preflight", http.MethodOptions,
			h("origin", mainOrigin, "access-control-request-method", "PUT",
				"access-control-request-headers", "x-postbridge-token"),
			http.StatusNoContent, "", preflightMain},
		{"evil preflight", http.MethodOptions,
			h("origin", evilOrigin, "access-control-request-method", "PUT"),
			http.StatusForbidden, "", varyOptOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+"/data", nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range tt.hdr {
				for _, v := range vs {
					req.Header.Add(k, v) // canonicalises lower-case names
				}
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("%s %v: got %d %q; want %d %q",
					tt.method, tt.hdr, res.StatusCode, body, tt.status, tt.body)
			}
			if got := corsHeaders(res.Header); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s %v:\ngot  %v\nwant %v", tt.method, tt.hdr, got, tt.want)
			}
		})
	}
}
