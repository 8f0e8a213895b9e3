package dashboard

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// shell is what go-app renders on the server for /dashboard/: a header
// and a note, replaced by the real page (wasm/dashboard) once the wasm
// runs.
type shell struct {
	app.Compo
}

// Render implements app.Composer.
func (s *shell) Render() app.UI {
	return app.Div().Class("dash").Body(
		app.Header().Class("top").Body(
			app.H1().Body(app.Span().Class("brand").Text("Postbridge"), app.Text(" live dashboard")),
		),
		app.P().Class("empty").Text("Loading… The dashboard needs JavaScript and WebAssembly."),
	)
}

// workerJS replaces go-app's service worker, which serves its cache first:
// the dashboard shows live traffic and is useless offline, and a cached
// build would outlive the server that matches it. go-app registers a
// worker whatever the template, so this one installs and does nothing.
const workerJS = `// Postbridge dashboard worker {{.Version}}: caches nothing.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
`
