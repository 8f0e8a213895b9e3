#!/bin/sh
# need.sh TOOL...: makes sure the tools the tests need are installed.
# TOOL is chromium, firefox, webkit (WebKitWebDriver, MiniBrowser and
# Xvfb), node or npm. As root with apt-get it installs the missing Debian
# packages in one go; otherwise it stops with one line naming them. It
# never downloads a browser build.
set -eu
missing=""
for tool in "$@"; do
  case $tool in
    chromium) pairs="chromium:chromium" ;;
    firefox) pairs="firefox-esr:firefox-esr" ;;
    webkit) pairs="WebKitWebDriver:webkit2gtk-driver Xvfb:xvfb" ;;
    node) pairs="node:nodejs" ;;
    npm) pairs="npm:npm" ;;
    *) echo "need.sh: unknown tool $tool" >&2; exit 2 ;;
  esac
  for pair in $pairs; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
  done
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages$missing (needed by the tests)..."
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  exec "$0" "$@"
fi
echo "make test needs Debian's packages$missing: apt-get install$missing" >&2
exit 1
