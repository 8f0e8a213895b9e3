#!/bin/sh
# package.sh: writes the npm package into build/npm/ and packs it there:
# build/npm/postbridge-postbridge-VERSION.tgz. The package holds the loader
# (fetching postbridge.wasm next to itself, as bundlers expect), the module,
# the typings, a README and the licence; VERSION is build/version.sh's.
set -eu
version=$(./build/version.sh)
out=build/npm
pkg=$out/package
rm -rf "$out"
mkdir -p "$pkg"
./build/bundle.sh "$pkg/postbridge.js" postbridge.wasm
cp web/postbridge/postbridge.wasm "$pkg/postbridge.wasm"
cp wasm/js/postbridge.d.ts "$pkg/postbridge.d.ts"
cp wasm/js/npm/README.md "$pkg/README.md"
cp LICENSE "$pkg/LICENSE"
cat > "$pkg/package.json" <<JSON
{
  "name": "@postbridge/postbridge",
  "version": "$version",
  "description": "Strict cross-origin postMessage channels: exact origins, the expected window, typed envelopes, checked in a Go WebAssembly module.",
  "type": "module",
  "main": "./postbridge.js",
  "types": "./postbridge.d.ts",
  "exports": {
    ".": {
      "types": "./postbridge.d.ts",
      "default": "./postbridge.js"
    },
    "./postbridge.wasm": "./postbridge.wasm",
    "./package.json": "./package.json"
  },
  "files": ["postbridge.js", "postbridge.wasm", "postbridge.d.ts"],
  "sideEffects": false,
  "license": "MIT",
  "repository": { "type": "git", "url": "git+https://github.com/postbridge/postbridge.git" },
  "keywords": ["postMessage", "iframe", "cross-origin", "security", "webassembly"]
}
JSON
(cd "$pkg" && npm pack --pack-destination .. --loglevel=error >/dev/null)
tgz=$out/postbridge-postbridge-$version.tgz
[ -f "$tgz" ] || { echo "package.sh: npm pack wrote no $tgz" >&2; exit 1; }
(cd "$pkg" && npm pack --dry-run --loglevel=notice 2>&1 | sed -n '/Tarball Contents/,/Tarball Details/p' | grep -v 'Tarball Details')
echo "$tgz $(wc -c < "$tgz") bytes"
