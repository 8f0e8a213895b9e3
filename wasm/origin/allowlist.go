package origin

import "errors"

// Allowlist is a fixed set of canonical origins, checked at construction and
// compared byte for byte afterwards. A nil or zero Allowlist allows nothing.
// It is safe for concurrent use: nothing changes it after NewAllowlist.
type Allowlist struct {
	origins    []Origin
	serialised []string // origins[i].String(), computed once
}

// NewAllowlist parses every origin with Parse and returns the set of their
// canonical forms, without duplicates, in the order first given. If any
// entry is refused, it returns no allowlist and one error joining a
// *ParseError for every bad entry, so that one run reports all mistakes and
// errors.Is matches each of their reasons. An empty list is refused with
// ErrEmptyAllowlist.
func NewAllowlist(origins ...string) (*Allowlist, error) {
	if len(origins) == 0 {
		return nil, ErrEmptyAllowlist
	}
	a := &Allowlist{}
	var errs []error
	for _, s := range origins {
		o, err := Parse(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !a.Contains(o) {
			a.origins = append(a.origins, o)
			a.serialised = append(a.serialised, o.String())
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return a, nil
}

// Allows reports whether origin, as a browser serialised it in
// MessageEvent.origin or an Origin header, is exactly one of the allowed
// origins. It does not parse, trim, change case or match prefixes: the
// untrusted string must equal a canonical entry byte for byte, so
// "https://app.example.com.evil.example", "HTTPS://app.example.com",
// "https://app.example.com:443", "https://app.example.com/" and "null" are
// all refused for the entry "https://app.example.com". Inputs longer than
// MaxLength are refused without being read. Allows does not allocate.
func (a *Allowlist) Allows(origin string) bool {
	if a == nil || len(origin) > MaxLength {
		return false
	}
	for _, s := range a.serialised {
		if s == origin {
			return true
		}
	}
	return false
}

// Contains reports whether o is one of the allowed origins.
func (a *Allowlist) Contains(o Origin) bool {
	if a == nil || o.IsZero() {
		return false
	}
	for _, x := range a.origins {
		if x == o {
			return true
		}
	}
	return false
}

// Origins returns a copy of the allowed origins, in the order first given.
func (a *Allowlist) Origins() []Origin {
	if a == nil {
		return nil
	}
	return append([]Origin(nil), a.origins...)
}
