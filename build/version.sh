#!/bin/sh
# version.sh: prints Postbridge's version, the constant in wasm/version.
set -eu
v=$(sed -n 's/^const Number = "\([^"]*\)"$/\1/p' wasm/version/version.go)
[ -n "$v" ] || { echo "version.sh: no 'const Number = \"…\"' in wasm/version/version.go" >&2; exit 1; }
echo "$v"
