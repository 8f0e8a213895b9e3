//go:build !js

package client

import (
	"net/http"

	"github.com/coder/websocket"
)

// dialOptions puts the token, Origin and Host in the handshake request.
func dialOptions(o Options) (*websocket.DialOptions, error) {
	h := o.Header.Clone()
	if h == nil {
		h = make(http.Header)
	}
	if o.Origin != "" {
		h.Set("Origin", o.Origin)
	}
	if o.Token != "" {
		h.Set("Authorization", "Bearer "+o.Token)
	}
	return &websocket.DialOptions{HTTPHeader: h, Host: o.Host}, nil
}
