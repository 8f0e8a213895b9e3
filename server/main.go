// Command server hosts the Postbridge demo: the parent page (main origin), the
// framed page (other origin) and a hostile page (evil origin), each on its own
// loopback port, plus the built module under /postbridge/.
//
//	server -main http://main.localhost:8080 -other http://other.localhost:8081 \
//	       -evil http://main.localhost.evil.localhost:8082
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/site"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mainFlag := fs.String("main", site.DefaultMain, "origin of the parent page")
	otherFlag := fs.String("other", site.DefaultOther, "origin of the framed page")
	evilFlag := fs.String("evil", site.DefaultEvil, "origin of the hostile page")
	altFlag := fs.String("alt", site.DefaultAlt, "origin of a second parent site that also frames the framed page (\"\": none)")
	history := fs.Int("relay-history", relay.DefaultHistory, "publications the relay keeps per room for dashboards opened later (0: none)")
	historyBytes := fs.Int("relay-history-bytes", relay.DefaultHistoryBytes, "bytes the relay keeps per room at most")
	historyRooms := fs.Int("relay-history-rooms", relay.DefaultHistoryRooms, "rooms the relay keeps history for at most")
	ping := fs.Duration("relay-ping", relay.DefaultPingInterval, "how often the relay pings each client (0: never)")
	pingTimeout := fs.Duration("relay-ping-timeout", relay.DefaultPingTimeout, "how long a client has to answer a ping before it is dropped")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := site.ParseConfig(*mainFlag, *otherFlag, *evilFlag)
	if err == nil {
		err = cfg.SetAlt(*altFlag)
	}
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	bad := false
	for _, f := range []struct {
		name string
		ok   bool
		want string
	}{
		{"-relay-history", *history >= 0, "0 or more"},
		{"-relay-history-bytes", *historyBytes > 0, "more than 0"},
		{"-relay-history-rooms", *historyRooms > 0, "more than 0"},
		{"-relay-ping", *ping >= 0, "0 or more"},
		{"-relay-ping-timeout", *pingTimeout > 0, "more than 0"},
	} {
		if !f.ok {
			fmt.Fprintf(stderr, "server: %s must be %s\n", f.name, f.want)
			bad = true
		}
	}
	if bad {
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg.Logger = log
	cfg.Token = newToken()
	cfg.Relay = relay.Config{History: offIfZero(*history), HistoryBytes: *historyBytes, HistoryRooms: *historyRooms,
		PingInterval: time.Duration(offIfZero(int64(*ping))), PingTimeout: *pingTimeout}
	fmt.Fprintf(stderr, "Postbridge demo: open %s/ (dashboard: %s/dashboard/)\n", cfg.Main, cfg.Main)
	fmt.Fprintf(stderr, "relay token for clients without an Origin header (loopback only): %s\n", cfg.Token)
	s, err := site.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.ListenAndServe(ctx); err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 1
	}
	return 0
}

// offIfZero maps a flag's 0 ("none") to the relay's -1 (off); in
// relay.Config, 0 means the default.
func offIfZero[T int | int64](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// newToken returns a fresh random relay token for this run.
func newToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
