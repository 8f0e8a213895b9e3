// Command gopeer is a lab peer written in Go with package bridge: the Go
// API's demonstration and the browser tests' Go page. It connects to its
// parent and answers typed requests.
package main
