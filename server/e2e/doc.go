// Package e2e holds the browser tests: written once against the seam of
// package engine and run, against the real server on loopback ports, in
// the engine POSTBRIDGE_ENGINE names: chromium (the default, driven with
// chromedp), firefox (Debian's firefox-esr, WebDriver BiDi) or webkit
// (WebKitGTK's MiniBrowser under Xvfb, WebDriver). make test runs all
// three and installs the browsers when it can; plain go test skips these
// tests when the engine's browser is missing unless
// POSTBRIDGE_BROWSER=required. A test that an engine cannot run skips
// with "gap in ENGINE: why"; the README lists every gap.
package e2e
