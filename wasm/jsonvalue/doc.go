// Package jsonvalue is a strict JSON (RFC 8259) parser that builds a small
// value tree, plus a validator, a string quoter and unquoter.
//
// Why not encoding/json: this package is linked into the browser WebAssembly
// module that every page downloads, and encoding/json (with reflect and fmt
// behind it) roughly doubles the cost of a small module. It is also more
// lenient than a security boundary should be: it accepts invalid UTF-8,
// unpaired surrogate escapes and duplicate object keys (keeping the last one),
// and it matches struct fields case-insensitively. A message that two parsers
// read differently is a classic way to smuggle a field past a check, so here
// the rule is simple: anything that could be read two ways is refused.
//
// What is refused, each with a typed error (see [ParseError]):
//   - input over [Limits.MaxBytes] ([ErrTooLarge]), checked before any parsing;
//   - arrays and objects nested deeper than [Limits.MaxDepth] ([ErrTooDeep]);
//   - invalid UTF-8 inside strings and unpaired UTF-16 surrogate escapes such
//     as "\uD800" ([ErrUTF8]);
//   - an object with two equal keys, compared after unescaping, so that
//     {"a":1,"\u0061":2} is refused ([ErrDuplicateKey]);
//   - everything outside the RFC 8259 grammar ([ErrSyntax]): a leading byte
//     order mark, trailing data, NaN and Infinity, leading zeros, raw control
//     characters in strings, trailing commas, comments, single quotes.
//
// Whatever [Parse] accepts, encoding/json accepts too; the tests check that.
//
// [Valid] and [ValidMembers] apply the same checks without building a tree
// and, for ordinary input, without allocating: a receiver can check every
// message in a reused buffer for free. ValidMembers also returns where the
// top-level object's members are, and [AppendUnquote] decodes a string
// literal found that way. Duplicate keys are found by pairwise comparison
// in small objects and with a hash set keyed by a random seed in large ones,
// so an object of thousands of keys costs O(n), not O(n²).
//
// Object keys are plain strings: "__proto__" or "constructor" mean nothing
// special here, and [Value.Get] only ever looks at the object's own members.
//
// A parsed [Value] refers to the input through [Value.Raw]; callers that keep
// raw bytes beyond the life of the input must copy them.
package jsonvalue
