//go:build js && wasm

package jsapi

import (
	"errors"
	"syscall/js"

	"github.com/postbridge/postbridge/wasm/origin"
)

func init() { origin.ToASCII = browserToASCII }

// browserToASCII maps a host with the browser's URL parser: the same
// mapping that produces event.origin. origin.Parse has already refused
// every ASCII byte a host may not hold, and checks the result again.
func browserToASCII(host string) (ascii string, err error) {
	defer func() {
		if recover() != nil {
			ascii, err = "", errors.New("the browser refuses this host name")
		}
	}()
	u := js.Global().Get("URL").New("http://" + host + "/")
	if u.Get("pathname").String() != "/" || u.Get("port").String() != "" || u.Get("username").String() != "" {
		return "", errors.New("the host name maps to more than a host")
	}
	return u.Get("hostname").String(), nil
}
