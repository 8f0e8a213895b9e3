package main

import (
	"bytes"
	"strings"
	"testing"
)

// Bad flags stop the server at start with a message naming the flag.
func TestRunRefusesBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"-main", "http://*.localhost:8080"}, []string{"-main", "wildcard"}},
		{[]string{"-other", "null"}, []string{"-other"}},
		{[]string{"-evil", "http://evil.localhost:8080/path"}, []string{"-evil"}},
		{[]string{"-other", "http://other.localhost:8080"}, []string{"-other", "port 8080"}},
		{[]string{"-main", "ftp://main.localhost:8080"}, []string{"-main"}},
		{[]string{"-main", "http://main.localhost:8080 "}, []string{"-main"}},
		{[]string{"-main", "https://main.localhost:8443"}, []string{"-main", "plain http"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(c.args, &stderr); code != 2 {
				t.Errorf("run(%q) = %d; want 2", c.args, code)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("run(%q) said %q; want it to mention %q", c.args, stderr.String(), w)
				}
			}
		})
	}
}

// Two bad flags are both reported.
func TestRunReportsEveryBadFlag(t *testing.T) {
	var stderr bytes.Buffer
	run([]string{"-main", "*", "-evil", "null"}, &stderr)
	for _, w := range []string{"-main", "-evil"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr %q does not mention %s", stderr.String(), w)
		}
	}
}
