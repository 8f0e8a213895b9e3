package model_test

import "github.com/postbridge/postbridge/wasm/dashboard/model"

// frameCase is one row of the table that feeds TestParseFrame, the seeds
// of FuzzParseFrame and BenchmarkParseFrame. Exactly one of want and err
// is meaningful.
type frameCase struct {
	in   string
	want model.Frame // Data compared as text
	err  error
}

const tapRefused = `{"v":1,"time":1735787045123.456,"page":"http://main.localhost.evil.localhost:8082/","self":"http://other.localhost:8081","dir":"in","from":"http://main.localhost.evil.localhost:8082","to":"http://other.localhost:8081","verdict":"refused","reason":"ORIGIN_REFUSED","detail":"origin is not the configured origin","channel":"demo","kind":"event","type":"steal","payload":"{\"x\":1}"}`

var frameCases = []frameCase{
	{in: `{"op":"welcome","id":"c12","role":"dashboard","limits":{"maxFrame":262144}}`,
		want: model.Frame{Op: "welcome", ID: "c12"}},
	{in: `{"op":"subscribed","room":"*"}`, want: model.Frame{Op: "subscribed", Room: "*"}},
	{in: `{"op":"welcome","id":"c1","epoch":"5f0c2a9e41d7b3c8","role":"dashboard"}`,
		want: model.Frame{Op: "welcome", ID: "c1", Epoch: "5f0c2a9e41d7b3c8"}},
	{in: `{"op":"subscribed","room":"*","replay":12}`, want: model.Frame{Op: "subscribed", Room: "*", Replay: 12}},
	{in: `{"op":"subscribed","room":"*","replay":-3}`, want: model.Frame{Op: "subscribed", Room: "*"}},
	{in: `{"op":"msg","history":true,"room":"demo","from":"c2","seq":3,"time":"t","data":{}}`,
		want: model.Frame{Op: "msg", History: true, Room: "demo", From: "c2", Seq: 3, Time: "t", Data: []byte(`{}`)}},
	{in: `{"op":"dropped","count":37}`, want: model.Frame{Op: "dropped", Count: 37}},
	{in: `{"op":"error","code":"FORBIDDEN","message":"no","id":"r1"}`,
		want: model.Frame{Op: "error", Code: "FORBIDDEN", Message: "no", ID: "r1"}},
	{in: `{"op":"msg","room":"demo","from":"c2","origin":"http://other.localhost:8081","seq":7,"time":"2025-01-02T03:04:05.123456789Z","data":` + tapRefused + `}`,
		want: model.Frame{Op: "msg", Room: "demo", From: "c2", Origin: "http://other.localhost:8081", Seq: 7,
			Time: "2025-01-02T03:04:05.123456789Z", Data: []byte(tapRefused)}},
	{in: `{"op":"msg","room":"r","from":"server","seq":1,"time":"t","data":{},"later":"ignored"}`,
		want: model.Frame{Op: "msg", Room: "r", From: "server", Seq: 1, Time: "t", Data: []byte(`{}`)}},
	{in: ` {"op":"pong"} `, want: model.Frame{Op: "pong"}},
	{in: `{"op":"something-new","x":[1,2]}`, want: model.Frame{Op: "something-new"}},

	{in: ``, err: model.ErrNotJSON},
	{in: `[]`, err: model.ErrNotJSON},
	{in: `"op"`, err: model.ErrNotJSON},
	{in: `{"op":"msg"`, err: model.ErrNotJSON},
	{in: `{"op":"msg"}}`, err: model.ErrNotJSON},
	{in: `{"op":1}`, err: model.ErrNoOp},
	{in: `{"room":"demo"}`, err: model.ErrNoOp},
	{in: `{"op":null}`, err: model.ErrNoOp},
	{in: `{"op":"msg","room":"demo","seq":1,"data":{}}`, err: model.ErrBadMsg},
	{in: `{"op":"msg","room":"demo","from":"c1","data":{}}`, err: model.ErrBadMsg},
	{in: `{"op":"msg","room":"demo","from":"c1","seq":1}`, err: model.ErrBadMsg},
	{in: `{"op":"msg","room":"demo","from":"c1","seq":1,"data":[1]}`, err: model.ErrBadMsg},
	{in: `{"op":"msg","room":"demo","from":"c1","seq":-1,"data":{}}`, err: model.ErrBadMember},
	{in: `{"op":"dropped","count":"many"}`, err: model.ErrBadMember},
	{in: `{"op":"msg","history":"yes","room":"demo","from":"c1","seq":1,"data":{}}`, err: model.ErrBadMember},
}

// recordCase is one row of the table that feeds TestParseRecord and the
// seeds of FuzzParseRecord.
type recordCase struct {
	in   string
	want model.Record
	err  error
}

var recordCases = []recordCase{
	{in: tapRefused, want: model.Record{Time: 1735787045123.456, Page: "http://main.localhost.evil.localhost:8082/",
		Self: "http://other.localhost:8081", Dir: "in", From: "http://main.localhost.evil.localhost:8082",
		To: "http://other.localhost:8081", Verdict: "refused", Reason: "ORIGIN_REFUSED",
		Detail: "origin is not the configured origin", Channel: "demo", Kind: "event", Type: "steal", Payload: `{"x":1}`}},
	{in: `{"v":1,"time":5,"dir":"out","from":"a","to":"b","verdict":"sent","channel":"c","kind":"request","type":"greet","latency":12.5,"dropped":3}`,
		want: model.Record{Time: 5, Dir: "out", From: "a", To: "b", Verdict: "sent", Channel: "c", Kind: "request", Type: "greet", Latency: 12.5, Dropped: 3}},
	{in: `{"v":1,"verdict":"accepted","latency":-4,"future":{"x":1}}`, want: model.Record{Verdict: "accepted"}},
	{in: `{"v":1.0}`, want: model.Record{}},

	{in: `{"decision":"refused"}`, err: model.ErrNotRecord},
	{in: `{"v":"1"}`, err: model.ErrBadMember},
	{in: `{"v":1,"time":"yesterday"}`, err: model.ErrBadMember},
	{in: `{"v":1,"latency":"fast"}`, err: model.ErrBadMember},
	{in: `{"v":2,"verdict":"sent"}`, err: model.ErrVersion},
	{in: `{"v":0}`, err: model.ErrVersion},
	{in: `null`, err: model.ErrNotJSON},
	{in: `{`, err: model.ErrNotJSON},
}
