// Package client connects Go programs (test drivers, tools, and the
// go-app dashboard when built for the browser) to the Postbridge relay.
//
// It is a thin layer over one websocket: Dial waits for the relay's welcome,
// the sending methods write one frame each, and Next returns each frame the
// relay sends as a typed Message (Msg, Ack, Dropped). A frame the relay
// refused comes back from Next as an *ErrorFrame error, which leaves the
// connection usable; every other error from Next ends it.
//
// It hides no frame: a test driver wants to see every frame in order,
// including the "subscribed" confirmation it must wait for before it
// publishes, the history that follows it (Msg.History), and ping/pong as
// a barrier that proves earlier frames were handled. A reader goroutine
// reads the socket all the time, for Next, so that the relay's
// websocket pings are answered even by a program that only publishes:
// the relay drops a client that does not answer.
//
// Outside a browser, a client has no Origin header, so the relay asks it
// for the start-up token and a loopback address. Go does not resolve
// *.localhost names: dial 127.0.0.1 and set Origin and Host in Options to
// act as a page. In a browser (GOOS=js) the page's own Origin is what
// counts, and Token, Origin, Host and Header cannot be set.
package client
