// Command mutate checks that the security tests can fail: it builds each
// mutant below (the naive version of a check, written into a copy of one
// file and compiled in with go test -overlay, so the tree is never
// touched), runs the tests that guard that check, and fails unless every
// mutant is caught.
//
//	go run ./build/mutate        (make test runs it)
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A mutant replaces one exact piece of a file.
type mutant struct {
	name      string // the naive check it stands for
	file      string
	old, new  string
	pkg, test string // the tests that must catch it
}

var mutants = []mutant{
	{"origin compared by prefix, as the classic example does",
		"wasm/origin/allowlist.go", "if s == origin {", `if strings.HasPrefix(origin, strings.TrimSuffix(s, ":8080")) {`,
		"./wasm/origin", "Allows"},
	{"any window of an allowed origin accepted",
		"wasm/core/router.go", "if source != nil && c.win.Is(source) {", "if source != nil {",
		"./wasm/core", "Source|Window"},
	{`any "null" message accepted, secret or not`,
		"wasm/core/handshake.go", "case c.s.null && !c.proves(v.Payload):", "case false:",
		"./wasm/core", "Sandbox"},
	{"the embedder's hello to '*' carries the secret",
		"wasm/core/config.go", "case s.Sandboxed:\n\t\ts.hello, s.welcome = withProof", "default:\n\t\ts.hello, s.welcome = withProof",
		"./wasm/core", "Sandbox"},
	{`the source check skipped for "null"`,
		"wasm/core/router.go", "if source != nil && c.win.Is(source) {", "if source != nil && (c.win.Is(source) || c.s.null) {",
		"./wasm/core", "Sandbox"},
	{"a welcome accepted from another listed origin than the hello it answers",
		"wasm/core/handshake.go", "case c.hs.origin != \"\" && origin != c.hs.origin:", "case false:",
		"./wasm/core", "Origins"},
	{"an event that script dispatched (isTrusted false) judged as a real one",
		"wasm/boundary/windows.go", "if !trusted {", "if false {",
		"./wasm/boundary", "Gate"},
	{"hellos of a list posted to the first origin only",
		"wasm/core/handshake.go", "for _, o := range c.s.origins {", "for _, o := range c.s.origins[:1] {",
		"./wasm/core", "Origins"},
}

func main() {
	dir, err := os.MkdirTemp("", "postbridge-mutants-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	survived := 0
	for i, m := range mutants {
		src, err := os.ReadFile(m.file)
		if err != nil {
			fail(err)
		}
		if strings.Count(string(src), m.old) != 1 {
			fail(fmt.Errorf("mutant %q: %s no longer holds its line exactly once: update build/mutate", m.name, m.file))
		}
		mutated := strings.Replace(string(src), m.old, m.new, 1)
		if strings.Contains(m.new, "strings.") && !strings.Contains(mutated, `"strings"`) {
			mutated = strings.Replace(mutated, "package origin\n", "package origin\n\nimport \"strings\"\n", 1)
		}
		copyPath := filepath.Join(dir, fmt.Sprintf("m%d.go", i))
		abs, _ := filepath.Abs(m.file)
		overlay := filepath.Join(dir, fmt.Sprintf("m%d.json", i))
		spec, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: copyPath}})
		if err := os.WriteFile(copyPath, []byte(mutated), 0o644); err != nil {
			fail(err)
		}
		if err := os.WriteFile(overlay, spec, 0o644); err != nil {
			fail(err)
		}
		out, err := exec.Command("go", "test", "-count=1", "-overlay", overlay, "-run", m.test, m.pkg).CombinedOutput()
		switch {
		case err == nil:
			survived++
			fmt.Printf("SURVIVED  %s (%s): no test in %s -run %q fails\n", m.name, m.file, m.pkg, m.test)
		case strings.Contains(string(out), "[build failed]") || strings.Contains(string(out), "setup failed"):
			fail(fmt.Errorf("mutant %q does not build:\n%s", m.name, out))
		default:
			fmt.Printf("caught    %s\n", m.name)
		}
	}
	if survived > 0 {
		fmt.Printf("mutate: %d of %d mutants survived: the tests above would pass with a naive check\n", survived, len(mutants))
		os.Exit(1)
	}
	fmt.Printf("mutate: all %d mutants caught\n", len(mutants))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(2)
}
