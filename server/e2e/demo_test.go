package e2e

import (
	"strings"
	"testing"
	"time"
)

// classicCheck is the check of the classic postMessage example, which
// compares the origin's prefix with the trusted site's scheme and host.
func classicCheck(eventOrigin, trusted string) bool {
	return strings.Index(eventOrigin, trusted) == 0
}

// TestDemo loads the main page, which frames the other origin's page, a
// hostile page and a sandboxed frame, and checks what the bridge did.
func TestDemo(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Main+"/")

	t.Run("round trip parent to iframe", func(t *testing.T) {
		p.t = t
		p.Wait("the reply from the framed page", `pbLog.some(e => e.event === "reply")`, 20*time.Second)
		greeting := Eval[string](p, `pbLog.find(e => e.event === "reply").greeting`)
		if want := "Hello, Ada, from " + s.Other; greeting != want {
			t.Errorf("greeting = %q; want %q", greeting, want)
		}
		if got := Eval[string](p, `document.getElementById("status").dataset.state`); got != "connected" {
			t.Errorf("status = %q; want connected", got)
		}
	})

	t.Run("hostile origin refused where the classic check accepts it", func(t *testing.T) {
		p.t = t
		mainNoPort := s.Main[:strings.LastIndex(s.Main, ":")]
		if !classicCheck(s.Evil, mainNoPort) {
			t.Fatalf("test set-up: the classic check should accept %s for %s", s.Evil, mainNoPort)
		}
		t.Logf("classic check event.origin.indexOf(%q) == 0 for %s: accepted", mainNoPort, s.Evil)
		// In the framed page: the classic check accepted the hostile
		// page's message, Postbridge refused it for its origin.
		p.Wait("the framed page's classic check accepting the hostile origin",
			`pbLog.some(e => e.where === "frame" && e.check === "naive" && e.origin === `+jsString(s.Evil)+`)`, 20*time.Second)
		p.Wait("the framed page's bridge refusing the hostile origin",
			`pbLog.some(e => e.where === "frame" && e.check === "bridge" && e.origin === `+jsString(s.Evil)+` && e.reason === "ORIGIN_REFUSED")`, 20*time.Second)
		// In the parent: the same messages, refused.
		p.Wait("the parent refusing the hostile origin",
			`pbLog.some(e => e.where === "main" && e.origin === `+jsString(s.Evil)+` && e.reason === "ORIGIN_REFUSED")`, 20*time.Second)
		t.Logf("Postbridge for %s: refused (ORIGIN_REFUSED) in the framed page and in the parent", s.Evil)
		if n := Eval[int](p, `pbLog.filter(e => e.event === "reply").length`); n != 1 {
			t.Errorf("replies = %d; want 1 (the hostile page's forged messages must not reach a handler)", n)
		}
	})

	t.Run("CORS fetch with credentials and JSONP work from the main origin", func(t *testing.T) {
		p.t = t
		p.Wait("the CORS fetch", `pbLog.some(e => e.event === "cors")`, 20*time.Second)
		if got := Eval[string](p, `pbLog.find(e => e.event === "cors").name`); got != "Ada Lovelace" {
			t.Errorf("CORS fetch read %q; want the profile", got)
		}
		p.Wait("the JSONP callback", `pbLog.some(e => e.event === "jsonp" && e.name === "Ada Lovelace")`, 20*time.Second)
		if got := Eval[string](p, `pbLog.find(e => e.event === "jsonp").note`); !strings.Contains(got, " ") {
			t.Errorf("JSONP note %q lost its U+2028 (escaped on the wire, intact after parsing)", got)
		}
	})

	t.Run("sandboxed frame admitted with the secret, the guessing one refused", func(t *testing.T) {
		p.t = t
		p.Wait("the sandboxed frame's reply", `pbLog.some(e => e.event === "sandbox-ok-reply")`, 30*time.Second)
		if got := Eval[string](p, `pbLog.find(e => e.event === "sandbox-ok-reply").greeting`); got != "Hello, Ada, from a sandboxed frame (origin null)" {
			t.Errorf("sandboxed frame's greeting = %q", got)
		}
		p.Wait("the parent refusing the guessing frame",
			`pbLog.some(e => e.where === "main" && e.origin === "null" && e.reason === "ORIGIN_REFUSED")`, 20*time.Second)
		p.Wait("the guessing frame's connect failing", `pbLog.some(e => e.event === "sandbox-bad-failed" && e.reason === "TIMEOUT")`, 30*time.Second)
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestEvilPageAttacks opens the hostile origin's own page, which tries
// the network attacks, and checks what the browser and server let through.
func TestEvilPageAttacks(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Evil+"/")
	p.Wait("the attacks", "window.attacks && window.attacks.done === true", 20*time.Second)
	got := Eval[map[string]any](p, "window.attacks")
	want := map[string]string{
		"corsFetch":    "blocked",           // strict CORS: no grant for this origin
		"websocket":    "closed 1006",       // the relay refuses the upgrade (403)
		"jsonp":        "read Ada Lovelace", // JSONP is readable by anyone: why it is a last resort
		"someCallback": "refused",           // a dotted callback gets 400
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("attack %s: %v; want %q", k, got[k], w)
		}
	}
}
