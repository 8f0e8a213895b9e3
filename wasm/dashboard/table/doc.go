// Package table writes the dashboard's message table as HTML text.
//
// Why text and not go-app elements: the table is redrawn up to four times
// a second with 200 rows, and newest-first means every row changes at
// every redraw. Built as go-app elements, the first redraw alone made
// thousands of Go↔JS calls and held the page for most of a second; as
// text, a redraw is one string handed to the browser's HTML parser.
//
// What makes that safe: every value from a record (all of it written by
// pages, some of them hostile) is HTML-escaped, in text and in
// double-quoted attribute values alike, after the characters the HTML
// parser would rewrite (NUL, CR, invalid UTF-8) are normalised, so that a
// value read back from the DOM is exactly the value written. The tests
// parse the output with an HTML5 parser and check that hostile values
// produce no element and no attribute of their own. The main origin's
// Content-Security-Policy (no inline scripts or handlers) is a second
// line, not the first.
package table
