package schema

import "github.com/postbridge/postbridge/wasm/jsonvalue"

// The supported keywords. A keyword's id is its index in keywordNames;
// the compiler works on ids, which keeps its code small in the module.
const (
	kwSchema uint8 = iota
	kwComment
	kwTitle
	kwDescription
	kwExamples
	kwDeprecated
	kwReadOnly
	kwWriteOnly
	kwDefault
	kwID
	kwDefs
	kwRef
	kwType
	kwConst
	kwEnum
	kwProperties
	kwRequired
	kwAdditionalProperties
	kwPropertyNames
	kwItems
	kwPrefixItems
	kwUniqueItems
	kwMinimum // the four bounds, in the order of boundMin..boundExclMax
	kwMaximum
	kwExclusiveMinimum
	kwExclusiveMaximum
	kwMultipleOf
	kwAllOf
	kwAnyOf
	kwOneOf
	kwNot
	kwMinProperties // the counts
	kwMaxProperties
	kwMinItems
	kwMaxItems
	kwMinLength
	kwMaxLength
	kwUnknown
)

var keywordNames = [kwUnknown]string{
	"$schema", "$comment", "title", "description", "examples", "deprecated", "readOnly", "writeOnly", "default",
	"$id", "$defs", "$ref", "type", "const", "enum",
	"properties", "required", "additionalProperties", "propertyNames", "items", "prefixItems", "uniqueItems",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not",
	"minProperties", "maxProperties", "minItems", "maxItems", "minLength", "maxLength",
}

// keywordKinds is the JSON kind each keyword's value must have, where one
// kind says it all; Invalid where the check is the keyword's own.
var keywordKinds = [kwUnknown]jsonvalue.Kind{
	kwSchema: jsonvalue.String, kwComment: jsonvalue.String, kwTitle: jsonvalue.String, kwDescription: jsonvalue.String,
	kwExamples: jsonvalue.Array, kwDeprecated: jsonvalue.Bool, kwReadOnly: jsonvalue.Bool, kwWriteOnly: jsonvalue.Bool,
	kwID: jsonvalue.String, kwRef: jsonvalue.String, kwEnum: jsonvalue.Array,
	kwProperties: jsonvalue.Object, kwRequired: jsonvalue.Array, kwUniqueItems: jsonvalue.Bool,
}

func keywordID(kw string) uint8 {
	for id, name := range keywordNames {
		if name == kw {
			return uint8(id)
		}
	}
	return kwUnknown
}

// nameKeyword reports whether a "propertyNames" schema may use keyword id.
func nameKeyword(id uint8) bool {
	return id <= kwDefault || id == kwType || id == kwEnum || id == kwConst || id == kwMinLength || id == kwMaxLength
}

func kindPhrase(k jsonvalue.Kind) string {
	switch k {
	case jsonvalue.Array, jsonvalue.Object:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// refusal says why a keyword outside the subset is refused.
func refusal(kw string) string {
	switch {
	case kw == "pattern" || kw == "patternProperties":
		return "keyword " + quoteShort(kw) + " is not supported: the module has no regular expression engine; check the value in the handler"
	case kw == "format":
		return "keyword \"format\" is not supported: formats are not checked here, and an ignored format would look like a check; remove it or check the value in the handler"
	case knownKeyword(kw):
		return "keyword " + quoteShort(kw) + " is not supported by this validator"
	}
	return "unknown keyword " + quoteShort(kw)
}

// knownKeyword reports whether kw is a draft 2020-12 keyword left out of
// the subset, so that the error can tell it from a misspelling.
func knownKeyword(kw string) bool {
	switch kw {
	case "$anchor", "$dynamicAnchor", "$dynamicRef", "$vocabulary",
		"if", "then", "else", "dependentSchemas", "dependentRequired", "contains", "minContains", "maxContains",
		"unevaluatedItems", "unevaluatedProperties", "contentEncoding", "contentMediaType", "contentSchema":
		return true
	}
	return false
}
