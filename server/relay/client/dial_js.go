//go:build js

package client

import (
	"errors"

	"github.com/coder/websocket"
)

// errBrowser reports options a browser does not let a page set.
var errBrowser = errors.New("client: in a browser, Token, Origin, Host and Header cannot be set; the browser sends its own Origin")

// dialOptions refuses what the browser's WebSocket cannot send. A page is
// authorised by its Origin alone, so it has no use for the token either.
func dialOptions(o Options) (*websocket.DialOptions, error) {
	if o.Token != "" || o.Origin != "" || o.Host != "" || len(o.Header) > 0 {
		return nil, errBrowser
	}
	return &websocket.DialOptions{}, nil
}
