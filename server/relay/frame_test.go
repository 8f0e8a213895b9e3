package relay

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestDecodeFrame(t *testing.T) {
	t.Parallel()
	for _, tc := range frameCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := decodeFrame([]byte(tc.in), testMaxBatch)
			if f.ID != tc.id {
				t.Errorf("decodeFrame(%q): got id %q; want %q", tc.in, f.ID, tc.id)
			}
			if tc.code != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != tc.code {
					t.Fatalf("decodeFrame(%q): got error %v; want code %s", tc.in, err, tc.code)
				}
				if !errors.Is(err, &Error{Code: tc.code}) {
					t.Errorf("decodeFrame(%q): errors.Is does not match its own code", tc.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeFrame(%q): got error %v; want none", tc.in, err)
			}
			var items []string
			for _, it := range f.Items {
				items = append(items, string(it))
			}
			if f.Op != tc.op || f.Room != tc.room || !slices.Equal(items, tc.items) || f.Src != tc.src || f.N != tc.n {
				t.Errorf("decodeFrame(%q): got op %q room %q items %q src %q n %d; want %q %q %q %q %d",
					tc.in, f.Op, f.Room, items, f.Src, f.N, tc.op, tc.room, tc.items, tc.src, tc.n)
			}
		})
	}
}

// FuzzDecodeFrame checks that decodeFrame never panics, that every failure is
// a typed *Error, and that an accepted frame holds what the relay promises
// to relay: a valid room and compact JSON objects only.
func FuzzDecodeFrame(f *testing.F) {
	for _, tc := range frameCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := decodeFrame(b, testMaxBatch)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code == "" {
				t.Fatalf("decodeFrame(%q): untyped error %v", b, err)
			}
			return
		}
		switch fr.Op {
		case opPing:
		case opSub, opUnsub:
			if !ValidRoom(fr.Room) && fr.Room != AllRooms {
				t.Fatalf("decodeFrame(%q): accepted room %q", b, fr.Room)
			}
		case opPub:
			if !ValidRoom(fr.Room) || len(fr.Items) == 0 || len(fr.Items) > testMaxBatch {
				t.Fatalf("decodeFrame(%q): accepted pub room %q with %d items", b, fr.Room, len(fr.Items))
			}
			if (fr.Src == "") != (fr.N == 0) || (fr.Src != "" && !ValidRoom(fr.Src)) || fr.N > maxItemNumber {
				t.Fatalf("decodeFrame(%q): accepted src %q, n %d", b, fr.Src, fr.N)
			}
			for _, it := range fr.Items {
				var obj map[string]any
				if json.Unmarshal(it, &obj) != nil || obj == nil {
					t.Fatalf("decodeFrame(%q): item %q is not an object", b, it)
				}
				// The encoded msg frame must itself be valid JSON that says
				// what was published.
				var m struct {
					Room string          `json:"room"`
					Data json.RawMessage `json:"data"`
				}
				out := appendMsg(nil, fr.Room, "c1", nil, 1, time.Unix(0, 0), it)
				if err := json.Unmarshal(out, &m); err != nil || m.Room != fr.Room || string(m.Data) != string(it) {
					t.Fatalf("appendMsg for %q: got %s (%v)", b, out, err)
				}
			}
		default:
			t.Fatalf("decodeFrame(%q): accepted op %q", b, fr.Op)
		}
	})
}

func BenchmarkDecodeFrame(b *testing.B) {
	for _, tc := range frameCases {
		if len(tc.in) > 1000 {
			continue
		}
		b.Run(tc.name, func(b *testing.B) {
			in := []byte(tc.in)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = decodeFrame(in, testMaxBatch)
			}
		})
	}
}

func TestAppendMsg(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.FixedZone("x", 3600))
	for _, tc := range []struct {
		origin []byte
		want   string
	}{
		{nil, `{"op":"msg","room":"demo","from":"c12","seq":42,"time":"2025-01-02T02:04:05.000000006Z","data":{"k":"v"}}`},
		{encodeString(`http://a"b`), `{"op":"msg","room":"demo","from":"c12","origin":"http://a\"b","seq":42,"time":"2025-01-02T02:04:05.000000006Z","data":{"k":"v"}}`},
	} {
		msg := appendMsg(nil, "demo", "c12", tc.origin, 42, at, []byte(`{"k":"v"}`))
		if got := string(msg); got != tc.want {
			t.Errorf("appendMsg(origin %s): got %s; want %s", tc.origin, got, tc.want)
		}
		// The same publication replayed as history: marked, otherwise
		// the same members.
		hist := appendHistory(nil, msg)
		if want := `{"op":"msg","history":true,` + tc.want[len(`{"op":"msg",`):]; string(hist) != want {
			t.Errorf("appendHistory(%s): got %s; want %s", msg, hist, want)
		}
	}
}
