//go:build js && wasm

package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// bye is the route the parent's "leave" navigates to: the bridged
// component is dismounted, its channel closed.
type bye struct {
	app.Compo
}

func (b *bye) OnMount(ctx app.Context) { removeLoader() }

// Render implements app.Composer.
func (b *bye) Render() app.UI {
	return app.Div().Class("gapp").Body(
		app.H1().Text("A go-app page on the bridge"),
		app.P().ID("left").Text("The bridged component was dismounted: its channel is closed."),
		app.P().Body(app.A().Href(app.Getenv("GOAPP_ROOT_PREFIX")+"/").Text("Mount it again")),
	)
}
