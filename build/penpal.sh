#!/bin/sh
# penpal.sh: installs penpal 7.0.6, the bench's reference library, into
# build/bench (ignored by git) when it is missing, with npm, and writes the
# precompressed copies the bench server sends (.gz, .br), as the module's.
# Only the bench harness (server/e2e) serves it; it is never embedded in
# web/ nor served by the product server.
set -eu
version=7.0.6
dir=build/bench
dist=$dir/node_modules/penpal/dist
if [ ! -f "$dist/penpal.mjs" ] || ! grep -q "\"version\": \"$version\"" "$dir/node_modules/penpal/package.json"; then
  command -v npm >/dev/null 2>&1 || ./build/need.sh node
  command -v npm >/dev/null 2>&1 || { echo "penpal.sh needs npm: install Debian's 'npm' package" >&2; exit 1; }
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private": true, "description": "bench-only dependencies (make bench)"}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --save-exact --loglevel=error "penpal@$version"
  rm -f "$dist/penpal.mjs.gz" "$dist/penpal.mjs.br"
fi
if [ ! -f "$dist/penpal.mjs.br" ] || [ ! -f "$dist/penpal.mjs.gz" ]; then
  go run ./build/compress "$dist/penpal.mjs"
fi
