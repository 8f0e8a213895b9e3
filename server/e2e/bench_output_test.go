package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/web"
)

// benchReport is build/bench/results.json: every raw figure, the ratios,
// and what they were measured with.
type benchReport struct {
	Timestamp string             `json:"timestamp"`
	Engine    string             `json:"engine"`  // chromium, firefox or webkit
	Browser   string             `json:"browser"` // its version
	Commit    string             `json:"commit"`
	Dirty     bool               `json:"uncommitted_changes"`
	Counts    benchCounts        `json:"counts"`
	Setups    []*setupReport     `json:"setups"`
	Flood     *floodReport       `json:"hostile_flood"`
	Sizes     []benchSizeRow     `json:"bytes_as_served"`
	Relay     []map[string]any   `json:"relay_fanout"`
	GoBench   []string           `json:"go_benchmarks"`
	DurationS float64            `json:"duration_s"`
	PartsS    map[string]float64 `json:"parts_s"` // seconds each part took
	// Load is /proc/loadavg at the start and the end: other work on the
	// machine's cores skews every figure.
	Load [2]string `json:"load_average_start_end"`
}

// benchLoadAverage is the first three fields of /proc/loadavg ("" elsewhere).
func benchLoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// describe records the browser's version and the work tree's commit.
func (r *benchReport) describe(t *testing.T, p *Page) {
	t.Helper()
	r.Engine, r.Browser = browser.b.Engine(), browser.b.Version()
	root := benchRepoRoot(t)
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0") // read only: no index refresh
		out, _ := cmd.Output()
		return strings.TrimSpace(string(out))
	}
	r.Commit = git("rev-parse", "--short=12", "HEAD")
	r.Dirty = git("status", "--porcelain", "--untracked-files=no") != ""
	r.Load[0] = benchLoadAverage()
}

// write prints the table and writes results.json and table.txt to
// build/bench.
func (r *benchReport) write(t *testing.T) {
	t.Helper()
	r.Load[1] = benchLoadAverage()
	var b bytes.Buffer
	benchHeader(&b, r)
	for _, s := range r.Setups {
		s.table(&b)
	}
	r.Flood.table(&b)
	benchSizesTable(&b, r.Sizes)
	if len(r.Relay) > 0 {
		fmt.Fprintln(&b, "\nrelay fan-out (go test ./server/relay with POSTBRIDGE_BENCH=1):")
		for _, l := range r.Relay {
			fmt.Fprintf(&b, "  %s\n", l["line"])
		}
	} else {
		fmt.Fprintln(&b, "\nrelay fan-out: no figures (the relay's bench printed no 'relay: clients=' lines)")
	}
	fmt.Fprintf(&b, "\nbench took %.0f s (", r.DurationS)
	for _, k := range slices.Sorted(maps.Keys(r.PartsS)) {
		fmt.Fprintf(&b, " %s %.0f s;", k, r.PartsS[k])
	}
	fmt.Fprintln(&b, " )")
	fmt.Print(b.String())
	dir := filepath.Join(benchRepoRoot(t), "build", "bench", "engines")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{r.Engine + ".json": append(js, '\n'), r.Engine + ".txt": b.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	benchMerge(t, filepath.Dir(dir))
}

// benchSizeRow is one file's bytes on the wire for each Accept-Encoding.
type benchSizeRow struct {
	Path     string `json:"path"`
	Identity int    `json:"identity"`
	Gzip     int    `json:"gzip"`
	Brotli   int    `json:"br"`
	// Encodings the server answered with ("" when it sent the file as
	// is, having no precompressed copy).
	GzipAs string `json:"gzip_content_encoding"`
	BrAs   string `json:"br_content_encoding"`
}

// benchServedSizes asks the running bench server for the module, its loader,
// the Go page and penpal with each Accept-Encoding and counts the bytes of
// the body as sent.
func benchServedSizes(t *testing.T, s benchSites) []benchSizeRow {
	t.Helper()
	var paths []string
	for _, pat := range []string{"postbridge/*.wasm", "postbridge/*.js", "gopage/*.wasm"} {
		m, _ := fs.Glob(web.FS, pat)
		for _, p := range m {
			paths = append(paths, "/"+p)
		}
	}
	paths = append(paths, "/bench/penpal.mjs")
	addr := s.addr[s.Other]
	client := &http.Client{Transport: &http.Transport{
		DisableCompression: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	get := func(path, accept string) (int, string) {
		req, _ := http.NewRequest("GET", s.Other+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer res.Body.Close()
		n, _ := io.Copy(io.Discard, res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		return int(n), res.Header.Get("Content-Encoding")
	}
	var rows []benchSizeRow
	for _, p := range paths {
		r := benchSizeRow{Path: p}
		r.Identity, _ = get(p, "")
		r.Gzip, r.GzipAs = get(p, "gzip")
		r.Brotli, r.BrAs = get(p, "br")
		rows = append(rows, r)
	}
	return rows
}

func benchSizesTable(w io.Writer, rows []benchSizeRow) {
	fmt.Fprintf(w, "\nbytes as served (Accept-Encoding: none / gzip / br; * = sent uncompressed, no precompressed copy)\n")
	cell := func(n int, enc string) string {
		if enc == "" {
			return benchThousands(n) + "*"
		}
		return benchThousands(n)
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-36s%12s%12s%12s\n", r.Path, benchThousands(r.Identity), cell(r.Gzip, r.GzipAs), cell(r.Brotli, r.BrAs))
	}
}

// benchRelayLines reads the relay bench's output (make bench saves it to the
// file POSTBRIDGE_BENCH_RELAY names): lines "relay: clients=N
// deliveries_per_s=X p99_fanout_ms=Y". None is fine: that bench may not
// exist yet.
func benchRelayLines(t *testing.T) []map[string]any {
	var out []map[string]any
	for _, line := range benchFileLines(t, "POSTBRIDGE_BENCH_RELAY") {
		rest, ok := strings.CutPrefix(line, "relay: ")
		if !ok || !strings.Contains(rest, "clients=") {
			continue
		}
		m := map[string]any{"line": line}
		for _, f := range strings.Fields(rest) {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				continue
			}
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				m[k] = x
			} else {
				m[k] = v
			}
		}
		out = append(out, m)
	}
	return out
}

// benchGoLines are the Go benchmarks' result lines that make bench saved
// to the file POSTBRIDGE_BENCH_GO names.
func benchGoLines(t *testing.T) []string {
	var out []string
	for _, line := range benchFileLines(t, "POSTBRIDGE_BENCH_GO") {
		if strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "pkg: ") {
			out = append(out, line)
		}
	}
	return out
}

func benchFileLines(t *testing.T, env string) []string {
	name := os.Getenv(env)
	if name == "" {
		return nil
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(benchRepoRoot(t), name)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Logf("%s: %v", env, err)
		return nil
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	return lines
}
