package engine

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"
)

// launchForTest launches the named engine, skipping when it is not
// installed unless POSTBRIDGE_BROWSER=required.
func launchForTest(t *testing.T, ctx context.Context, name string) Browser {
	t.Helper()
	start := time.Now()
	b, err := Launch(ctx, name)
	if errors.Is(err, ErrNotInstalled) && os.Getenv("POSTBRIDGE_BROWSER") != "required" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("launched %s in %v", b.Version(), time.Since(start).Round(time.Millisecond))
	return b
}

// servePage serves h on 127.0.0.1 until the test ends and returns its
// root URL under page.localhost, which every engine resolves to loopback.
func servePage(t *testing.T, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return "http://page.localhost:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port) + "/"
}
