package cors

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/origin"
)

// FuzzMiddleware sends arbitrary requests through the middleware. It must
// never panic, never grant an origin that is not configured (ACAO is absent
// or byte-equal to the single request Origin and to a configured origin),
// never let a preflight reach the handler and always add Vary.
func FuzzMiddleware(f *testing.F) {
	for _, tc := range cases {
		o := tc.req[hdrOrigin]
		f.Add(tc.method, at(o, 0), at(o, 1), len(o) > 1,
			at(tc.req[hdrACRM], 0), len(tc.req[hdrACRM]) > 0,
			strings.Join(tc.req[hdrACRH], ","))
	}
	m, err := New(credsConfig)
	if err != nil {
		f.Fatal(err)
	}
	allowed := map[string]bool{}
	for _, s := range credsConfig.Origins {
		o, err := origin.Parse(s)
		if err != nil {
			f.Fatal(err)
		}
		allowed[o.String()] = true
	}
	f.Fuzz(func(t *testing.T, method, o1, o2 string, twoOrigins bool, acrm string, hasACRM bool, acrh string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Method = method
		r.Header = http.Header{hdrOrigin: {o1}}
		if twoOrigins {
			r.Header[hdrOrigin] = append(r.Header[hdrOrigin], o2)
		}
		if hasACRM {
			r.Header[hdrACRM] = []string{acrm}
		}
		if acrh != "" {
			r.Header[hdrACRH] = []string{acrh}
		}
		ran := false
		rec := httptest.NewRecorder()
		m.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { ran = true })).ServeHTTP(rec, r)

		isPreflight := method == http.MethodOptions && hasACRM
		if isPreflight && ran {
			t.Errorf("preflight %q reached the handler", acrm)
		}
		if !isPreflight && !ran {
			t.Errorf("%s request did not reach the handler", method)
		}
		if !strings.Contains(strings.Join(rec.Header()["Vary"], ","), "Origin") {
			t.Errorf("Vary %q lacks Origin", rec.Header()["Vary"])
		}
		acao, granted := rec.Header()[hdrACAO]
		if !granted {
			for k := range rec.Header() {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("Origin %q: got %s without ACAO", o1, k)
				}
			}
			return
		}
		if len(acao) != 1 || twoOrigins || acao[0] != o1 || !allowed[acao[0]] {
			t.Errorf("Origins %q, %q (two: %t): got ACAO %q; want absent or an allowed origin",
				o1, o2, twoOrigins, acao)
		}
	})
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
