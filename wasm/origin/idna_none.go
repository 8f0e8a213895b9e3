//go:build postbridge_browser_idna

package origin

import "errors"

// builtinToASCII is absent from builds tagged postbridge_browser_idna (the
// browser module, which sets ToASCII instead).
func builtinToASCII(string) (string, error) {
	return "", errors.New("no IDNA mapping in this build: set origin.ToASCII")
}
