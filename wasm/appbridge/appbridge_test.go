package appbridge

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/postbridge/postbridge/wasm/bridge"
)

// fakeUI is a component's context: Dispatch hands the function to the
// test's UI goroutine (run), or drops it once the component is
// dismounted, as go-app does.
type fakeUI struct {
	app.Context // nil: only Dispatch and Done are called
	queue       chan func(app.Context)
	gone        chan struct{}
}

func newFakeUI() *fakeUI {
	return &fakeUI{queue: make(chan func(app.Context), 8), gone: make(chan struct{})}
}

func (u *fakeUI) Dispatch(fn func(app.Context)) {
	select {
	case <-u.gone:
	default:
		u.queue <- fn
	}
}

func (u *fakeUI) Done() <-chan struct{} { return u.gone }

// run is the UI goroutine: it runs dispatched functions until stop closes.
func (u *fakeUI) run(stop <-chan struct{}) {
	for {
		select {
		case fn := <-u.queue:
			fn(u)
		case <-stop:
			return
		}
	}
}

type greet struct{ Name string }

func TestOnUIRunsOnTheUIGoroutineAndAnswers(t *testing.T) {
	t.Parallel()
	ui := newFakeUI()
	stop := make(chan struct{})
	defer close(stop)
	go ui.run(stop)

	var seen []string // only touched on the UI goroutine
	h := OnUI(ui, func(ctx app.Context, in greet) (string, error) {
		seen = append(seen, in.Name)
		if in.Name == "" {
			return "", errors.New("no name")
		}
		return "Hello, " + in.Name, nil
	})
	got, err := h(context.Background(), greet{Name: "Ada"})
	if got != "Hello, Ada" || err != nil {
		t.Errorf(`OnUI(greet{"Ada"}): got %q, %v; want "Hello, Ada", nil`, got, err)
	}
	if _, err := h(context.Background(), greet{}); err == nil || err.Error() != "no name" {
		t.Errorf("OnUI(greet{}): got error %v; want f's error", err)
	}
	done := make(chan []string)
	ui.Dispatch(func(app.Context) { done <- seen })
	if s := <-done; len(s) != 2 {
		t.Errorf("f ran for %q; want both requests", s)
	}
}

func TestOnUIAfterDismount(t *testing.T) {
	t.Parallel()
	ui := newFakeUI()
	close(ui.gone) // dismounted: dispatches are dropped
	h := OnUI(ui, func(app.Context, greet) (string, error) { return "never", nil })
	_, err := h(context.Background(), greet{Name: "Ada"})
	var be *bridge.Error
	if !errors.As(err, &be) || !errors.Is(err, bridge.ErrClosed) {
		t.Errorf("OnUI after dismount: got %v; want a CLOSED *bridge.Error", err)
	}
}

func TestOnUIHandlerTimeout(t *testing.T) {
	t.Parallel()
	ui := newFakeUI() // nobody runs the UI goroutine: f never gets its turn
	h := OnUI(ui, func(app.Context, greet) (string, error) { return "late", nil })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h(ctx, greet{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("OnUI with a busy UI: got %v; want the request context's error", err)
	}
	// The dispatched function may still run later; it must not block.
	stop := make(chan struct{})
	go ui.run(stop)
	fin := make(chan struct{})
	ui.Dispatch(func(app.Context) { close(fin) })
	<-fin
	close(stop)
}
