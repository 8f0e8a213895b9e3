package relay

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestNewConfig(t *testing.T) {
	t.Parallel()
	h, err := New(Config{})
	if err != nil {
		t.Fatalf("New(Config{}): got %v; want nil", err)
	}
	want := Limits{MaxFrame: DefaultMaxFrame, MaxBatch: DefaultMaxBatch, Queue: DefaultQueueSize,
		DropLimit: DefaultQueueSize, MaxSubscriptions: DefaultMaxSubscriptions,
		History: DefaultHistory, HistoryBytes: DefaultHistoryBytes}
	if got := h.Limits(); got != want {
		t.Errorf("New(Config{}).Limits(): got %+v; want %+v", got, want)
	}
	if c := h.cfg; c.HistoryRooms != DefaultHistoryRooms || c.PingInterval != DefaultPingInterval || c.PingTimeout != DefaultPingTimeout {
		t.Errorf("New(Config{}): got HistoryRooms %d, PingInterval %v, PingTimeout %v; want the defaults",
			c.HistoryRooms, c.PingInterval, c.PingTimeout)
	}

	_, err = New(Config{QueueSize: -1, MaxFrame: 100, Token: "short", WriteTimeout: -1,
		HistoryBytes: -1, HistoryRooms: -2, PingTimeout: -time.Second})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *ConfigError
		if !errors.As(e, &ce) {
			t.Fatalf("New: got %T in joined error; want *ConfigError", e)
		}
		fields = append(fields, ce.Field)
	}
	slices.Sort(fields)
	if want := []string{"HistoryBytes", "HistoryRooms", "MaxFrame", "PingTimeout", "QueueSize", "Token", "WriteTimeout"}; !slices.Equal(fields, want) {
		t.Errorf("New(bad config): got problems with %v; want %v", fields, want)
	}

	for _, tok := range []string{"0123456789abcdef with space", "0123456789abcdef\n", "0123456789abcdeé"} {
		if _, err := New(Config{Token: tok}); err == nil {
			t.Errorf("New(Config{Token: %q}): got nil; want error", tok)
		}
	}
}

// TestConfigOff: a negative History or PingInterval turns the feature
// off instead of being an error.
func TestConfigOff(t *testing.T) {
	t.Parallel()
	h, err := New(Config{History: -1, PingInterval: -1})
	if err != nil {
		t.Fatalf("New(History: -1, PingInterval: -1): got %v; want nil", err)
	}
	if h.cfg.History != 0 || h.cfg.PingInterval != 0 || h.Limits().History != 0 {
		t.Errorf("New(History: -1, PingInterval: -1): got History %d, PingInterval %v; want both off (0)",
			h.cfg.History, h.cfg.PingInterval)
	}
	if err := h.Publish("demo", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if st := h.Stats(); st.HistoryFrames != 0 || st.HistoryRooms != 0 {
		t.Errorf("Stats with history off: got %+v; want nothing kept", st)
	}
}
