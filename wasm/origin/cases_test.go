package origin_test

import (
	"strings"

	"github.com/postbridge/postbridge/wasm/origin"
)

// parseCase is one row of the table that feeds TestParse, FuzzParse's seeds
// and BenchmarkParse. Exactly one of want and err is set.
type parseCase struct {
	in   string
	want string // canonical serialisation
	err  error  // expected reason
}

var parseCases = []parseCase{
	// Accepted and canonicalised.
	{in: "https://app.example.com", want: "https://app.example.com"},
	{in: "https://app.example.com/", want: "https://app.example.com"},
	{in: "HTTPS://App.Example.COM", want: "https://app.example.com"},
	{in: "http://localhost:8080", want: "http://localhost:8080"},
	{in: "http://main.localhost:8080/", want: "http://main.localhost:8080"},
	{in: "http://localhost:80", want: "http://localhost"},
	{in: "https://localhost:443", want: "https://localhost"},
	{in: "http://localhost:443", want: "http://localhost:443"},
	{in: "https://example.com:80", want: "https://example.com:80"},
	{in: "http://a:1", want: "http://a:1"},
	{in: "http://a:65535", want: "http://a:65535"},
	{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
	{in: "http://[::1]:8080", want: "http://[::1]:8080"},
	{in: "http://[0:0::1]", want: "http://[::1]"},
	{in: "http://[0:0:0:0:0:0:0:1]:8080/", want: "http://[::1]:8080"},
	{in: "http://[2001:DB8::1]", want: "http://[2001:db8::1]"},
	{in: "http://[2001:db8:0:0:1:0:0:1]", want: "http://[2001:db8::1:0:0:1]"},
	{in: "http://[2001:db8:0:1:1:1:1:1]", want: "http://[2001:db8:0:1:1:1:1:1]"},
	{in: "http://[::ffff:127.0.0.1]", want: "http://[::ffff:7f00:1]"},
	{in: "http://[::]", want: "http://[::]"},
	{in: "https://Bücher.example", want: "https://xn--bcher-kva.example"},
	{in: "https://xn--bcher-kva.example/", want: "https://xn--bcher-kva.example"},
	{in: "https://XN--BCHER-KVA.example", want: "https://xn--bcher-kva.example"},
	{in: "https://münchen.de:8443/", want: "https://xn--mnchen-3ya.de:8443"},
	{in: "https://faß.de", want: "https://xn--fa-hia.de"},
	{in: "https://例え.jp", want: "https://xn--r8jz45g.jp"},
	{in: "https://аpple.com", want: "https://xn--pple-43d.com"}, // Cyrillic а: punycode shows it
	{in: "https://ＥＸＡＭＰＬＥ.com", want: "https://example.com"},
	{in: "https://example。com", want: "https://example.com"},
	{in: "http://１２７.０.０.１", want: "http://127.0.0.1"},
	{in: "https://a_b.example.com", want: "https://a_b.example.com"},
	{in: "https://r3---sn-abc.googlevideo.com", want: "https://r3---sn-abc.googlevideo.com"},
	{in: "http://example.0xg", want: "http://example.0xg"},

	// Too long (checked before anything else), empty, encoding.
	{in: "https://" + strings.Repeat("a", origin.MaxLength), err: origin.ErrTooLong},
	{in: strings.Repeat("*", origin.MaxLength+1), err: origin.ErrTooLong},
	{in: "", err: origin.ErrEmpty},
	{in: "https://a\xffb.com", err: origin.ErrUTF8},

	// Whitespace and control characters.
	{in: " https://app.example.com", err: origin.ErrWhitespace},
	{in: "https://app.example.com ", err: origin.ErrWhitespace},
	{in: "https://app.example.com\n", err: origin.ErrWhitespace},
	{in: "https://app.example.com\r\n", err: origin.ErrWhitespace},
	{in: "\thttps://app.example.com", err: origin.ErrWhitespace},
	{in: "https://app.example.com\u00a0", err: origin.ErrWhitespace},
	{in: "\ufeffhttps://app.example.com", err: origin.ErrWhitespace},
	{in: "https://app .example.com", err: origin.ErrWhitespace},
	{in: "https://a.example https://b.example", err: origin.ErrWhitespace},
	{in: "https://app.exa\tmple.com", err: origin.ErrControl}, // URL parsers drop tabs silently
	{in: "ht\ntps://app.example.com", err: origin.ErrControl},
	{in: "https://app.\x00example.com", err: origin.ErrControl},
	{in: "https://app.example.com\x7f/", err: origin.ErrControl},
	{in: "https://app\u0085.example.com", err: origin.ErrControl},

	// Opaque origins and wildcards.
	{in: "null", err: origin.ErrNull},
	{in: "NULL", err: origin.ErrNull},
	{in: "*", err: origin.ErrWildcard},
	{in: "https://*.example.com", err: origin.ErrWildcard},
	{in: "https://example.*", err: origin.ErrWildcard},
	{in: "*://example.com", err: origin.ErrWildcard},
	{in: "https://example.com:*", err: origin.ErrWildcard},

	// Schemes.
	{in: "example.com", err: origin.ErrScheme},
	{in: "localhost:8080", err: origin.ErrScheme},
	{in: "//example.com", err: origin.ErrScheme},
	{in: "https//example.com", err: origin.ErrScheme},
	{in: "ws://example.com", err: origin.ErrScheme},
	{in: "wss://example.com", err: origin.ErrScheme},
	{in: "ftp://example.com", err: origin.ErrScheme},
	{in: "file:///etc/passwd", err: origin.ErrScheme},
	{in: "javascript:alert(1)", err: origin.ErrScheme},
	{in: "data:text/html,<script>alert(1)</script>", err: origin.ErrScheme},
	{in: "blob:https://app.example.com/uuid", err: origin.ErrScheme},
	{in: "chrome-extension://abcdefghijklmnop", err: origin.ErrScheme},
	{in: "httpx://example.com", err: origin.ErrScheme},
	{in: "httpſ://example.com", err: origin.ErrScheme}, // strings.EqualFold would say "https"
	{in: "ɴull", err: origin.ErrScheme},

	// Backslashes, pasted lists, missing slashes.
	{in: `https:\\example.com`, err: origin.ErrBackslash},
	{in: `https://example.com\`, err: origin.ErrBackslash},
	{in: `https://evil.example\@app.example.com`, err: origin.ErrBackslash},
	{in: "https://a.example,https://b.example", err: origin.ErrList},
	{in: "https://a.examplehttps://b.example", err: origin.ErrList},
	{in: "https://a.example/https://b.example", err: origin.ErrList},
	{in: "https:example.com", err: origin.ErrSlashes},
	{in: "https:/example.com", err: origin.ErrSlashes},
	{in: "http:", err: origin.ErrSlashes},

	// User info.
	{in: "https://user@app.example.com", err: origin.ErrUserinfo},
	{in: "https://user:pass@app.example.com", err: origin.ErrUserinfo},
	{in: "http://main.localhost:8080@evil.example", err: origin.ErrUserinfo},
	{in: "https://@app.example.com", err: origin.ErrUserinfo},

	// Hosts.
	{in: "https://", err: origin.ErrHost},
	{in: "https:///example.com", err: origin.ErrHost},
	{in: "https://:443", err: origin.ErrHost},
	{in: "https://a..example", err: origin.ErrHost},
	{in: "https://.example.com", err: origin.ErrHost},
	{in: "https://exa<mple.com", err: origin.ErrHost},
	{in: "https://exa!mple.com", err: origin.ErrHost},
	{in: "https://a[b.com", err: origin.ErrHost},
	{in: "https://exa＜mple.com", err: origin.ErrHost}, // full-width < maps to <
	{in: "https://" + strings.Repeat("a", 64) + ".com", err: origin.ErrHost},
	{in: "https://" + strings.Repeat("abcdefghi.", 26) + "com", err: origin.ErrHost},
	{in: "https://exa%6Dple.com", err: origin.ErrPercent},
	{in: "https://%65xample.com", err: origin.ErrPercent},
	{in: "https://example.com%2e", err: origin.ErrPercent},
	{in: "https://example.com.", err: origin.ErrTrailingDot},
	{in: "https://example.com./", err: origin.ErrTrailingDot},
	{in: "https://example.com.:8443", err: origin.ErrTrailingDot},
	{in: "https://example.com。", err: origin.ErrTrailingDot},
	{in: "https://a\u200db.example", err: origin.ErrIDNA}, // joiner out of context
	{in: "https://\u202eelgoog.com", err: origin.ErrIDNA}, // right-to-left override
	{in: "https://xn--a.example", err: origin.ErrIDNA},
	{in: "https://xn--example-.com", err: origin.ErrIDNA},

	// Numeric hosts browsers would rewrite.
	{in: "http://127.1", err: origin.ErrIPv4},
	{in: "http://0x7f.0.0.1", err: origin.ErrIPv4},
	{in: "http://0x7f.1", err: origin.ErrIPv4},
	{in: "http://2130706433", err: origin.ErrIPv4},
	{in: "http://0x7F000001", err: origin.ErrIPv4},
	{in: "http://127.0.0.01", err: origin.ErrIPv4},
	{in: "http://0177.0.0.1", err: origin.ErrIPv4},
	{in: "http://256.0.0.1", err: origin.ErrIPv4},
	{in: "http://1.2.3.4.5", err: origin.ErrIPv4},
	{in: "http://example.123", err: origin.ErrIPv4},
	{in: "http://example.0x", err: origin.ErrIPv4},

	// IPv6.
	{in: "http://[::1", err: origin.ErrIPv6},
	{in: "http://[::1:8080", err: origin.ErrIPv6},
	{in: "http://[fe80::1%25eth0]", err: origin.ErrIPv6},
	{in: "http://[fe80::1%eth0]", err: origin.ErrIPv6},
	{in: "http://[127.0.0.1]", err: origin.ErrIPv6},
	{in: "http://[]", err: origin.ErrIPv6},
	{in: "http://[::1]x", err: origin.ErrIPv6},
	{in: "http://[1:2:3:4:5:6:7:8:9]", err: origin.ErrIPv6},
	{in: "http://::1", err: origin.ErrIPv6},
	{in: "http://fe80::1:8080", err: origin.ErrIPv6},

	// Ports.
	{in: "http://a:0", err: origin.ErrPort},
	{in: "http://a:08080", err: origin.ErrPort},
	{in: "http://a:00", err: origin.ErrPort},
	{in: "http://a:+80", err: origin.ErrPort},
	{in: "http://a:-1", err: origin.ErrPort},
	{in: "http://a:65536", err: origin.ErrPort},
	{in: "http://a:123456", err: origin.ErrPort},
	{in: "http://a:", err: origin.ErrPort},
	{in: "http://a:8080a", err: origin.ErrPort},
	{in: "http://a:1e3", err: origin.ErrPort},
	{in: "http://a:８０", err: origin.ErrPort},
	{in: "http://a:80:80", err: origin.ErrPort},
	{in: "http://[::1]:", err: origin.ErrPort},

	// Paths, queries, fragments.
	{in: "https://example.com/app", err: origin.ErrPath},
	{in: "https://example.com//", err: origin.ErrPath},
	{in: "https://example.com/.", err: origin.ErrPath},
	{in: "https://example.com/%2e", err: origin.ErrPath},
	{in: "https://example.com?x=1", err: origin.ErrQuery},
	{in: "https://example.com/?", err: origin.ErrQuery},
	{in: "https://example.com#top", err: origin.ErrFragment},
	{in: "https://example.com/#", err: origin.ErrFragment},
}
