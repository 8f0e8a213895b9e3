package model_test

import (
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

// queryCases feed TestFilterFromQuery and the seeds of FuzzFilterFromQuery.
var queryCases = []struct {
	in   string
	want model.Filter
}{
	{"", model.Filter{}},
	{"?", model.Filter{}},
	{"channel=demo&verdict=refused", model.Filter{Channel: "demo", Verdict: "refused"}},
	{"?channel=demo&verdict=refused", model.Filter{Channel: "demo", Verdict: "refused"}},
	{"origin=http%3A%2F%2Fmain.localhost.evil.localhost%3A8082&type=attack-replay-of-a-long-type",
		model.Filter{Origin: evilO, Type: "attack-replay-of-a-long-type"}},
	{"text=hello+ada", model.Filter{Text: "hello ada"}},
	{"verdict=unreadable", model.Filter{Verdict: "unreadable"}},
	// Unknown parameters are ignored; known ones still apply.
	{"channel=demo&utm_source=x&Channel=other", model.Filter{Channel: "demo"}},
	// Invalid values leave their field empty.
	{"verdict=refused%3Cscript%3E", model.Filter{}},
	{"verdict=REFUSED", model.Filter{}},
	{"channel=a&channel=b&type=t", model.Filter{Type: "t"}},
	{"channel=%ff%fe", model.Filter{}},
	{"channel=a%00b", model.Filter{}},
	{"channel=line%0Abreak", model.Filter{}},
	{"channel=" + strings.Repeat("x", model.MaxParamLen+1), model.Filter{}},
	{"channel=" + strings.Repeat("x", model.MaxParamLen), model.Filter{Channel: strings.Repeat("x", model.MaxParamLen)}},
	{"channel=%zz&type=t", model.Filter{Type: "t"}}, // a bad escape costs only its own pair
	{"channel;type=t", model.Filter{}},
	// Markup is kept as the text it is: the page shows it, never parses it.
	{"type=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E", model.Filter{Type: "<img src=x onerror=alert(1)>"}},
	{"text=%E2%80%AEevil", model.Filter{Text: "\u202eevil"}}, // a format character, not a control one
}

func TestFilterFromQuery(t *testing.T) {
	t.Parallel()
	for _, c := range queryCases {
		if got := model.FilterFromQuery(c.in); got != c.want {
			t.Errorf("FilterFromQuery(%q): got %+v; want %+v", c.in, got, c.want)
		}
	}
}

func TestFilterQuery(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		f    model.Filter
		want string
	}{
		{model.Filter{}, ""},
		{model.Filter{Verdict: "refused", Channel: "demo"}, "channel=demo&verdict=refused"},
		{model.Filter{Origin: evilO, Text: "a&b=c #d"}, "origin=http%3A%2F%2Fmain.localhost.evil.localhost%3A8082&text=a%26b%3Dc+%23d"},
	} {
		if got := c.f.Query(); got != c.want {
			t.Errorf("%+v.Query(): got %q; want %q", c.f, got, c.want)
		}
		if back := model.FilterFromQuery(c.want); back != c.f {
			t.Errorf("FilterFromQuery(%q): got %+v; want %+v back", c.want, back, c.f)
		}
	}
}

// FuzzFilterFromQuery: whatever the URL, reading never panics, and a
// filter read back from its own Query is the same filter.
func FuzzFilterFromQuery(f *testing.F) {
	for _, c := range queryCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := model.FilterFromQuery(q)
		if again := model.FilterFromQuery(got.Query()); again != got {
			t.Fatalf("FilterFromQuery(%q) = %+v; its Query %q reads back as %+v", q, got, got.Query(), again)
		}
	})
}
