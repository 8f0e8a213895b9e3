package origin_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/postbridge/postbridge/wasm/origin"
)

// Parse turns what a developer wrote into the exact string a browser sends.
func ExampleParse() {
	for _, s := range []string{
		"HTTPS://Bücher.example/",
		"http://localhost:80",
		"https://app.example.com:8443",
		"http://[0:0::1]:8080",
	} {
		o, err := origin.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(o)
	}
	// Output:
	// https://xn--bcher-kva.example
	// http://localhost
	// https://app.example.com:8443
	// http://[::1]:8080
}

// Parse says what is wrong, and errors.Is tells the reasons apart.
func ExampleParse_error() {
	_, err := origin.Parse("https://*.example.com")
	fmt.Println(err)
	fmt.Println(errors.Is(err, origin.ErrWildcard))

	var pe *origin.ParseError
	if _, err := origin.Parse("https://app.example.com/login"); errors.As(err, &pe) {
		fmt.Println(pe.Reason.Code(), pe.Input)
	}
	// Output:
	// origin: parse "https://*.example.com": wildcards are not allowed (list each origin exactly)
	// true
	// path https://app.example.com/login
}

// NewAllowlist reports every bad entry at once.
func ExampleNewAllowlist() {
	_, err := origin.NewAllowlist(
		"https://app.example.com",
		"https://app.example.com/",
		"null",
		"http://localhost:08080",
	)
	fmt.Println(err)
	fmt.Println(errors.Is(err, origin.ErrNull), errors.Is(err, origin.ErrPort))
	// Output:
	// origin: parse "null": "null" cannot be allowed (sandboxed frames, file: pages and other opaque origins all send it)
	// origin: parse "http://localhost:08080": port must be a number from 1 to 65535 without sign or leading zeros
	// true true
}

// Allows compares the untrusted origin of a message byte for byte. The
// classic prefix check, event.origin.indexOf(trusted) == 0, lets the first
// two attacker origins through; Allows does not.
func ExampleAllowlist_Allows() {
	allow, err := origin.NewAllowlist("http://main.localhost:8080", "https://Bücher.example")
	if err != nil {
		panic(err)
	}
	for _, reported := range []string{
		"http://main.localhost:8080.evil.example",
		"http://main.localhost:80800",
		"http://main.localhost:8080",
		"https://xn--bcher-kva.example",
		"https://bücher.example",
		"null",
	} {
		naive := strings.HasPrefix(reported, "http://main.localhost:8080")
		fmt.Printf("%-42s naive=%-5v Allows=%v\n", reported, naive, allow.Allows(reported))
	}
	// Output:
	// http://main.localhost:8080.evil.example    naive=true  Allows=false
	// http://main.localhost:80800                naive=true  Allows=false
	// http://main.localhost:8080                 naive=true  Allows=true
	// https://xn--bcher-kva.example              naive=false Allows=true
	// https://bücher.example                     naive=false Allows=false
	// null                                       naive=false Allows=false
}
