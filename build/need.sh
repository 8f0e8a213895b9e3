#!/bin/sh
# need.sh chromium|node|npm: makes sure a tool the tests need is installed.
# As root with apt-get it installs Debian's package; otherwise it stops
# with one line naming the package. It never downloads a browser build.
set -eu
tool=$1
case $tool in
  chromium) bin=chromium pkg=chromium ;;
  node) bin=node pkg=nodejs ;;
  npm) bin=npm pkg=npm ;;
  *) echo "need.sh: unknown tool $tool" >&2; exit 2 ;;
esac
command -v "$bin" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian package $pkg (needed by the tests)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  command -v "$bin" >/dev/null 2>&1 && exit 0
fi
echo "make test needs $bin: install Debian's '$pkg' package (apt-get install $pkg)" >&2
exit 1
