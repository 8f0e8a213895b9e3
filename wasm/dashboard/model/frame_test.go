package model_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

func TestParseFrame(t *testing.T) {
	t.Parallel()
	for _, c := range frameCases {
		got, err := model.ParseFrame([]byte(c.in))
		if c.err != nil {
			var pe *model.ParseError
			if !errors.Is(err, c.err) || !errors.As(err, &pe) {
				t.Errorf("ParseFrame(%q): got %+v, %v; want error %v", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseFrame(%q): got error %v; want %+v", c.in, err, c.want)
			continue
		}
		if string(got.Data) != string(c.want.Data) {
			t.Errorf("ParseFrame(%q): got data %s; want %s", c.in, got.Data, c.want.Data)
		}
		got.Data, c.want.Data = nil, nil
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseFrame(%q): got %+v; want %+v", c.in, got, c.want)
		}
	}
}

func TestParseRecord(t *testing.T) {
	t.Parallel()
	for _, c := range recordCases {
		got, err := model.ParseRecord([]byte(c.in))
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("ParseRecord(%q): got %+v, %v; want error %v", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseRecord(%q): got %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func TestParseErrorText(t *testing.T) {
	t.Parallel()
	_, err := model.ParseFrame([]byte("not json at all, and much longer than forty bytes of text"))
	const want = `model: frame: not a JSON object ("not json at all, and much longer than fo"…)`
	if err == nil || err.Error() != want {
		t.Errorf("ParseFrame(long text): got %v; want %s", err, want)
	}
}

func BenchmarkParseFrame(b *testing.B) {
	for _, c := range frameCases[:6] {
		in := []byte(c.in)
		b.Run(c.want.Op, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				f, _ := model.ParseFrame(in)
				if f.Op == model.OpMsg {
					model.ParseRecord(f.Data)
				}
			}
		})
	}
}
