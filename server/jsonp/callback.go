package jsonp

// MaxCallbackLen is the longest callback name accepted, in bytes.
const MaxCallbackLen = 64

// ValidCallback reports whether name may be used as a JSONP callback: one
// ASCII JavaScript identifier, [A-Za-z_$][A-Za-z0-9_$]*, 1 to 64 bytes
// long, that is not a reserved word. Dots, brackets, parentheses, spaces,
// escapes and non-ASCII letters are all refused, so the name can only ever
// designate one global of the page that loads the script.
func ValidCallback(name string) bool {
	if len(name) == 0 || len(name) > MaxCallbackLen {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == '$':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return !reserved[name]
}

// reserved holds the ECMAScript reserved words, including those reserved
// only in strict mode or in modules (let, static, yield, await, ...), and
// the literals true, false and null. Any of them as a callback would make
// the generated script a syntax error or a no-op at best, so they are
// refused up front. Names that are merely built-in globals (eval, alert,
// undefined, __proto__, constructor) are valid identifiers and accepted:
// the generated script only calls them, in the including page's own
// global scope, if they are functions.
var reserved = map[string]bool{
	"await": true, "break": true, "case": true, "catch": true, "class": true,
	"const": true, "continue": true, "debugger": true, "default": true,
	"delete": true, "do": true, "else": true, "enum": true, "export": true,
	"extends": true, "false": true, "finally": true, "for": true,
	"function": true, "if": true, "implements": true, "import": true,
	"in": true, "instanceof": true, "interface": true, "let": true,
	"new": true, "null": true, "package": true, "private": true,
	"protected": true, "public": true, "return": true, "static": true,
	"super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true,
	"with": true, "yield": true,
}
