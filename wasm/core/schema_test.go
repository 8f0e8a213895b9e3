package core_test

import (
	"context"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
)

// The sender checks its own messages: a mistake shows up as an error at
// the call, not as a refusal on the other side.
func TestSchemaOnSend(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	schemas := fakeSchemas{"count": digits}
	mc, _ := w.connectEach(t, func(c *core.Config) { c.Schemas = schemas }, nil)
	wantCode(t, `Emit(count, "x")`, mc.Emit("count", []byte(`"x"`)), core.ErrSchema)
	wantCode(t, "Emit(count, no payload)", mc.Emit("count", nil), core.ErrSchema)
	_, err := request(mc, "count", `"x"`, patience)
	wantCode(t, `Request(count, "x")`, err, core.ErrSchema)
	wantCode(t, "Emit(other)", mc.Emit("other", []byte(`1`)), core.ErrUnknownType)
	wantCode(t, "On(other)", mc.On("other", func([]byte, core.Meta) {}), core.ErrUnknownType)
	wantCode(t, "Handle(other)", mc.Handle("other", nil), core.ErrUnknownType)
	if err := mc.Emit("count", []byte(`7`)); err != nil {
		t.Errorf("Emit(count, 7): %v", err)
	}
	if err := mc.On("count", func([]byte, core.Meta) {}); err != nil {
		t.Errorf("On(count): %v", err)
	}
}

// The receiver checks what arrives even when the sender has no schemas:
// a refused event never reaches its handler, a refused request is
// answered with the schema's code.
func TestSchemaOnReceive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	schemas := fakeSchemas{"count": digits, "add": digits}
	mc, wc := w.connectEach(t, nil, func(c *core.Config) { c.Schemas = schemas })
	counts := collect(t, wc, "count")
	ran := make(chan struct{}, 4)
	handle(t, wc, "add", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) {
		ran <- struct{}{}
		return p, nil
	})

	if err := mc.Emit("count", []byte(`"x"`)); err != nil {
		t.Fatal(err)
	}
	d := w.widget.rec.wait(t, "refusing the event", refused(core.CodeSchema))
	if d.Kind != "event" || d.Type != "count" {
		t.Errorf("refusal: got kind %q type %q; want event count", d.Kind, d.Type)
	}
	if err := mc.Emit("nope", []byte(`1`)); err != nil {
		t.Fatal(err)
	}
	w.widget.rec.wait(t, "refusing the unknown type", refused(core.CodeUnknownType))

	_, err := request(mc, "add", `"x"`, patience)
	wantCode(t, `Request(add, "x")`, err, core.ErrSchema)
	_, err = request(mc, "nope", `1`, patience)
	wantCode(t, "Request(nope)", err, core.ErrUnknownType)
	if len(ran) != 0 {
		t.Errorf("the handler ran for a refused request")
	}

	if err := mc.Emit("count", []byte(`7`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, counts, "valid event"); p != "7" {
		t.Errorf("first event handled: got %s; want 7 (the refused one must not run)", p)
	}
	if resp, err := request(mc, "add", `3`, patience); err != nil || string(resp) != "3" {
		t.Errorf("Request(add, 3): got %s, %v; want 3, nil", resp, err)
	}
}

// Answers are checked against the schema of "<type>:response" when the
// channel has one: by the answering side before sending, and by the
// requester on arrival. Without one, any answer within the limits passes.
func TestSchemaOnResponse(t *testing.T) {
	t.Parallel()
	withResponse := fakeSchemas{"add": digits, "add" + core.ResponseSuffix: digits}
	requestOnly := fakeSchemas{"add": digits}
	for _, tc := range []struct {
		name       string
		main, peer core.Schemas
		answer     string
		want       *core.Error // nil: the answer arrives
	}{
		{"checked by the requester", withResponse, nil, `"seven"`, core.ErrSchema},
		{"checked by the handler's side", nil, withResponse, `"seven"`, core.ErrSchema},
		{"valid answer", withResponse, withResponse, `7`, nil},
		{"no response schema", requestOnly, requestOnly, `"seven"`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			with := func(s core.Schemas) func(*core.Config) {
				return func(c *core.Config) { c.Schemas = s }
			}
			mc, wc := w.connectEach(t, with(tc.main), with(tc.peer))
			handle(t, wc, "add", func(context.Context, []byte, core.Meta) ([]byte, error) { return []byte(tc.answer), nil })
			resp, err := request(mc, "add", `3`, patience)
			if tc.want == nil {
				if err != nil || string(resp) != tc.answer {
					t.Fatalf("Request(add): got %s, %v; want %s, nil", resp, err, tc.answer)
				}
				return
			}
			if resp != nil {
				t.Errorf("Request(add): got payload %s; want none", resp)
			}
			wantCode(t, "Request(add) answered with a bad payload", err, tc.want)
		})
	}
}

// A layer above the channel (typed handlers) reports its own refusals to
// the same observer.
func TestRefuseReachesObserver(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc := mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	mc.Refuse(core.CodeSchema, "count", "not an int")
	d := w.main.rec.wait(t, "the handler layer's refusal", refused(core.CodeSchema))
	if d.Type != "count" || d.Detail != "not an int" || d.Origin != widgetOrigin || d.Channel != "chat" {
		t.Errorf("Refuse: got %+v", d)
	}
}
