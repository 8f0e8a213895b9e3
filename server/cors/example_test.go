package cors_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/postbridge/postbridge/server/cors"
	"github.com/postbridge/postbridge/wasm/origin"
)

func Example() {
	m, err := cors.New(cors.Config{
		Origins:        []string{"http://main.localhost:8080"},
		Methods:        []string{http.MethodPut},
		RequestHeaders: []string{"Content-Type"},
		Credentials:    true,
		MaxAge:         time.Hour,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	api := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ok":true}`)
	}))

	for _, o := range []string{"http://main.localhost:8080", "http://evil.localhost:8082", "null"} {
		r := httptest.NewRequest(http.MethodGet, "/api", nil)
		r.Header.Set("Origin", o)
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		fmt.Printf("%-27s ACAO=%q ACAC=%q Vary=%q\n", o,
			w.Header().Get("Access-Control-Allow-Origin"),
			w.Header().Get("Access-Control-Allow-Credentials"),
			w.Header().Get("Vary"))
	}
	// Output:
	// http://main.localhost:8080  ACAO="http://main.localhost:8080" ACAC="true" Vary="Origin"
	// http://evil.localhost:8082  ACAO="" ACAC="" Vary="Origin"
	// null                        ACAO="" ACAC="" Vary="Origin"
}

func ExampleMiddleware_Wrap_preflight() {
	m, err := cors.New(cors.Config{
		Origins:        []string{"http://main.localhost:8080"},
		Methods:        []string{http.MethodPut},
		RequestHeaders: []string{"Content-Type"},
		MaxAge:         10 * time.Minute,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	api := m.Wrap(http.NotFoundHandler()) // preflights never reach it

	for _, method := range []string{http.MethodPut, http.MethodPatch} {
		r := httptest.NewRequest(http.MethodOptions, "/api", nil)
		r.Header.Set("Origin", "http://main.localhost:8080")
		r.Header.Set("Access-Control-Request-Method", method)
		r.Header.Set("Access-Control-Request-Headers", "content-type")
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		fmt.Println(method, w.Code,
			w.Header().Get("Access-Control-Allow-Methods"),
			w.Header().Get("Access-Control-Allow-Headers"),
			w.Header().Get("Access-Control-Max-Age"))
	}
	// Output:
	// PUT 204 PUT content-type 600
	// PATCH 403
}

// A configuration that reflects everything is refused, with every mistake
// listed.
func ExampleNew_incorrect() {
	_, err := cors.New(cors.Config{
		Origins:        []string{"*", "http://main.localhost:8080/api"},
		Methods:        []string{"TRACE"},
		RequestHeaders: []string{"*"},
		Credentials:    true,
		MaxAge:         48 * time.Hour,
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, cors.ErrOrigin), errors.Is(err, origin.ErrWildcard),
		errors.Is(err, cors.ErrMethod), errors.Is(err, cors.ErrHeader),
		errors.Is(err, cors.ErrMaxAge))
	// Output:
	// cors: bad origin: origin: parse "*": wildcards are not allowed (list each origin exactly)
	// cors: bad origin: origin: parse "http://main.localhost:8080/api": a path is not allowed (an origin ends after the host and port; only one trailing "/" is tolerated)
	// cors: bad method "TRACE": forbidden method
	// cors: bad header name "*": wildcard not supported
	// cors: bad max age 48h0m0s: over 24h0m0s
	// true true true true true
}
