// Package appbridge runs package bridge's typed handlers on go-app's UI
// goroutine.
//
// A bridge handler runs on a goroutine of its own, while a go-app
// component's fields belong to its UI goroutine: a handler that reads or
// changes them must go through ctx.Dispatch, and must still answer the
// peer. Handle and On do both: they dispatch f onto the component's UI
// goroutine (the component is redrawn after it), wait for its result and
// send it back as the answer.
//
// A request that arrives once the component is dismounted, when go-app
// drops every dispatch to it, is answered with CLOSED rather than left to
// time out.
//
// It is a package of its own so that the bridge module never links
// go-app: package bridge does not import it, only go-app pages do.
package appbridge
