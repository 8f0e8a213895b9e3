package e2e

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// TestErrorCodesAgree: the error codes are written three times, in Go
// (wasm/core), in the loader's exported codes array and in the typings'
// ErrorCode union. They must be the same set, or a JS caller would match
// on a code Go never sends, or miss one it does.
func TestErrorCodesAgree(t *testing.T) {
	goCodes := coreCodes(t, "../../wasm/core/errors.go")
	loader := read(t, "../../wasm/js/loader.js")
	arr := regexp.MustCompile(`(?s)const codes = Object\.freeze\(\[(.*?)\]\)`).FindSubmatch(loader)
	if arr == nil {
		t.Fatal("loader.js: no codes array")
	}
	dts := read(t, "../../wasm/js/postbridge.d.ts")
	union := regexp.MustCompile(`(?s)export type ErrorCode =(.*?);`).FindSubmatch(dts)
	if union == nil {
		t.Fatal("postbridge.d.ts: no ErrorCode union")
	}
	for name, got := range map[string][]string{"loader.js codes": quoted(arr[1]), "postbridge.d.ts ErrorCode": quoted(union[1])} {
		slices.Sort(got)
		if !slices.Equal(got, goCodes) {
			t.Errorf("%s = %q; want the Go codes %q", name, got, goCodes)
		}
	}
	if len(goCodes) < 10 {
		t.Errorf("found only %q in wasm/core/errors.go", goCodes)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quoted returns the double-quoted strings in b.
func quoted(b []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`"([A-Z_]+)"`).FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// coreCodes returns the values of the constants of type Code in a Go file,
// sorted.
func coreCodes(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
			return true
		}
		for _, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				out = append(out, s)
			}
		}
		return true
	})
	slices.Sort(out)
	return out
}
