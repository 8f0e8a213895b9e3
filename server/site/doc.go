// Package site serves the three demo origins of Postbridge.
//
// The classic postMessage example has a parent page that frames a page of
// another origin; its checks (event.origin.indexOf(...) == 0, targetOrigin
// '*') are what Postbridge replaces. To show that for real, a browser must
// see three distinct origins: the parent (main), the framed page (other) and
// a hostile page (evil) whose origin starts with the main origin's text,
// which is exactly what the naive prefix check lets in. Each origin gets its
// own handler and its own loopback port, with security headers that say who
// may frame whom.
package site
