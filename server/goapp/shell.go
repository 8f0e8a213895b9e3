package goapp

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// shell is what go-app renders on the server for the page's routes: a
// heading and a note, replaced by the real page (wasm/goapp) once the
// wasm runs.
type shell struct {
	app.Compo
}

// Render implements app.Composer.
func (s *shell) Render() app.UI {
	return app.Div().Class("gapp").Body(
		app.H1().Text("A go-app page on the bridge"),
		app.P().Text("Loading… This page needs JavaScript and WebAssembly."),
	)
}
