#!/bin/sh
# Copies a built file and its precompressed siblings (FILE.br, FILE.gz) to
# the name that carries its content hash, STEM.<16 hex>.EXT (the first 16
# hex digits of its SHA-256, as server/static checks before it sends
# Cache-Control: immutable), removes older hashed copies of STEM, and
# prints the new base name.
# Usage: hashed.sh web/postbridge/postbridge.wasm  ->  postbridge.0123456789abcdef.wasm
set -eu
file=$1
dir=$(dirname "$file")
base=$(basename "$file")
stem=${base%.*}
ext=${base##*.}
hash=$(sha256sum "$file" | cut -c1-16)
name=$stem.$hash.$ext
for old in "$dir/$stem".????????????????."$ext"*; do
  case $old in "$dir/$name"*) ;; *) [ -e "$old" ] && rm -f "$old" ;; esac
done
for sfx in "" .br .gz; do
  [ -e "$file$sfx" ] && cp "$file$sfx" "$dir/$name$sfx"
done
echo "$name"
