//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "gopeer is a WebAssembly page: build it with GOOS=js GOARCH=wasm (make build)")
	os.Exit(2)
}
