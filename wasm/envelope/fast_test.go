package envelope

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzFastMatchesScan checks the canonical-layout fast path against the
// general one: whatever fast accepts, the general path accepts with the
// same View, so taking the fast path can never let in a message the
// general rules refuse, nor read one differently.
func FuzzFastMatchesScan(f *testing.F) {
	for _, s := range fastSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, lim := range scanLimits {
			checkFastMatchesScan(t, []byte(in), lim)
		}
	})
}

// TestFastMatchesScanSeeds runs the check on every seed, long ones too.
func TestFastMatchesScanSeeds(t *testing.T) {
	t.Parallel()
	for _, in := range fastSeeds() {
		for _, lim := range scanLimits {
			checkFastMatchesScan(t, []byte(in), lim)
		}
	}
}

func checkFastMatchesScan(t *testing.T, in []byte, lim Limits) {
	t.Helper()
	var fv, gv View
	if !fv.fast(in, lim) {
		return
	}
	if err := gv.scan(in, lim); err != nil {
		t.Fatalf("fast accepted %q under %+v; the general path refuses it: %v", cut(string(in)), lim, err)
	}
	if !reflect.DeepEqual(fv, gv) {
		t.Fatalf("fast read %q as %+v; the general path as %+v", cut(string(in)), fv, gv)
	}
}

// TestFastTakesWhatAppendWrites checks that the fast path is the one a
// Postbridge peer's messages take: every kind as Append writes it, and
// payloads of every JSON type. A fast path nothing reaches would be dead
// weight in every page's download.
func TestFastTakesWhatAppendWrites(t *testing.T) {
	payloads := []string{`null`, `1`, `"x"`, `[1,{"a":"\u00e9"}]`, `{"a":{"b":[true,false]}}`}
	for _, e := range kinds {
		if e.Error != nil {
			continue // error members take the general path
		}
		for _, p := range payloads {
			if e.Payload != nil {
				e.Payload = []byte(p)
			}
			b, err := e.Append(nil, Limits{})
			if err != nil {
				t.Fatalf("Append(%+v): %v", e, err)
			}
			var v View
			if !v.fast(b, Limits{}) {
				t.Errorf("fast refused Append's %s", b)
			}
		}
	}
}

// TestFastDeclinesWhatItDoesNotKnow lists layouts the fast path must leave
// to the general path, each of which defeats a naive prefix matcher: the
// general path then accepts or refuses them by the full rules.
func TestFastDeclinesWhatItDoesNotKnow(t *testing.T) {
	base := `{"postbridge":1,"channel":"chat","session":"` + alice + `","seq":1,"kind":"event","type":"t","payload":1}`
	cases := map[string]string{
		"space after a colon":    strings.Replace(base, `"seq":1`, `"seq": 1`, 1),
		"escaped name":           strings.Replace(base, `"kind"`, `"\u006bind"`, 1),
		"escaped channel":        strings.Replace(base, `"chat"`, `"ch\u0061t"`, 1),
		"duplicate kind":         strings.Replace(base, `"payload":1`, `"payload":1,"kind":"close"`, 1),
		"payload closes early":   strings.Replace(base, `"payload":1`, `"payload":1},{"x":2`, 1),
		"trailing space":         strings.Replace(base, `1}`, `1 }`, 1),
		"leading zero seq":       strings.Replace(base, `"seq":1`, `"seq":01`, 1),
		"seq past MaxSeq":        strings.Replace(base, `"seq":1`, `"seq":9007199254740992`, 1),
		"unknown member":         strings.Replace(base, `"payload":1`, `"payload":1,"admin":true`, 1),
		"version two":            strings.Replace(base, `"postbridge":1`, `"postbridge":2`, 1),
		"members out of order":   strings.Replace(base, `"seq":1,"kind":"event"`, `"kind":"event","seq":1`, 1),
		"type missing for event": strings.Replace(base, `"type":"t",`, ``, 1),
	}
	for name, in := range cases {
		var v View
		if v.fast([]byte(in), Limits{}) {
			t.Errorf("%s: fast accepted %s", name, in)
		}
	}
}

// fastSeeds are Append's layouts with single bytes changed, plus every seed
// of the Scan differential test.
func fastSeeds() []string {
	seeds := scanSeeds()
	for _, e := range kinds {
		b, err := e.Append(nil, Limits{})
		if err != nil {
			continue
		}
		seeds = append(seeds, string(b))
		for _, at := range []int{1, len(b) / 3, len(b) / 2, len(b) - 2} {
			for _, c := range []byte{' ', '"', '\\', '0', '}', ','} {
				m := []byte(string(b))
				m[at] = c
				seeds = append(seeds, string(m))
			}
		}
	}
	return seeds
}
