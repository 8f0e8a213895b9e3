package model

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error from ParseFrame and ParseRecord is a
// *ParseError wrapping one of them; match them with errors.Is.
var (
	// ErrNotJSON reports a frame or record that is not one JSON object.
	ErrNotJSON = errors.New("not a JSON object")
	// ErrNoOp reports a frame without a string "op".
	ErrNoOp = errors.New("frame has no op")
	// ErrBadMember reports a known member of the wrong type.
	ErrBadMember = errors.New("member of the wrong type")
	// ErrBadMsg reports a msg frame without a sender, a sequence number or data.
	ErrBadMsg = errors.New("msg frame lacks from, seq or data")
	// ErrNotRecord reports data that is not a tap record (no "v").
	ErrNotRecord = errors.New("data is not a tap record")
	// ErrVersion reports a tap record of a version this dashboard does not read.
	ErrVersion = errors.New("unsupported tap record version")
)

// ParseError says what could not be read and why.
type ParseError struct {
	What string // "frame" or "record"
	Err  error  // one of the sentinel errors
	// Detail is a short human-readable explanation, possibly empty.
	Detail string
}

// Error implements error.
func (e *ParseError) Error() string {
	s := "model: " + e.What + ": " + e.Err.Error()
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// shortQuote quotes at most 40 bytes of s for error messages.
func shortQuote(s string) string {
	if len(s) > 40 {
		return strconv.Quote(s[:40]) + "…"
	}
	return strconv.Quote(s)
}
