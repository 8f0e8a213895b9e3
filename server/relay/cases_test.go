package relay

import "strings"

// frameCase is one client frame and what decodeFrame must make of it. The
// table feeds TestDecodeFrame, FuzzDecodeFrame's seeds and
// BenchmarkDecodeFrame.
type frameCase struct {
	name  string
	in    string
	code  Code   // "" when the frame is valid
	op    string // when valid
	room  string // when valid
	items []string
	id    string // echoed id, valid or not
	src   string // pub: source id for duplicate detection
	n     uint64 // pub: number of the first item
}

const testMaxBatch = 4

var frameCases = []frameCase{
	// Valid frames.
	{name: "ping", in: `{"op":"ping"}`, op: opPing},
	{name: "ping with id", in: `{"op":"ping","id":"r1"}`, op: opPing, id: "r1"},
	{name: "sub", in: `{"op":"sub","room":"demo"}`, op: opSub, room: "demo"},
	{name: "sub all", in: `{"op":"sub","room":"*"}`, op: opSub, room: "*"},
	{name: "unsub", in: `{"op":"unsub","room":"a.b:c-d_e"}`, op: opUnsub, room: "a.b:c-d_e"},
	{name: "pub data", in: `{"op":"pub","room":"demo","data":{"k": 1}}`, op: opPub, room: "demo", items: []string{`{"k":1}`}},
	{name: "pub batch", in: `{"op":"pub","room":"demo","batch":[{"a":1}, {"b":[2]}]}`, op: opPub, room: "demo", items: []string{`{"a":1}`, `{"b":[2]}`}},
	{name: "whitespace around", in: " \n{ \"op\" : \"ping\" }\n ", op: opPing},
	{name: "escaped key", in: `{"o\u0070":"ping"}`, op: opPing},
	{name: "longest room", in: `{"op":"sub","room":"` + strings.Repeat("r", 64) + `"}`, op: opSub, room: strings.Repeat("r", 64)},
	{name: "unicode in data", in: `{"op":"pub","room":"r","data":{"s":"é\u00e9😀"}}`, op: opPub, room: "r", items: []string{`{"s":"é\u00e9😀"}`}},

	{name: "pub numbered", in: `{"op":"pub","room":"demo","src":"p-1a.b","n":7,"batch":[{},{"a":1}]}`, op: opPub, room: "demo",
		items: []string{`{}`, `{"a":1}`}, src: "p-1a.b", n: 7},
	{name: "pub numbered largest", in: `{"n":9007199254740991,"src":"x","op":"pub","room":"r","data":{}}`, op: opPub, room: "r",
		items: []string{`{}`}, src: "x", n: 1<<53 - 1},

	// Numbering: src and n together, a room-rule src, an integer n in 1…2^53-1.
	{name: "src without n", in: `{"op":"pub","room":"r","src":"p1","data":{}}`, code: CodeBadFrame},
	{name: "n without src", in: `{"op":"pub","room":"r","n":1,"data":{}}`, code: CodeBadFrame},
	{name: "n zero", in: `{"op":"pub","room":"r","src":"p1","n":0,"data":{}}`, code: CodeBadFrame},
	{name: "n negative", in: `{"op":"pub","room":"r","src":"p1","n":-1,"data":{}}`, code: CodeBadFrame},
	{name: "n fraction", in: `{"op":"pub","room":"r","src":"p1","n":1.5,"data":{}}`, code: CodeBadFrame},
	{name: "n exponent", in: `{"op":"pub","room":"r","src":"p1","n":1e3,"data":{}}`, code: CodeBadFrame},
	{name: "n string", in: `{"op":"pub","room":"r","src":"p1","n":"7","data":{}}`, code: CodeBadFrame},
	{name: "n too big", in: `{"op":"pub","room":"r","src":"p1","n":9007199254740992,"data":{}}`, code: CodeBadFrame},
	{name: "src bad", in: `{"op":"pub","room":"r","src":"a b","n":1,"data":{}}`, code: CodeBadFrame},
	{name: "src number", in: `{"op":"pub","room":"r","src":1,"n":1,"data":{}}`, code: CodeBadFrame},
	{name: "src empty", in: `{"op":"pub","room":"r","src":"","n":1,"data":{}}`, code: CodeBadFrame},
	{name: "duplicate n", in: `{"op":"pub","room":"r","src":"p","n":1,"n":2,"data":{}}`, code: CodeBadFrame},
	{name: "ping with src", in: `{"op":"ping","src":"p1"}`, code: CodeBadFrame},
	{name: "sub with n", in: `{"op":"sub","room":"r","n":1}`, code: CodeBadFrame},

	// Not a JSON object.
	{name: "empty", in: ``, code: CodeBadFrame},
	{name: "not json", in: `op=ping`, code: CodeBadFrame},
	{name: "array", in: `[{"op":"ping"}]`, code: CodeBadFrame},
	{name: "string", in: `"ping"`, code: CodeBadFrame},
	{name: "truncated", in: `{"op":"ping"`, code: CodeBadFrame},
	{name: "trailing comma", in: `{"op":"ping",}`, code: CodeBadFrame},
	{name: "two objects", in: `{"op":"ping"}{"op":"ping"}`, code: CodeBadFrame},
	{name: "trailing garbage", in: `{"op":"ping"} x`, code: CodeBadFrame},
	{name: "invalid utf8", in: "{\"op\":\"pub\",\"room\":\"r\",\"data\":{\"s\":\"\xff\"}}", code: CodeBadFrame},
	{name: "deep nesting", in: `{"op":"pub","room":"r","data":{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`, code: CodeBadFrame},

	// Members: exact names only (encoding/json alone would fold case and let
	// the last duplicate win).
	{name: "upper-case key", in: `{"OP":"ping"}`, code: CodeBadFrame},
	{name: "mixed-case key", in: `{"op":"pub","Room":"demo","data":{}}`, code: CodeBadFrame},
	{name: "duplicate op", in: `{"op":"sub","op":"pub","room":"r","data":{}}`, code: CodeBadFrame},
	{name: "duplicate room", in: `{"op":"sub","room":"a","room":"b"}`, code: CodeBadFrame},
	{name: "unknown member", in: `{"op":"ping","extra":1}`, code: CodeBadFrame},
	{name: "from forged", in: `{"op":"pub","room":"r","data":{},"from":"server"}`, code: CodeBadFrame},
	{name: "seq forged", in: `{"op":"pub","room":"r","data":{},"seq":1}`, code: CodeBadFrame},

	// op.
	{name: "missing op", in: `{"room":"demo"}`, code: CodeBadFrame},
	{name: "null op", in: `{"op":null}`, code: CodeBadFrame},
	{name: "number op", in: `{"op":1}`, code: CodeBadFrame},
	{name: "unknown op", in: `{"op":"publish","room":"r"}`, code: CodeUnknownOp},
	{name: "op wrong case", in: `{"op":"Pub","room":"r","data":{}}`, code: CodeUnknownOp},
	{name: "op with space", in: `{"op":"pub ","room":"r","data":{}}`, code: CodeUnknownOp},

	// id.
	{name: "id number", in: `{"op":"ping","id":7}`, code: CodeBadFrame},
	{name: "id with quote", in: `{"op":"ping","id":"a\"b"}`, code: CodeBadFrame},
	{name: "id kept on error", in: `{"op":"pub","id":"r9","room":"bad room","data":{}}`, code: CodeBadRoom, id: "r9"},

	// Members an op does not take.
	{name: "ping with room", in: `{"op":"ping","room":"r"}`, code: CodeBadFrame},
	{name: "sub with data", in: `{"op":"sub","room":"r","data":{}}`, code: CodeBadFrame},

	// Rooms.
	{name: "missing room", in: `{"op":"pub","data":{}}`, code: CodeBadRoom},
	{name: "null room", in: `{"op":"sub","room":null}`, code: CodeBadRoom},
	{name: "number room", in: `{"op":"sub","room":5}`, code: CodeBadRoom},
	{name: "empty room", in: `{"op":"sub","room":""}`, code: CodeBadRoom},
	{name: "room too long", in: `{"op":"sub","room":"` + strings.Repeat("r", 65) + `"}`, code: CodeBadRoom},
	{name: "room leading dot", in: `{"op":"sub","room":".demo"}`, code: CodeBadRoom},
	{name: "room leading dash", in: `{"op":"sub","room":"-demo"}`, code: CodeBadRoom},
	{name: "room with slash", in: `{"op":"sub","room":"demo/x"}`, code: CodeBadRoom},
	{name: "room with NUL", in: `{"op":"sub","room":"demo\u0000"}`, code: CodeBadRoom},
	{name: "room look-alike", in: `{"op":"sub","room":"d\u0435mo"}`, code: CodeBadRoom}, // Cyrillic е
	{name: "room html", in: `{"op":"sub","room":"<img>"}`, code: CodeBadRoom},
	{name: "pub to all", in: `{"op":"pub","room":"*","data":{}}`, code: CodeBadRoom},
	{name: "room star suffix", in: `{"op":"sub","room":"demo*"}`, code: CodeBadRoom},

	// Payloads.
	{name: "pub without payload", in: `{"op":"pub","room":"r"}`, code: CodeBadFrame},
	{name: "pub data and batch", in: `{"op":"pub","room":"r","data":{},"batch":[{}]}`, code: CodeBadFrame},
	{name: "data string", in: `{"op":"pub","room":"r","data":"x"}`, code: CodeBadFrame},
	{name: "data null", in: `{"op":"pub","room":"r","data":null}`, code: CodeBadFrame},
	{name: "data array", in: `{"op":"pub","room":"r","data":[{}]}`, code: CodeBadFrame},
	{name: "batch object", in: `{"op":"pub","room":"r","batch":{}}`, code: CodeBadFrame},
	{name: "batch null", in: `{"op":"pub","room":"r","batch":null}`, code: CodeBadFrame},
	{name: "batch empty", in: `{"op":"pub","room":"r","batch":[]}`, code: CodeBadFrame},
	{name: "batch number item", in: `{"op":"pub","room":"r","batch":[{},1]}`, code: CodeBadFrame},
	{name: "batch too long", in: `{"op":"pub","room":"r","batch":[{},{},{},{},{}]}`, code: CodeTooLarge},
}
