package jsonp

import "strings"

// callbackCases feeds TestValidCallback, the FuzzValidCallback seeds and
// BenchmarkValidCallback. Each refused name defeats a naive check.
var callbackCases = []struct {
	name  string
	cb    string
	valid bool
}{
	{"plain", "cb", true},
	{"camel case", "handleData", true},
	{"dollar only", "$", true},
	{"underscore only", "_", true},
	{"jQuery style", "jQuery123_456", true},
	{"digits after first", "cb2", true},
	{"proto: valid identifier", "__proto__", true},
	{"eval: valid identifier", "eval", true},
	{"alert: valid identifier", "alert", true},
	{"64 bytes", strings.Repeat("a", 64), true},
	{"65 bytes", strings.Repeat("a", 65), false},
	{"empty", "", false},
	{"leading digit", "1cb", false},
	{"injection after call", "alert(1);cb", false},
	{"call then comment", "cb(1)//", false},
	{"comment tail", "cb//", false},
	{"statement separator", "cb;alert(1)", false},
	{"SOME dotted path", "opener.document.body.firstElementChild.click", false},
	{"single dot", "a.b", false},
	{"bracket access", "a['b']", false},
	{"space", "cb x", false},
	{"leading space", " cb", false},
	{"trailing newline", "cb\n", false},
	{"NUL", "cb\x00", false},
	{"line separator", "cb\u2028", false},
	{"paragraph separator", "cb\u2029", false},
	{"unicode letter", "caf\u00e9", false},
	{"cyrillic lookalike", "\u0441b", false},
	{"unicode escape", `\u0063b`, false},
	{"invalid UTF-8", "cb\xff", false},
	{"hyphen", "my-cb", false},
	{"reserved: function", "function", false},
	{"reserved: this", "this", false},
	{"reserved: null", "null", false},
	{"reserved: let", "let", false},
	{"reserved: await", "await", false},
	{"reserved upper case is fine", "Function", true},
}

// queryCases feeds TestHandler and BenchmarkHandler. The expected body
// follows from status and cb.
var queryCases = []struct {
	name   string
	query  string // raw query string
	status int
	cb     string // the callback a 200 JSONP response must use
}{
	{"no query: JSON", "", 200, ""},
	{"other params: JSON", "a=1&b=2", 200, ""},
	{"valid callback", "callback=cb", 200, "cb"},
	{"valid callback, other params", "x=1&callback=handle_$1", 200, "handle_$1"},
	{"percent-encoded letters decode to a valid name", "callback=%63b", 200, "cb"},
	{"callback key is case-sensitive", "Callback=alert(1)", 200, ""},
	{"percent-encoded key is still checked", "%63allback=a.b", 400, ""},
	{"empty callback", "callback=", 400, ""},
	{"bare callback key", "callback", 400, ""},
	{"repeated callback", "callback=a&callback=b", 400, ""},
	{"repeated identical callback", "callback=cb&callback=cb", 400, ""},
	{"injection", "callback=alert(1)%3Bcb", 400, ""},
	{"call then comment", "callback=cb(1)//", 400, ""},
	{"SOME dotted path", "callback=opener.document.body.firstElementChild.click", 400, ""},
	{"encoded newline", "callback=cb%0a", 400, ""},
	{"encoded NUL", "callback=cb%00", 400, ""},
	{"encoded U+2028", "callback=cb%E2%80%A8", 400, ""},
	{"plus is a space", "callback=a+b", 400, ""},
	{"65 bytes", "callback=" + strings.Repeat("a", 65), 400, ""},
	{"reserved word", "callback=function", 400, ""},
	{"raw semicolon: unparseable query", "callback=cb;alert(1)", 400, ""},
	{"bad percent escape: unparseable query", "callback=cb%zz", 400, ""},
	{"bad escape in other param", "x=%&callback=cb", 400, ""},
}
