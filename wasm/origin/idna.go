package origin

// ToASCII, when set, maps a host name to its ASCII (punycode) form in
// place of the built-in mapping. The browser build of the Postbridge
// module sets it to the browser's own URL parser, which is by definition
// what event.origin will say, and so leaves the Unicode tables out of the
// module. It is consulted only by Parse, at configuration time.
var ToASCII func(host string) (string, error)

func toASCII(h string) (string, error) {
	if ToASCII != nil {
		return ToASCII(h)
	}
	return builtinToASCII(h)
}
