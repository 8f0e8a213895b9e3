//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "the go-app page runs in a browser: build with GOOS=js GOARCH=wasm (make build does)")
	os.Exit(2)
}
