// Package dashboard serves the live debug dashboard, a go-app application
// compiled to its own WebAssembly binary (wasm/dashboard), under
// /dashboard/ on the main origin.
//
// go-app's handler is convenient but assumes a deployment this server is
// not: it serves /web/* and app.wasm from the working directory, fetches
// /robots.txt, /sitemap.xml and /ads.txt over HTTP from whatever host the
// request names, points its default icons at an outside host, and installs
// a service worker that serves its cache first. Handler therefore answers
// a fixed list of paths and nothing else:
//
//   - /dashboard/web/app.wasm from the embedded web tree (dashboard/app.wasm),
//     with its brotli or gzip sibling when the browser accepts one: built
//     once by make, never compressed per request;
//   - the stylesheet and icons embedded in this package;
//   - go-app's page, app.js, wasm_exec.js, manifest and app.css, with a
//     service worker that caches nothing (the dashboard is useless offline,
//     and a cache-first worker would keep showing an old build).
//
// Everything else under /dashboard/ is a 404, and nothing refers to
// another host: the page works on a machine without internet access and
// under the main origin's Content-Security-Policy.
package dashboard
