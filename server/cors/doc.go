// Package cors is a strict CORS middleware for the Postbridge server.
//
// CORS does not protect a server: every request still reaches it. It tells
// the browser which other origins' pages may read a response, and, for
// "non-simple" requests, asks first with a preflight. So the middleware's one
// job is to never tell the browser "yes" by mistake. The classic mistakes
// are:
//
//   - Reflecting any Origin. Echoing the request's Origin into
//     Access-Control-Allow-Origin, especially with
//     Access-Control-Allow-Credentials: true, lets every site on the web
//     read every user's data. Here the echo happens only after an exact
//     allowlist match.
//   - Trusting "null". Sandboxed iframes, data: URLs, file: pages and some
//     redirects all send Origin: null, so any attacker can produce it.
//     "null" can neither be configured nor matched.
//   - Loose matching. Prefix, suffix, substring and hand-written regular
//     expressions let http://main.localhost:8080.evil.localhost or
//     http://evil-main.localhost:8080 through. Matching here is byte-exact
//     against origins canonicalised at start-up by package
//     [github.com/postbridge/postbridge/wasm/origin]: no trimming, no
//     lower-casing, no default-port guessing on the request side. A browser
//     always sends the canonical form, so anything else is not a browser.
//
// Design choices:
//
//   - All configuration is checked by [New], which reports every bad entry at
//     once (joined errors matching [ErrOrigin], [ErrMethod], [ErrHeader],
//     [ErrMaxAge], [ErrNoOrigins]). Nothing is parsed loosely per request.
//   - There is no public "*" mode: wildcard origins, methods and headers are
//     all configuration errors. Public, credential-free data should be served
//     by a handler that sets its own headers, not by this package.
//   - Vary: Origin is added to every response, allowed or not, with or
//     without an Origin header, so that shared caches never serve one
//     origin's answer to another. OPTIONS responses vary on
//     Access-Control-Request-Method and -Headers too. Existing Vary values
//     are kept.
//   - A preflight is an OPTIONS request carrying
//     Access-Control-Request-Method. The middleware answers it itself and
//     never calls the wrapped handler. Allowed: 204 with
//     Access-Control-Allow-Origin (the request's exact Origin),
//     -Allow-Methods and -Allow-Headers listing exactly what is configured
//     (not an echo of the request), -Max-Age and, if configured,
//     -Allow-Credentials. Refused (origin, method or any requested header
//     not allowed, no Origin, duplicated Origin or method field lines, a
//     header list over 4 KiB): 403 and no Access-Control-Allow-* header. 403
//     rather than 204 makes the refusal plain in logs and dev tools; the
//     browser fails the preflight either way.
//   - Every other request, including OPTIONS without
//     Access-Control-Request-Method, goes to the wrapped handler with the
//     CORS headers already set. Refusing a CORS read is not access control:
//     authorise requests in the handler.
//   - Private Network Access preflights
//     (Access-Control-Request-Private-Network) are never granted:
//     Access-Control-Allow-Private-Network is never sent.
//   - The hot path does not allocate beyond one slice backing the header
//     values it writes.
//
// Wrapped handlers should not set Access-Control-* headers themselves.
package cors
