package schema

// checkCase is one row of the table that feeds TestCheck, FuzzCheck's seeds
// and BenchmarkCheck: a schema for type "t", a payload, and the outcome.
type checkCase struct {
	name    string
	schema  string
	payload string
	// want is "" for a valid payload, "json" for ErrJSON, "limit" for a
	// payload refused by an evaluation limit (Keyword ""), and otherwise
	// the keyword that fails.
	want string
	// path, when not "-", is the expected ValidationError.Path.
	path string
}

const (
	user = `{"type":"object","additionalProperties":false,"required":["name","age"],
		"properties":{"name":{"type":"string","minLength":1,"maxLength":20},
		"age":{"type":"integer","minimum":0},"tags":{"type":"array","items":{"type":"string"},"uniqueItems":true}}}`
	tree = `{"$defs":{"node":{"type":"object","required":["name"],"additionalProperties":false,
		"properties":{"name":{"type":"string","minLength":1},"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},
		"$ref":"#/$defs/node"}`
	closed = `{"type":"object","properties":{"a":{}},"additionalProperties":false}`
)

var checkCases = []checkCase{
	// type
	{"type string", `{"type":"string"}`, `"x"`, "", ""},
	{"type string refuses number", `{"type":"string"}`, `1`, "type", ""},
	{"type integer accepts 1.0", `{"type":"integer"}`, `1.0`, "", ""},
	{"type integer accepts 1e2", `{"type":"integer"}`, `1e2`, "", ""},
	{"type integer accepts -0", `{"type":"integer"}`, `-0`, "", ""},
	{"type integer refuses 1.5", `{"type":"integer"}`, `1.5`, "type", ""},
	{"type integer refuses 1e400", `{"type":"integer"}`, `1e400`, "type", ""},
	{"type integer: JSON.parse reads 1 here", `{"type":"integer"}`, `0.99999999999999999999`, "", ""},
	{"type number accepts integer", `{"type":"number"}`, `3`, "", ""},
	{"type number accepts 1e400", `{"type":"number"}`, `1e400`, "", ""},
	{"type array of names", `{"type":["string","null"]}`, `null`, "", ""},
	{"type array refuses", `{"type":["string","null"]}`, `false`, "type", ""},
	{"type object refuses array", `{"type":"object"}`, `[]`, "type", ""},
	{"type boolean", `{"type":"boolean"}`, `true`, "", ""},
	{"type null refuses string null", `{"type":"null"}`, `"null"`, "type", ""},

	// const and enum: JSON equality
	{"const number by value", `{"const":1}`, `1.0`, "", ""},
	{"const 1e0", `{"const":1}`, `1e0`, "", ""},
	{"const -0 is 0", `{"const":0}`, `-0.0`, "", ""},
	{"const differs", `{"const":1}`, `2`, "const", ""},
	{"const string is not number", `{"const":1}`, `"1"`, "const", ""},
	{"const true is not 1", `{"const":true}`, `1`, "const", ""},
	{"const object unordered", `{"const":{"a":1,"b":[1,2]}}`, `{"b":[1,2.0],"a":1}`, "", ""},
	{"const object extra member", `{"const":{"a":1}}`, `{"a":1,"b":2}`, "const", ""},
	{"const object other key", `{"const":{"a":1}}`, `{"b":1}`, "const", ""},
	{"const array ordered", `{"const":[1,2]}`, `[2,1]`, "const", ""},
	{"const escaped string", `{"const":"a/b"}`, `"a\u002fb"`, "", ""},
	{"const null", `{"const":null}`, `null`, "", ""},
	{"enum", `{"enum":["red","green",null]}`, `"green"`, "", ""},
	{"enum null", `{"enum":["red","green",null]}`, `null`, "", ""},
	{"enum refuses", `{"enum":["red","green"]}`, `"blue"`, "enum", ""},
	{"enum refuses case", `{"enum":["red"]}`, `"Red"`, "enum", ""},
	{"enum nested", `{"enum":[[1,{"x":[true]}]]}`, `[1.0,{"x":[true]}]`, "", ""},

	// objects
	{"user valid", user, `{"name":"Ada","age":36,"tags":["a","b"]}`, "", ""},
	{"user missing age", user, `{"name":"Ada"}`, "required", ""},
	{"user empty name", user, `{"name":"","age":1}`, "minLength", "/name"},
	{"user negative age", user, `{"name":"Ada","age":-1}`, "minimum", "/age"},
	{"user fractional age", user, `{"name":"Ada","age":1.5}`, "type", "/age"},
	{"user extra", user, `{"name":"Ada","age":1,"admin":true}`, "additionalProperties", "/admin"},
	{"user duplicate tag", user, `{"name":"Ada","age":1,"tags":["a","a"]}`, "uniqueItems", "/tags"},
	{"user bad tag", user, `{"name":"Ada","age":1,"tags":["a",2]}`, "type", "/tags/1"},
	{"user not an object", user, `"Ada"`, "type", ""},
	{"closed __proto__", closed, `{"__proto__":{"admin":true}}`, "additionalProperties", "/__proto__"},
	{"closed escaped __proto__", closed, `{"\u005f_proto__":{"admin":true}}`, "additionalProperties", "/__proto__"},
	{"closed constructor.prototype", closed, `{"constructor":{"prototype":{"admin":true}}}`, "additionalProperties", "/constructor"},
	{"closed allows a", closed, `{"a":{"__proto__":1}}`, "", ""},
	{"required toString is not inherited", `{"required":["toString"]}`, `{}`, "required", ""},
	{"required constructor is not inherited", `{"required":["constructor"]}`, `{"a":1}`, "required", ""},
	{"required __proto__ present", `{"required":["__proto__"]}`, `{"__proto__":null}`, "", ""},
	{"properties __proto__ checked", `{"properties":{"__proto__":{"type":"number"}}}`, `{"__proto__":"x"}`, "type", "/__proto__"},
	{"required ignores non-objects", `{"required":["a"]}`, `[]`, "", ""},
	{"additionalProperties schema", `{"properties":{"a":true},"additionalProperties":{"type":"number"}}`, `{"a":"x","b":1}`, "", ""},
	{"additionalProperties schema refuses", `{"properties":{"a":true},"additionalProperties":{"type":"number"}}`, `{"b":"x"}`, "type", "/b"},
	{"required-only name is additional", `{"required":["a"],"additionalProperties":false}`, `{"a":1}`, "additionalProperties", "/a"},
	{"properties false", `{"properties":{"a":false}}`, `{"a":1}`, "false", "/a"},
	{"minProperties", `{"minProperties":1}`, `{}`, "minProperties", ""},
	{"maxProperties", `{"maxProperties":1}`, `{"a":1,"b":2}`, "maxProperties", ""},
	{"propertyNames maxLength", `{"propertyNames":{"maxLength":3}}`, `{"abc":1,"abcd":2}`, "propertyNames", "/abcd"},
	{"propertyNames enum", `{"propertyNames":{"enum":["a","b"]}}`, `{"b":1}`, "", ""},
	{"propertyNames enum refuses", `{"propertyNames":{"enum":["a","b"]}}`, `{"c":1}`, "propertyNames", "/c"},
	{"propertyNames false", `{"propertyNames":false}`, `{}`, "", ""},
	{"propertyNames false refuses", `{"propertyNames":false}`, `{"a":1}`, "propertyNames", "/a"},
	{"path escapes", `{"additionalProperties":false}`, `{"a/b~c":1}`, "additionalProperties", "/a~1b~0c"},

	// arrays
	{"items", `{"items":{"type":"integer"}}`, `[1,2,3]`, "", ""},
	{"items refuses", `{"items":{"type":"integer"}}`, `[1,2,"3"]`, "type", "/2"},
	{"prefixItems", `{"prefixItems":[{"type":"string"},{"type":"number"}]}`, `["a",1,{}]`, "", ""},
	{"prefixItems refuses", `{"prefixItems":[{"type":"string"},{"type":"number"}]}`, `["a","b"]`, "type", "/1"},
	{"prefixItems short array", `{"prefixItems":[{"type":"string"},{"type":"number"}]}`, `["a"]`, "", ""},
	{"prefixItems with items false", `{"prefixItems":[{"type":"string"}],"items":false}`, `["a",1]`, "false", "/1"},
	{"minItems", `{"minItems":1}`, `[]`, "minItems", ""},
	{"maxItems", `{"maxItems":1}`, `[1,2]`, "maxItems", ""},
	{"uniqueItems numbers by value", `{"uniqueItems":true}`, `[1,1.0]`, "uniqueItems", ""},
	{"uniqueItems zero and minus zero", `{"uniqueItems":true}`, `[0,-0]`, "uniqueItems", ""},
	{"uniqueItems objects unordered", `{"uniqueItems":true}`, `[{"a":1,"b":2},{"b":2,"a":1}]`, "uniqueItems", ""},
	{"uniqueItems kinds differ", `{"uniqueItems":true}`, `["1",1,true,null,[1],{"1":1}]`, "", ""},
	{"uniqueItems false", `{"uniqueItems":false}`, `[1,1]`, "", ""},
	{"uniqueItems long", `{"uniqueItems":true}`, longArray(100, -1), "", ""},
	{"uniqueItems long duplicate", `{"uniqueItems":true}`, longArray(100, 57), "uniqueItems", ""},
	{"uniqueItems long nested", `{"uniqueItems":true}`, `[[1],[2],[3],[4],[5],[6],[7],[8],[9],[10],[11],[12],[13],[14],[15],[16],{"a":[2.0]},[17],{"a":[2]}]`, "uniqueItems", ""},

	// numbers
	{"minimum", `{"minimum":0}`, `0`, "", ""},
	{"minimum refuses", `{"minimum":0}`, `-0.5`, "minimum", ""},
	{"maximum", `{"maximum":10}`, `10`, "", ""},
	{"maximum refuses 1e400", `{"maximum":100}`, `1e400`, "maximum", ""},
	{"minimum refuses -1e400", `{"minimum":-100}`, `-1e400`, "minimum", ""},
	{"exclusiveMinimum", `{"exclusiveMinimum":0}`, `0`, "exclusiveMinimum", ""},
	{"exclusiveMaximum", `{"exclusiveMaximum":1}`, `1`, "exclusiveMaximum", ""},
	{"exclusiveMaximum as JSON.parse reads it", `{"exclusiveMaximum":1}`, `0.99999999999999999999`, "exclusiveMaximum", ""},
	{"maximum as JSON.parse reads it", `{"maximum":9007199254740992}`, `9007199254740993`, "", ""},
	{"minimum ignores strings", `{"minimum":5}`, `"abc"`, "", ""},
	{"multipleOf integer", `{"multipleOf":2}`, `4.0`, "", ""},
	{"multipleOf integer refuses", `{"multipleOf":2}`, `5`, "multipleOf", ""},
	{"multipleOf integer refuses fraction", `{"multipleOf":1}`, `2.5`, "multipleOf", ""},
	{"multipleOf 0.1", `{"multipleOf":0.1}`, `0.3`, "", ""},
	{"multipleOf 0.1 refuses 0.35", `{"multipleOf":0.1}`, `0.35`, "multipleOf", ""},
	{"multipleOf 0.01", `{"multipleOf":0.01}`, `19.99`, "", ""},
	{"multipleOf 0.01 4.35", `{"multipleOf":0.01}`, `4.35`, "", ""},
	{"multipleOf 0.001 refuses tiny", `{"multipleOf":0.001}`, `1e-12`, "multipleOf", ""},
	{"multipleOf refuses infinity", `{"multipleOf":2}`, `1e400`, "multipleOf", ""},
	{"multipleOf zero", `{"multipleOf":0.5}`, `0`, "", ""},
	{"multipleOf negative", `{"multipleOf":0.5}`, `-1.5`, "", ""},

	// strings
	{"minLength code points", `{"minLength":2}`, `"é"`, "minLength", ""},
	{"maxLength emoji is one", `{"maxLength":1}`, `"😀"`, "", ""},
	{"maxLength escaped pair is one", `{"maxLength":1}`, `"\ud83d\ude00"`, "", ""},
	{"maxLength refuses", `{"maxLength":2}`, `"abc"`, "maxLength", ""},
	{"minLength multibyte", `{"minLength":3}`, `"日本語"`, "", ""},
	{"minLength ignores numbers", `{"minLength":3}`, `1`, "", ""},

	// combining
	{"allOf", `{"allOf":[{"type":"integer"},{"minimum":2}]}`, `3`, "", ""},
	{"allOf refuses", `{"allOf":[{"type":"integer"},{"minimum":2}]}`, `1`, "minimum", ""},
	{"anyOf", `{"anyOf":[{"type":"string"},{"type":"null"}]}`, `null`, "", ""},
	{"anyOf refuses", `{"anyOf":[{"type":"string"},{"type":"null"}]}`, `1`, "anyOf", ""},
	{"oneOf", `{"oneOf":[{"type":"integer"},{"type":"string"}]}`, `"a"`, "", ""},
	{"oneOf both", `{"oneOf":[{"type":"integer"},{"type":"number"}]}`, `1`, "oneOf", ""},
	{"oneOf none", `{"oneOf":[{"type":"integer"},{"type":"string"}]}`, `1.5`, "oneOf", ""},
	{"not", `{"not":{"type":"string"}}`, `1`, "", ""},
	{"not refuses", `{"not":{"type":"string"}}`, `"a"`, "not", ""},
	{"true schema", `true`, `{"anything":[1,2]}`, "", ""},
	{"false schema", `false`, `null`, "false", ""},
	{"empty schema", `{}`, `[]`, "", ""},
	{"annotations ignored", `{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","title":"t","description":"d","$comment":"c","examples":[1],"default":1,"deprecated":false,"readOnly":true,"writeOnly":false}`, `1`, "", ""},

	// references
	{"tree valid", tree, `{"name":"a","kids":[{"name":"b","kids":[{"name":"c"}]}]}`, "", ""},
	{"tree deep error", tree, `{"name":"a","kids":[{"name":"b","kids":[{"name":""}]}]}`, "minLength", "/kids/0/kids/0/name"},
	{"tree extra", tree, `{"name":"a","kids":[{"name":"b","x":1}]}`, "additionalProperties", "/kids/0/x"},
	{"ref with siblings", `{"$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":2}`, `"abc"`, "maxLength", ""},
	{"ref escaped name", `{"$defs":{"a/b":{"type":"string"}},"$ref":"#/$defs/a~1b"}`, `1`, "type", ""},
	{"ref to false", `{"$defs":{"no":false},"properties":{"x":{"$ref":"#/$defs/no"}}}`, `{"x":1}`, "false", "/x"},
	{"exponential allOf", exponential(40, `"$ref":"#/$defs/d0"`), `1`, "limit", "-"},

	// not JSON
	{"duplicate key", `true`, `{"a":1,"a":2}`, "json", ""},
	{"duplicate key escaped", `{}`, `{"a":1,"\u0061":2}`, "json", ""},
	{"empty payload", `{}`, ``, "json", ""},
	{"trailing data", `{}`, `1 2`, "json", ""},
	{"lone surrogate", `{}`, `"\ud800"`, "json", ""},
	{"leading zero", `{"type":"number"}`, `01`, "json", ""},
}
