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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := site.ParseConfig(*mainFlag, *otherFlag, *evilFlag)
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg.Logger = log
	cfg.Token = newToken()
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

// newToken returns a fresh random relay token for this run.
func newToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
