package e2e

import (
	"testing"
	"time"
)

// TestGoAppPage frames the go-app page (wasm/goapp) from the main page
// and drives it through the bridge: typed requests and a typed refusal,
// the page's own request back to the parent shown in its UI, and the
// channel closing when the page's component is dismounted.
func TestGoAppPage(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Main+"/")
	p.Wait("the main page's go-app script", `window.goappDemo !== undefined`, 20*time.Second)
	Eval[bool](p, `(goappDemo.show(), true)`)
	// go-app boots in about a second and a half; on two busy cores more.
	p.Wait("the go-app page connecting", `pbLog.some(e => e.event === "goapp-connected")`, 60*time.Second)
	const ch = `goappDemo.channel()`

	t.Run("greet answered like the plain framed page", func(t *testing.T) {
		p.t = t
		p.Wait("the go-app page's greeting", `pbLog.some(e => e.event === "goapp-reply")`, 20*time.Second)
		if got, want := Eval[string](p, `pbLog.find(e => e.event === "goapp-reply").greeting`), "Hello, Ada, from "+s.Other; got != want {
			t.Errorf("greeting = %q; want %q", got, want)
		}
	})

	t.Run("typed request and a payload of the wrong type", func(t *testing.T) {
		p.t = t
		got := Eval[map[string]any](p, `(async () => {
			const out = {a: await `+ch+`.request("add", {n: 2}), b: await `+ch+`.request("add", {n: 3})};
			try { await `+ch+`.request("add", {n: "two"}); out.bad = "resolved"; } catch (e) { out.bad = e.code; }
			try { await `+ch+`.request("add", {n: 2000000}); out.big = "resolved"; } catch (e) { out.big = e.code; }
			return out;
		})()`)
		if a, b := got["a"].(map[string]any), got["b"].(map[string]any); a["total"] != float64(2) || b["total"] != float64(5) {
			t.Errorf("add 2 then 3: %v, %v; want totals 2 and 5", a, b)
		}
		if got["bad"] != "SCHEMA" {
			t.Errorf(`add {n: "two"}: %v; want SCHEMA (the payload does not decode into Add)`, got["bad"])
		}
		if got["big"] != "HANDLER_ERROR" {
			t.Errorf(`add {n: 2000000}: %v; want HANDLER_ERROR (the handler's own error)`, got["big"])
		}
	})

	t.Run("the page's request to the parent shows in its UI", func(t *testing.T) {
		p.t = t
		p.Wait("the go-app page asking the parent", `pbLog.some(e => e.event === "goapp-describe" && e.from === "go-app")`, 20*time.Second)
		// What the frame's DOM shows, read by the frame itself: redraws
		// follow the handlers by a frame or so.
		got := Eval[map[string]any](p, `(async () => {
			let s;
			for (let i = 0; i < 100; i++) {
				s = await `+ch+`.request("snapshot");
				if (s.parentSays === document.title && s.total === "5") break;
				await new Promise(r => setTimeout(r, 50));
			}
			return s;
		})()`)
		title := Eval[string](p, `document.title`)
		if got["parentSays"] != title || got["total"] != "5" || got["greetings"] != "1" || got["lastGreeting"] != "Ada" {
			t.Errorf("the go-app page shows %v; want the parent's title %q, total 5, one greeting for Ada", got, title)
		}
		if status, _ := got["status"].(string); status != "connected to "+s.Main {
			t.Errorf("the go-app page's status = %q; want connected to %s", status, s.Main)
		}
	})

	t.Run("dismounting the component closes the channel", func(t *testing.T) {
		p.t = t
		got := Eval[string](p, `(async () => {
			const c = `+ch+`;
			const closed = new Promise(r => c.onClose(e => r(e ? e.code : "no error")));
			c.request("leave").catch(() => {}); // the answer may lose the race with the close
			return await Promise.race([closed, new Promise(r => setTimeout(() => r("still open"), 10000))]);
		})()`)
		if got == "still open" {
			t.Fatalf("the channel after leave: %s; want it closed by the go-app page", got)
		}
		t.Logf("the main page's onClose fired: %s", got)
		p.Wait("the main page noting the close", `pbLog.some(e => e.event === "goapp-closed")`, 5*time.Second)
		if got := Eval[string](p, `document.getElementById("goapp-status").dataset.state`); got != "closed" {
			t.Errorf("goapp-status = %q; want closed", got)
		}
	})

	t.Run("the toggle removes the frame", func(t *testing.T) {
		p.t = t
		got := Eval[[]any](p, `(goappDemo.hide(), [document.getElementById("goapp") === null, document.getElementById("goapp-status").dataset.state])`)
		if got[0] != true || got[1] != "off" {
			t.Errorf("after the toggle: frame gone %v, status %v; want true, off", got[0], got[1])
		}
	})
}
