package model

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query parameters of a shared view, /dashboard/?channel=demo&verdict=refused:
// one per Filter field.
const (
	ParamOrigin  = "origin"
	ParamChannel = "channel"
	ParamType    = "type"
	ParamVerdict = "verdict"
	ParamText    = "text"
)

// MaxParamLen bounds a filter value read from a URL, in bytes.
const MaxParamLen = 512

// FilterFromQuery reads the filter of a shared view from a URL's query
// (with or without its leading "?"). It never fails: a parameter it does
// not know, one given twice, a value longer than MaxParamLen, not UTF-8 or
// holding control characters, and a verdict that is not one of the four
// known ones are each ignored, leaving that field empty (match all). The
// values are only ever compared and shown as text.
func FilterFromQuery(rawQuery string) Filter {
	q, _ := url.ParseQuery(strings.TrimPrefix(rawQuery, "?")) // keeps every pair it could decode
	get := func(name string) string {
		v := q[name]
		if len(v) != 1 || !plainText(v[0]) {
			return ""
		}
		return v[0]
	}
	f := Filter{
		Origin:  get(ParamOrigin),
		Channel: get(ParamChannel),
		Type:    get(ParamType),
		Verdict: get(ParamVerdict),
		Text:    get(ParamText),
	}
	switch f.Verdict {
	case "", VerdictSent, VerdictAccepted, VerdictRefused, VerdictUnreadable:
	default:
		f.Verdict = ""
	}
	return f
}

// Query encodes f as a URL query without the "?": its non-empty fields,
// always in the same order, so equal filters make equal links. It is ""
// for the zero filter.
func (f Filter) Query() string {
	var b strings.Builder
	for _, p := range [...]struct{ name, value string }{
		{ParamOrigin, f.Origin}, {ParamChannel, f.Channel}, {ParamType, f.Type},
		{ParamVerdict, f.Verdict}, {ParamText, f.Text},
	} {
		if p.value == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name + "=" + url.QueryEscape(p.value))
	}
	return b.String()
}

// plainText reports whether s is a value worth keeping: at most
// MaxParamLen bytes of UTF-8 text without control characters.
func plainText(s string) bool {
	if len(s) > MaxParamLen || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
