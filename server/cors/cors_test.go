package cors

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// chain builds the real handler chain a case runs through and reports
// whether the inner handler ran.
func chain(t testing.TB, tc *testCase) (http.Handler, *bool) {
	t.Helper()
	m, err := New(*tc.cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ran := new(bool)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*ran = true
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	wrapped := m.Wrap(inner)
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, v := range tc.preVary {
			w.Header().Add("Vary", v)
		}
		wrapped.ServeHTTP(w, r)
	})
	return outer, ran
}

// corsHeaders keeps only Vary and Access-Control-* headers.
func corsHeaders(hdr http.Header) http.Header {
	out := http.Header{}
	for k, v := range hdr {
		if k == "Vary" || strings.HasPrefix(k, "Access-Control-") {
			out[k] = v
		}
	}
	return out
}

func newRequest(tc *testCase) *http.Request {
	r := httptest.NewRequest(tc.method, "http://api.localhost:8081/data", nil)
	for k, vs := range tc.req {
		r.Header[k] = append([]string(nil), vs...)
	}
	return r
}

func TestMiddleware(t *testing.T) {
	for i := range cases {
		tc := &cases[i]
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handler, ran := chain(t, tc)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, newRequest(tc))
			desc := tc.method + " " + formatHeader(tc.req)
			if rec.Code != tc.status {
				t.Errorf("%s: got status %d; want %d", desc, rec.Code, tc.status)
			}
			if *ran != tc.handler {
				t.Errorf("%s: got handler ran %t; want %t", desc, *ran, tc.handler)
			}
			if got := corsHeaders(rec.Header()); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s:\ngot  %v\nwant %v", desc, got, tc.want)
			}
			if tc.handler && rec.Body.String() != "ok" {
				t.Errorf("%s: got body %q; want %q", desc, rec.Body.String(), "ok")
			}
		})
	}
}

func formatHeader(hdr http.Header) string {
	var b strings.Builder
	for k, vs := range hdr {
		for _, v := range vs {
			b.WriteString(k + ": " + quote(v) + "; ")
		}
	}
	return b.String()
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

// TestHeadersSetBeforeHandler checks the handler already sees the CORS
// headers, so a handler that flushes early still sends them.
func TestHeadersSetBeforeHandler(t *testing.T) {
	m, err := New(credsConfig)
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = w.Header().Get(hdrACAO)
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(hdrOrigin, mainOrigin)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if seen != mainOrigin {
		t.Errorf("handler saw ACAO %q; want %q", seen, mainOrigin)
	}
}

// TestZeroMiddleware checks the zero value grants nothing and does not
// panic.
func TestZeroMiddleware(t *testing.T) {
	for _, m := range []*Middleware{nil, new(Middleware)} {
		h := m.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		for _, method := range []string{http.MethodGet, http.MethodOptions} {
			r := httptest.NewRequest(method, "/", nil)
			r.Header.Set(hdrOrigin, mainOrigin)
			r.Header.Set(hdrACRM, "GET")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if got := rec.Header().Get(hdrACAO); got != "" {
				t.Errorf("zero Middleware %s: got ACAO %q; want none", method, got)
			}
		}
	}
}

// TestConfigCopied checks that changing the Config after New has no effect.
func TestConfigCopied(t *testing.T) {
	cfg := Config{Origins: []string{mainOrigin}, Methods: []string{"PUT"}}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Methods[0] = "PATCH"
	if !m.methodAllowed("PUT") || m.methodAllowed("PATCH") {
		t.Errorf("methods changed after New: %q", m.methods)
	}
}
