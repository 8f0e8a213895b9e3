#!/bin/sh
# typecheck.sh: installs the packed npm package (build/package.sh) into a
# throwaway project under build/npm/check and runs the pinned tsc
# (build/jstools) with --strict --noEmit over wasm/js/typecheck/usage.ts,
# as an embedder's project would see the package: through its "exports".
set -eu
version=$(./build/version.sh)
tgz=$(pwd)/build/npm/postbridge-postbridge-$version.tgz
tsc=$(pwd)/build/jstools/node_modules/.bin/tsc
dir=build/npm/check
rm -rf "$dir"
mkdir -p "$dir"
cp wasm/js/typecheck/usage.ts "$dir/usage.ts"
cat > "$dir/package.json" <<'JSON'
{ "private": true, "type": "module" }
JSON
cat > "$dir/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2022", "module": "esnext",
    "moduleResolution": "bundler", "lib": ["es2022", "dom"], "types": [],
    "noUnusedLocals": true, "exactOptionalPropertyTypes": true
  },
  "files": ["usage.ts"]
}
JSON
(cd "$dir" && npm install --offline --no-audit --no-fund --loglevel=error "$tgz" >/dev/null)
(cd "$dir" && "$tsc" --strict --noEmit -p tsconfig.json)
echo "tsc --strict --noEmit: the typings of @postbridge/postbridge $version check"
