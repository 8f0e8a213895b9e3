package envelope

import (
	"os"
	"strings"
	"testing"
)

// TestProtocolExamples keeps PROTOCOL.md honest: its first JSON block must
// decode and re-encode byte for byte, its second must be refused line by line.
func TestProtocolExamples(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```json\n")
	if len(blocks) != 3 {
		t.Fatalf("PROTOCOL.md: got %d json blocks; want 2", len(blocks)-1)
	}
	lines := func(b string) []string {
		return strings.Split(strings.TrimSpace(b[:strings.Index(b, "```")]), "\n")
	}
	valid := lines(blocks[1])
	if len(valid) != len(allKinds) {
		t.Errorf("PROTOCOL.md: got %d valid examples; want one per kind (%d)", len(valid), len(allKinds))
	}
	for _, line := range valid {
		e, err := Decode([]byte(line), Limits{})
		if err != nil {
			t.Errorf("Decode(%s): got %v; want success", line, err)
			continue
		}
		if out, err := Encode(e, Limits{}); err != nil || string(out) != line {
			t.Errorf("Encode(Decode(%s)): got %s, %v; want the same text", line, out, err)
		}
	}
	for _, line := range lines(blocks[2]) {
		if _, err := Decode([]byte(line), Limits{}); err == nil {
			t.Errorf("Decode(%s): got success; want an error", line)
		}
	}
}
