// Package schema checks message payloads against per-type JSON Schemas, in
// a well-defined subset of draft 2020-12.
//
// A page that passes schemas to pb.connect declares what each message type
// may carry; the bridge then checks every payload before a handler sees it
// and before it is sent. The checks must mean exactly what they say, so the
// subset is small, every keyword in it is fully implemented, and anything
// else is refused when the set is compiled. A validator that skips keywords
// it does not know turns a misspelt "minLenght", or a "pattern" it cannot
// run, into a check that silently passes everything.
//
// # Supported keywords
//
// Keywords the set may use; any other is a [CompileError] wrapping
// [ErrKeyword] that names the keyword and its JSON pointer path.
//
//   - any value: type (a name or an array of unique names among null,
//     boolean, object, array, number, integer, string), enum (non-empty
//     array), const;
//   - objects: properties, required (unique strings), additionalProperties
//     (a schema), propertyNames (a schema using only type, enum, const,
//     minLength, maxLength), minProperties, maxProperties;
//   - arrays: items (a schema), prefixItems, minItems, maxItems, uniqueItems;
//   - numbers: minimum, maximum, exclusiveMinimum, exclusiveMaximum (all
//     numbers, as in 2020-12), multipleOf (greater than 0);
//   - strings: minLength, maxLength;
//   - combining: allOf, anyOf, oneOf (non-empty arrays), not, and the
//     boolean schemas true and false;
//   - references: $defs at the top of a type's schema, and $ref of the form
//     "#/$defs/name" ("~0" and "~1" escapes allowed), which may stand next
//     to other keywords, as in 2020-12;
//   - accepted and ignored: $schema, $id (top of a type's schema only),
//     $comment, title, description, examples, default, deprecated,
//     readOnly, writeOnly. Their values must still have the right type.
//
// Refused on purpose: pattern and patternProperties (the module has no
// regular expression engine, and shipping one to every page costs more than
// it is worth), format (formats are annotations by default in 2020-12; a
// format that looks like a check but checks nothing is worse than none),
// and if/then/else, contains, dependentRequired, dependentSchemas,
// unevaluated*, $anchor, $dynamicRef and other references.
//
// Keywords for one type of value ignore values of other types, as the
// specification says: {"minimum": 0} accepts "abc". Use "type" as well.
//
// # Numbers and strings
//
// A number is checked as the float64 that JavaScript's JSON.parse makes of
// it (correctly rounded; beyond the float64 range, ±Infinity), because that
// is the value the receiving handler sees. So 1.0 and 1e0 are integers and
// equal to 1, 1e400 is a number but not an integer and is above any
// maximum, and 9007199254740993 equals 9007199254740992. multipleOf is
// exact for an integer divisor; for a fractional one, such as 0.01, x is a
// multiple of m when x/m is within |x/m|·2⁻⁵¹ of an integer: the error of
// float64 division, so 19.99 is a multiple of 0.01 and 0.35 is not one of
// 0.1. minLength and maxLength count Unicode code points, as the
// specification says, not JavaScript's UTF-16 units: "😀" has length 1.
//
// # Safety
//
// Object keys are plain strings: "__proto__", "constructor" and
// "prototype" are keys like any other, checked by properties and refused
// by "additionalProperties": false. Type names are a map lookup, so
// [Set.Has] knows no inherited names.
//
// Compile bounds the set to [MaxSetBytes] and [MaxSetDepth], resolves every
// $ref, and refuses schemas that reach themselves through $ref, allOf,
// anyOf, oneOf or not without descending into the payload, since their
// evaluation would never end. [Set.Check] reads payloads with the strict
// parser of package jsonvalue (depth up to [MaxPayloadDepth]) and bounds
// evaluation: schemas nested at most 1000 deep, and at most 16,384 plus 32
// per payload byte units of work (a schema applied, a member visited, a
// value compared), so that no schema, however recursive, runs for long.
// Over a limit the payload is refused, with a [*ValidationError] whose
// Keyword is "". Check never panics, allocates nothing beyond the parsed
// tree unless it fails, and its errors repeat at most a few dozen bytes of
// any payload value or key.
//
// The examples in example_test.go are the documentation of use.
package schema
