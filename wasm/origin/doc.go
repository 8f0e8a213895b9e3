// Package origin decides which web origins may talk to Postbridge.
//
// A page that listens for window.postMessage must check event.origin before
// it trusts event.data. The check is short, and it is easy to get wrong in
// ways that look right. The classic flaw is
//
//	if (event.origin.indexOf("https://app.example.com") == 0) { ... }
//
// which also accepts "https://app.example.com.evil.example" and
// "https://app.example.com:8443", because it asks whether the origin starts
// with the trusted one. Substring tests, regular expressions with an
// unescaped dot, case-insensitive comparisons, trimming, and "*" fail in the
// same way: each accepts some origin an attacker can register or host.
//
// This package therefore keeps two contracts apart.
//
// Parse and NewAllowlist are for configuration, written by developers and
// read once at start-up. They are strict and talkative: anything that is not
// exactly one http or https origin is refused with a *ParseError naming the
// reason (wildcard, path, port, null, trailing dot, ...), and every bad entry
// of an allowlist is reported at once. What they accept they canonicalise
// into the form a browser itself produces: lower case, IDN hosts in
// punycode, default ports dropped, IPv6 in its shortest form. Spellings a
// browser would rewrite into another origin (127.1, 0x7f.0.0.1, a trailing
// dot) are refused rather than guessed at.
//
// Allowlist.Allows is for the hot path, the untrusted origin of every
// incoming message. It never parses, trims, lower-cases or matches prefixes;
// it compares the string byte for byte with the canonical entries, refuses
// anything longer than MaxLength, and does not allocate. Because browsers
// always serialise origins canonically, an honest origin matches exactly,
// and every trick that relies on lenient parsing has nothing to work on.
// Doing the normalisation on the trusted side only is what makes the
// untrusted side this simple.
//
// "null" is never allowed: sandboxed frames, file: pages and data: URLs all
// report it, so allowing it would allow any of them. The examples in
// example_test.go show typical use.
//
// The package is pure Go without syscall/js, so it is tested natively and
// linked into the browser module unchanged.
package origin
