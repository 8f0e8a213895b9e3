// Package browser connects the bridge's core to a real browser: it wraps
// a window and MessagePorts as core.Window and core.Port, and feeds the
// page's message events to a core.Router. It is the only place where the
// bridge touches syscall/js for messaging, and it is deliberately thin:
// every decision is made by package core, which is tested without a
// browser.
package browser
