package relay

import (
	"errors"
	"testing"
)

func TestNewConfig(t *testing.T) {
	t.Parallel()
	h, err := New(Config{})
	if err != nil {
		t.Fatalf("New(Config{}): got %v; want nil", err)
	}
	want := Limits{MaxFrame: DefaultMaxFrame, MaxBatch: DefaultMaxBatch, Queue: DefaultQueueSize,
		DropLimit: DefaultQueueSize, MaxSubscriptions: DefaultMaxSubscriptions}
	if got := h.Limits(); got != want {
		t.Errorf("New(Config{}).Limits(): got %+v; want %+v", got, want)
	}

	_, err = New(Config{QueueSize: -1, MaxFrame: 100, Token: "short", WriteTimeout: -1})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *ConfigError
		if !errors.As(e, &ce) {
			t.Fatalf("New: got %T in joined error; want *ConfigError", e)
		}
		fields = append(fields, ce.Field)
	}
	if len(fields) != 4 {
		t.Errorf("New(bad config): got problems with %v; want QueueSize, MaxFrame, Token, WriteTimeout", fields)
	}

	for _, tok := range []string{"0123456789abcdef with space", "0123456789abcdef\n", "0123456789abcdeé"} {
		if _, err := New(Config{Token: tok}); err == nil {
			t.Errorf("New(Config{Token: %q}): got nil; want error", tok)
		}
	}
}
