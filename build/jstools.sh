#!/bin/sh
# jstools.sh: installs the JavaScript build and test tools of make test
# (Vite, TypeScript: pinned in build/jstools/package.json and its lock
# file) into build/jstools/node_modules with npm ci, once: repeat runs
# need no download. Nothing here is shipped in the module or the package.
set -eu
dir=build/jstools
if [ -x "$dir/node_modules/.bin/vite" ] && [ -x "$dir/node_modules/.bin/tsc" ] &&
  [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
  exit 0
fi
./build/need.sh npm
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
