package jsonp

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
)

func TestValidCallback(t *testing.T) {
	for _, tc := range callbackCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := ValidCallback(tc.cb); got != tc.valid {
				t.Errorf("ValidCallback(%q): got %t; want %t", tc.cb, got, tc.valid)
			}
		})
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name string
		cb   string
		js   string
		want string
		err  error
	}{
		{"object", "cb", `{"a":1}`, `/**/ typeof cb === 'function' && cb({"a":1});`, nil},
		{"raw U+2028 and U+2029 in a string", "cb", "[\"a\u2028b\u2029c\"]",
			`/**/ typeof cb === 'function' && cb(["a\u2028b\u2029c"]);`, nil},
		{"script close tag", "cb", `"</script><script>alert(1)</script>"`,
			`/**/ typeof cb === 'function' && cb("\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e");`, nil},
		{"ampersand", "cb", `"a&b"`, `/**/ typeof cb === 'function' && cb("a\u0026b");`, nil},
		{"invalid callback", "a.b", `1`, "", ErrCallback},
		{"code after JSON", "cb", `1);alert(1);(1`, "", ErrJSON},
		{"statement after JSON", "cb", "{}\n;alert(1)", "", ErrJSON},
		{"empty JSON", "cb", ``, "", ErrJSON},
		{"JavaScript, not JSON", "cb", `{a:1}`, "", ErrJSON},
		{"invalid UTF-8 in string", "cb", "\"\xff\"", "", ErrJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Body(tt.cb, []byte(tt.js))
			if !errors.Is(err, tt.err) || string(got) != tt.want {
				t.Errorf("Body(%q, %q): got %q, %v; want %q, %v", tt.cb, tt.js, got, err, tt.want, tt.err)
			}
		})
	}
}

// testData is what the test handler serves: strings that need escaping.
var testData = map[string]string{"msg": "a\u2028b\u2029</script>&"}

const testJSON = `{"msg":"a\u2028b\u2029\u003c/script\u003e\u0026"}`

var testHandler = Handler(func(*http.Request) (any, error) { return testData, nil })

func TestHandler(t *testing.T) {
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				rec := httptest.NewRecorder()
				testHandler.ServeHTTP(rec, httptest.NewRequest(method, "/data?"+tc.query, nil))
				wantType, wantBody := "application/json; charset=utf-8", testJSON
				switch {
				case tc.status == http.StatusBadRequest:
					wantBody = `{"error":"invalid callback"}`
					if _, err := url.ParseQuery(tc.query); err != nil {
						wantBody = `{"error":"invalid query"}`
					}
				case tc.cb != "":
					wantType = "text/javascript; charset=utf-8"
					wantBody = "/**/ typeof " + tc.cb + " === 'function' && " + tc.cb + "(" + testJSON + ");"
				}
				want := map[string]string{
					"Content-Type":           wantType,
					"X-Content-Type-Options": "nosniff",
					"Cache-Control":          "no-store",
					"Content-Length":         strconv.Itoa(len(wantBody)),
				}
				if tc.cb != "" {
					want["Content-Disposition"] = "attachment; filename=f.txt"
				}
				if method == http.MethodHead {
					wantBody = ""
				}
				checkResponse(t, method+" ?"+tc.query, rec, tc.status, want, wantBody)
			}
		})
	}
}

// checkResponse compares status, the exact header set and the body.
func checkResponse(t *testing.T, desc string, rec *httptest.ResponseRecorder, status int, want map[string]string, body string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("%s: got status %d; want %d", desc, rec.Code, status)
	}
	if len(rec.Header()) != len(want) {
		t.Errorf("%s: got headers %v; want %v", desc, rec.Header(), want)
	}
	for k, v := range want {
		if got := rec.Header()[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s: got %s %q; want %q", desc, k, got, v)
		}
	}
	if got := rec.Body.String(); got != body {
		t.Errorf("%s: got body %q; want %q", desc, got, body)
	}
}

func TestHandlerMethods(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions, "BREW"} {
		rec := httptest.NewRecorder()
		testHandler.ServeHTTP(rec, httptest.NewRequest(method, "/data?callback=cb", nil))
		body := `{"error":"method not allowed"}`
		checkResponse(t, method, rec, http.StatusMethodNotAllowed, map[string]string{
			"Allow":                  "GET, HEAD",
			"Content-Type":           "application/json; charset=utf-8",
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "no-store",
			"Content-Length":         strconv.Itoa(len(body)),
		}, body)
	}
}

func TestHandlerFailures(t *testing.T) {
	tests := []struct {
		name string
		data func(*http.Request) (any, error)
	}{
		{"nil data", nil},
		{"data error is not echoed", func(*http.Request) (any, error) {
			return nil, errors.New("secret: db password wrong")
		}},
		{"unmarshalable value", func(*http.Request) (any, error) { return func() {}, nil }},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		Handler(tt.data).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?callback=cb", nil))
		if rec.Code != http.StatusInternalServerError || rec.Body.String() != `{"error":"internal error"}` {
			t.Errorf("%s: got %d %q; want 500 internal error", tt.name, rec.Code, rec.Body.String())
		}
	}
}

// TestHandlerEscapesSeparators checks the JSONP body decodes back to the
// data while holding no raw U+2028, U+2029, '<', '>' or '&'.
func TestHandlerEscapesSeparators(t *testing.T) {
	rec := httptest.NewRecorder()
	testHandler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?callback=cb", nil))
	body := rec.Body.Bytes()
	inner := bytes.TrimSuffix(bytes.TrimPrefix(body, []byte("/**/ typeof cb === 'function' && cb(")), []byte(");"))
	for _, bad := range []string{"\u2028", "\u2029", "<", ">", "&"} {
		if bytes.Contains(inner, []byte(bad)) {
			t.Errorf("JSON %q contains raw %q", inner, bad)
		}
	}
	var got map[string]string
	if err := json.Unmarshal(inner, &got); err != nil || got["msg"] != testData["msg"] {
		t.Errorf("decoded %q: got %q, %v; want %q", inner, got, err, testData)
	}
}
