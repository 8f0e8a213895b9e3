//go:build !postbridge_browser_idna

package origin

import "golang.org/x/net/idna"

// browserIDNA maps and validates host names the way the WHATWG URL standard
// asks browsers to (UTS #46, non-transitional, CheckBidi and CheckJoiners on,
// CheckHyphens and STD3 rules off), so that a Unicode host in configuration
// becomes the same punycode a browser serialises. Hosts browsers refuse
// outright, and ASCII characters that are legal in URLs but never in real
// host names, are refused afterwards by checkDomain.
var browserIDNA = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.CheckJoiners(true),
	idna.VerifyDNSLength(false),
)

func builtinToASCII(h string) (string, error) { return browserIDNA.ToASCII(h) }
