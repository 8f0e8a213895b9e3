package jsonp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/postbridge/postbridge/server/jsonp"
)

func Example() {
	h := jsonp.Handler(func(*http.Request) (any, error) {
		return map[string]string{"status": "up"}, nil
	})
	for _, target := range []string{
		"/status",
		"/status?callback=onStatus",
		"/status?callback=opener.document.body.firstElementChild.click",
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		fmt.Println(w.Code, w.Header().Get("Content-Type"))
		fmt.Println(w.Body.String())
	}
	// Output:
	// 200 application/json; charset=utf-8
	// {"status":"up"}
	// 200 text/javascript; charset=utf-8
	// /**/ typeof onStatus === 'function' && onStatus({"status":"up"});
	// 400 application/json; charset=utf-8
	// {"error":"invalid callback"}
}

func ExampleValidCallback() {
	for _, name := range []string{"onData", "$", "__proto__", "a.b", "alert(1);cb", "function", "caf\u00e9"} {
		fmt.Printf("%-12q %t\n", name, jsonp.ValidCallback(name))
	}
	// Output:
	// "onData"     true
	// "$"          true
	// "__proto__"  true
	// "a.b"        false
	// "alert(1);cb" false
	// "function"   false
	// "café"       false
}

func ExampleBody() {
	body, err := jsonp.Body("cb", []byte("[\"line\u2028sep\", \"</script>\"]"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	_, err = jsonp.Body("cb", []byte(`1);alert(document.cookie`))
	fmt.Println(err)
	// Output:
	// /**/ typeof cb === 'function' && cb(["line\u2028sep", "\u003c/script\u003e"]);
	// jsonp: invalid JSON
}
