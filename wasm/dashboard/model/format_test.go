package model_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

func TestFormatTime(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("UTC+1", 3600)
	for _, c := range []struct {
		ms   float64
		loc  *time.Location
		want string
	}{
		{1735787045123.456, nil, "03:04:05.123"},
		{1735787045123.456, paris, "04:04:05.123"},
		{0, nil, ""},
		{-5, nil, ""},
		{math.NaN(), nil, ""},
		{math.Inf(1), nil, ""},
	} {
		if got := model.FormatTime(c.ms, c.loc); got != c.want {
			t.Errorf("FormatTime(%v): got %q; want %q", c.ms, got, c.want)
		}
	}
}

func TestFormatLatency(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ms   float64
		want string
	}{
		{0.412, "0.41 ms"}, {12.34, "12.3 ms"}, {1500, "1.50 s"}, {0, ""}, {-1, ""}, {math.NaN(), ""},
	} {
		if got := model.FormatLatency(c.ms); got != c.want {
			t.Errorf("FormatLatency(%v): got %q; want %q", c.ms, got, c.want)
		}
	}
}

var prettyCases = []struct {
	in, want string
	ok       bool
}{
	{`{"b":1,"a":[1,{"c":null}]}`, "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    {\n      \"c\": null\n    }\n  ]\n}", true},
	{`"just a string"`, `"just a string"`, true},
	{`{"cut":"abc…`, `{"cut":"abc…`, false},
	{``, ``, false},
	{`<img src=x onerror=alert(1)>`, `<img src=x onerror=alert(1)>`, false},
}

func TestPretty(t *testing.T) {
	t.Parallel()
	for _, c := range prettyCases {
		if got, ok := model.Pretty(c.in); got != c.want || ok != c.ok {
			t.Errorf("Pretty(%q): got %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestExport(t *testing.T) {
	t.Parallel()
	b, err := model.Export(filterRecords[:3])
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Export: got invalid JSON %s: %v", b, err)
	}
	if len(back) != 3 || back[2]["reason"] != "ORIGIN_REFUSED" || back[1]["latency"] != 1.5 || back[0]["payload"] != `{"name":"Ada"}` {
		t.Errorf("Export: got %v", back)
	}
	if _, has := back[0]["ID"]; has {
		t.Error("Export: got the internal ID; want it left out")
	}
	empty, _ := model.Export(nil)
	if string(empty) != "[\n\n]\n" {
		t.Errorf("Export(nil): got %q", empty)
	}
}
