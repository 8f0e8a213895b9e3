package cors

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchWriter is a ResponseWriter whose header map is reused, so that the
// benchmarks measure the middleware rather than map growth.
type benchWriter struct {
	h    http.Header
	code int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }

var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

func benchRequest(b *testing.B, cfg *Config, r *http.Request) {
	b.Helper()
	m, err := New(*cfg)
	if err != nil {
		b.Fatal(err)
	}
	h := m.Wrap(noop)
	w := &benchWriter{h: make(http.Header, 8)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkAllowedRequest measures the hot path: an allowed, credentialed
// GET. Expect one allocation, the slice backing the header values.
func BenchmarkAllowedRequest(b *testing.B) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(hdrOrigin, mainOrigin)
	benchRequest(b, &credsConfig, r)
}

// BenchmarkCases runs every table case.
func BenchmarkCases(b *testing.B) {
	for i := range cases {
		tc := &cases[i]
		b.Run(tc.name, func(b *testing.B) {
			benchRequest(b, tc.cfg, newRequest(tc))
		})
	}
}
