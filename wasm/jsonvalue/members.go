package jsonvalue

// RawMember is one member of an object as it is written in the input: two
// slices of it, nothing decoded.
type RawMember struct {
	// Key is the member name's string literal, quotes and escapes included,
	// as in "\u0061"; [AppendUnquote] decodes it.
	Key []byte
	// Value is the text of the member's value, without surrounding space.
	Value []byte
	// Kind is the value's kind.
	Kind Kind
}

// recorder collects the top-level object's members for ValidMembers. The
// parser gets it as an argument, never in a field, so dst stays wherever
// the caller put it.
type recorder struct {
	dst []RawMember
	n   int // members seen, which may exceed len(dst)
}

// ValidMembers applies the checks of [Valid] to data and reports the kind of
// its top-level value. When that value is an object, it also stores the
// object's members in dst in source order, as many as fit, and returns how
// many the object has: when n > len(dst), only the first len(dst) were
// stored, and a caller wanting all of them calls again with n places. The
// members alias data.
//
// Like Valid, it does not allocate for ordinary input. On error it returns
// [Invalid] and n == 0, and what it stored in dst is meaningless.
//
// It suits a caller that looks at a small object's members one by one, such
// as a protocol envelope, after one strict pass over the whole text.
func ValidMembers(data []byte, lim Limits, dst []RawMember) (kind Kind, n int, err error) {
	rec := recorder{dst: dst}
	v, err := run(data, lim, false, &rec)
	if err != nil {
		return Invalid, 0, err
	}
	return v.kind, rec.n, nil
}
