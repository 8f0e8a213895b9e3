package model_test

import (
	"fmt"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// The dashboard feeds every frame from the relay into a Store, then shows
// the newest records that pass the person's filter. The gap from seq 2 to
// seq 4 proves one frame never arrived.
func Example() {
	s := model.NewStore(2000)
	for _, frame := range []string{
		`{"op":"welcome","id":"c7","role":"dashboard","limits":{}}`,
		`{"op":"subscribed","room":"*"}`,
		`{"op":"msg","room":"demo","from":"c2","seq":1,"time":"2025-01-02T03:04:05Z","data":{"v":1,"time":1735787045000,"dir":"out","from":"http://main.localhost:8080","to":"http://other.localhost:8081","verdict":"sent","channel":"demo","kind":"request","type":"greet","payload":"{\"name\":\"Ada\"}"}}`,
		`{"op":"msg","room":"demo","from":"c2","seq":2,"time":"2025-01-02T03:04:05Z","data":{"v":1,"time":1735787045002,"dir":"in","from":"http://other.localhost:8081","to":"http://main.localhost:8080","verdict":"accepted","channel":"demo","kind":"response","type":"greet","latency":1.8}}`,
		`{"op":"msg","room":"demo","from":"c2","seq":4,"time":"2025-01-02T03:04:06Z","data":{"v":1,"time":1735787046000,"dir":"in","from":"http://main.localhost.evil.localhost:8082","to":"http://main.localhost:8080","verdict":"refused","reason":"ORIGIN_REFUSED","channel":"demo","kind":"event","type":"steal"}}`,
	} {
		s.AddText(frame)
	}

	rows, matched := model.Select(s.Records(), model.Filter{Verdict: "refused"}, 200)
	fmt.Println("refused:", matched)
	for _, r := range rows {
		fmt.Println(model.FormatTime(r.Time, nil), r.From, r.Reason, r.Type)
	}
	st := s.Stats()
	fmt.Printf("received %d, lost %d, dropped %d\n", st.Received, st.Lost, st.Dropped)
	c := s.Counters()
	fmt.Printf("sent %d, accepted %d, refused %d %v\n", c.Sent, c.Accepted, c.Refused, c.Reasons())
	// Output:
	// refused: 1
	// 03:04:06.000 http://main.localhost.evil.localhost:8082 ORIGIN_REFUSED steal
	// received 3, lost 1, dropped 0
	// sent 1, accepted 1, refused 1 [{ORIGIN_REFUSED 1}]
}

// Payloads arrive as JSON text; the expanded row shows them indented, in
// their own member order.
func ExamplePretty() {
	out, ok := model.Pretty(`{"name":"Ada","tags":["x","y"]}`)
	fmt.Println(ok)
	fmt.Println(out)
	// Output:
	// true
	// {
	//   "name": "Ada",
	//   "tags": [
	//     "x",
	//     "y"
	//   ]
	// }
}

// The chart summary under the sparkline.
func ExampleSummarize() {
	s := model.Summarize([]float64{0.4, 0.5, 0.6, 12, 0.5})
	fmt.Printf("%d messages, p50 %s, p95 %s, max %s\n", s.Count,
		model.FormatLatency(s.P50), model.FormatLatency(s.P95), model.FormatLatency(s.Max))
	// Output:
	// 5 messages, p50 0.50 ms, p95 12.0 ms, max 12.0 ms
}
