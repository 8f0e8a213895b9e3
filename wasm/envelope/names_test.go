package envelope

import (
	"strings"
	"testing"
)

// foldEqual agrees with strings.EqualFold wherever one side is a member
// name of the protocol, which is all it is used for.
func TestFoldEqual(t *testing.T) {
	inputs := []string{"postbridge", "POSTBRIDGE", "PostBridge", "poſtbridge", "postbridgE", "postbridg", "postbridges",
		"Kind", "\u212aind", "kinD", "channel", "chanNEL", "ſession", "SESSION", "seq", "Seq", "SEQ", "id", "ID", "İd",
		"payload", "PAYLOAD", "error", "ERROR", "type", "TYPE", "to", "TO", "", "é", "postbridge\x00", "\xffpostbridge"}
	for _, known := range knownMembers {
		for _, in := range inputs {
			if got, want := foldEqual(known, in), strings.EqualFold(known, in); got != want {
				t.Errorf("foldEqual(%q, %q) = %t; strings.EqualFold says %t", known, in, got, want)
			}
		}
	}
}

func FuzzFoldEqual(f *testing.F) {
	f.Add("POSTBRIDGE")
	f.Add("poſtbridge")
	f.Fuzz(func(t *testing.T, in string) {
		for _, known := range knownMembers {
			if got, want := foldEqual(known, in), strings.EqualFold(known, in); got != want {
				t.Fatalf("foldEqual(%q, %q) = %t; strings.EqualFold says %t", known, in, got, want)
			}
		}
	})
}
