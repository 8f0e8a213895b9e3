// Package jsonp serves data to legacy pages that can only load it with a
// <script> element.
//
// JSONP is a last resort. The response is code that runs with the full
// authority of whichever page includes it, and any site can include it
// with the user's cookies attached, so it must only ever carry public data.
// New code should use CORS (package
// [github.com/postbridge/postbridge/server/cors]) for HTTP or postMessage
// through the Postbridge bridge between windows; both let the receiver
// check the sender's origin, which JSONP cannot.
//
// When JSONP cannot be avoided, the dangerous part is the callback name,
// which the request chooses and the response executes. The rules here:
//
//   - The name is one ASCII JavaScript identifier of at most 64 bytes,
//     checked by hand, byte by byte, and not a reserved word. A name such as
//     "alert(1);cb" would inject code; a dotted path such as
//     "opener.document.body.firstElementChild.click" would let an attacker
//     make the page call any reachable method of another same-origin window
//     (same-origin method execution, SOME). A single identifier names only
//     a global of the including page, which that page controls anyway.
//     Built-in globals such as eval or __proto__ are valid identifiers and
//     allowed: they can only be called with the JSON value.
//   - The query is parsed with url.ParseQuery, as the server would parse it,
//     and checked after percent-decoding, so "cb%0a" is "cb\n" and refused.
//     A repeated, empty or malformed callback, or a malformed query, gets a
//     400 with a fixed body that never echoes the input.
//   - The script is /**/ typeof NAME === 'function' && NAME(JSON); the
//     leading comment fixes the first bytes of the response (the Rosetta
//     Flash mitigation) and the guard avoids a ReferenceError when the
//     page has no such function.
//   - The JSON is validated and has <, >, &, U+2028 and U+2029 escaped, even
//     when handed over as raw bytes.
//   - Responses carry a precise Content-Type, X-Content-Type-Options: nosniff
//     so browsers refuse to run the JSON form as script or the error forms
//     as anything, Cache-Control: no-store, and, for scripts,
//     Content-Disposition: attachment so that navigating to the URL
//     downloads it instead of rendering it.
//   - Only GET and HEAD are served.
package jsonp
