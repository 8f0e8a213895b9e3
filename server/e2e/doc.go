// Package e2e holds the browser tests: real headless Chromium (Debian's
// chromium package) driven with chromedp, against the real server on
// loopback ports. Run them with make test, which installs Chromium when it
// can; plain go test skips them when no browser is found unless
// POSTBRIDGE_BROWSER=required.
package e2e
