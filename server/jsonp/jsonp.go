package jsonp

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// Errors returned by [Body]. They never contain the refused input.
var (
	ErrCallback = errors.New("jsonp: invalid callback")
	ErrJSON     = errors.New("jsonp: invalid JSON")
)

// Fixed bodies of error responses: never built from the request.
const (
	bodyBadCallback = `{"error":"invalid callback"}`
	bodyBadQuery    = `{"error":"invalid query"}`
	bodyBadMethod   = `{"error":"method not allowed"}`
	bodyInternal    = `{"error":"internal error"}`
)

const (
	typeJSON = "application/json; charset=utf-8"
	typeJS   = "text/javascript; charset=utf-8"
)

// Body returns the script that passes the JSON text js to the function
// named callback:
//
//	/**/ typeof NAME === 'function' && NAME(JSON);
//
// callback must satisfy [ValidCallback] (else [ErrCallback]) and js must be
// valid JSON in valid UTF-8 (else [ErrJSON]), so raw bytes cannot smuggle
// code. Inside the
// JSON, '<', '>', '&', U+2028 and U+2029 are escaped as \u003c, \u003e,
// \u0026, \u2028 and \u2029: the script then cannot close a surrounding
// <script> element if it is ever inlined, and older engines that treat the
// two separators as line ends cannot be broken by them. The leading
// comment keeps the first bytes of the response fixed, which defeats
// attacks that choose the start of the response (Rosetta Flash).
func Body(callback string, js []byte) ([]byte, error) {
	if !ValidCallback(callback) {
		return nil, ErrCallback
	}
	if !utf8.Valid(js) || !json.Valid(js) {
		return nil, ErrJSON
	}
	var b bytes.Buffer
	b.Grow(len("/**/ typeof  === 'function' && ();") + 2*len(callback) + len(js) + 16)
	b.WriteString("/**/ typeof ")
	b.WriteString(callback)
	b.WriteString(" === 'function' && ")
	b.WriteString(callback)
	b.WriteByte('(')
	json.HTMLEscape(&b, js)
	b.WriteString(");")
	return b.Bytes(), nil
}

// Handler serves the value data returns as JSON, or as JSONP when the query
// has a callback parameter. Any page on the web can load it, with the
// user's cookies, so data must return only public information.
//
// Responses:
//   - methods other than GET and HEAD: 405 with Allow: GET, HEAD;
//   - a query url.ParseQuery refuses: 400 {"error":"invalid query"};
//   - callback repeated, empty or not a [ValidCallback]: 400
//     {"error":"invalid callback"};
//   - data fails or its value does not marshal: 500 {"error":"internal error"};
//   - no callback: 200 application/json;
//   - a valid callback: 200 text/javascript with the [Body] script and
//     Content-Disposition: attachment; filename=f.txt, so that opening the
//     URL directly downloads it instead of rendering it.
//
// Every response carries X-Content-Type-Options: nosniff and
// Cache-Control: no-store, and no error body ever echoes the request.
func Handler(data func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			write(w, r, http.StatusMethodNotAllowed, typeJSON, []byte(bodyBadMethod))
			return
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			write(w, r, http.StatusBadRequest, typeJSON, []byte(bodyBadQuery))
			return
		}
		cbs, jsonpWanted := q["callback"]
		if jsonpWanted && (len(cbs) != 1 || !ValidCallback(cbs[0])) {
			write(w, r, http.StatusBadRequest, typeJSON, []byte(bodyBadCallback))
			return
		}
		if data == nil {
			write(w, r, http.StatusInternalServerError, typeJSON, []byte(bodyInternal))
			return
		}
		v, err := data(r)
		if err != nil {
			write(w, r, http.StatusInternalServerError, typeJSON, []byte(bodyInternal))
			return
		}
		js, err := json.Marshal(v)
		if err != nil {
			write(w, r, http.StatusInternalServerError, typeJSON, []byte(bodyInternal))
			return
		}
		if !jsonpWanted {
			write(w, r, http.StatusOK, typeJSON, js)
			return
		}
		body, err := Body(cbs[0], js)
		if err != nil { // unreachable: both inputs were checked
			write(w, r, http.StatusInternalServerError, typeJSON, []byte(bodyInternal))
			return
		}
		w.Header().Set("Content-Disposition", "attachment; filename=f.txt")
		write(w, r, http.StatusOK, typeJS, body)
	})
}

// write sends one complete response; HEAD gets the headers only.
func write(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
