package jsonp

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func BenchmarkValidCallback(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, tc := range callbackCases {
			ValidCallback(tc.cb)
		}
	}
}

func BenchmarkBody(b *testing.B) {
	js := []byte(testJSON)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Body("handleData", js); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHandler(b *testing.B) {
	for _, tc := range queryCases {
		b.Run(tc.name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/data?"+tc.query, nil)
			b.ReportAllocs()
			for b.Loop() {
				testHandler.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
