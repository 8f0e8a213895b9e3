# Postbridge. Two commands do all the set-up:
#   make run    build everything, start the three demo origins on loopback
#   make test   every test: native (-race), GOOS=js under node, and the
#               browser suite in Chromium, Firefox ESR and WebKitGTK
SHELL := /bin/sh
GO ?= go
WASMENV := GOOS=js GOARCH=wasm
WASMFLAGS := -trimpath -ldflags='-s -w'
# The module is built without package time (see wasm/clock) and without
# the Go API's blocking calls (postbridge_module), and asks the browser for
# IDNA mappings instead of linking Unicode tables (postbridge_browser_idna).
MODFLAGS := -tags postbridge_browser_idna,postbridge_module
# Inlining is kept where it pays (jsonvalue validates every payload:
# without inlining, 1.8x slower, which a 60 KB payload round trip shows)
# and turned off in the packages whose code runs per connect, per decision
# observed or only from time to time: about 15 KB of brotli.
P := github.com/postbridge/postbridge/wasm
MODFLAGS += -gcflags=$(P)/envelope=-l -gcflags=$(P)/core=-l -gcflags=$(P)/boundary=-l -gcflags=$(P)/schema=-l -gcflags=$(P)/origin=-l -gcflags=$(P)/tap=-l
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
PB := web/postbridge

.PHONY: all build run test test-engines test-native test-js test-browser bench profile vet clean package typecheck

all: build

build: bin/server

# The module: wasm + precompressed copies, the loader with wasm_exec.js inlined, the typings.
$(PB)/postbridge.wasm: Makefile go.mod go.sum $(shell find wasm -name '*.go' -not -name '*_test.go')
	$(WASMENV) $(GO) build $(WASMFLAGS) $(MODFLAGS) -o $@ ./wasm/cmd/postbridge
	$(GO) run ./build/compress $@

# The loader fetches the module under its content-hashed name, which the
# server sends as immutable (server/static); postbridge.wasm stays for the
# npm package, whose bundler hashes names itself.
$(PB)/postbridge.js: wasm/js/shell.js wasm/js/channel.js wasm/js/loader.js build/bundle.sh build/hashed.sh $(PB)/postbridge.wasm
	./build/bundle.sh $@ $$(./build/hashed.sh $(PB)/postbridge.wasm)
	$(GO) run ./build/compress $@

$(PB)/postbridge.d.ts: wasm/js/postbridge.d.ts
	cp $< $@

MODULE := $(PB)/postbridge.wasm $(PB)/postbridge.js $(PB)/postbridge.d.ts

# The Go lab peer: a page written with the Go API (package bridge).
web/gopage/gopeer.wasm: go.mod go.sum $(shell find wasm -name '*.go' -not -name '*_test.go')
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/cmd/gopeer
	$(GO) run ./build/compress $@

GOPAGE := web/gopage/gopeer.wasm

# The dashboard: a go-app application, its own wasm binary.
web/dashboard/app.wasm: go.mod go.sum $(shell find wasm/dashboard -name '*.go' -not -name '*_test.go' 2>/dev/null)
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/dashboard
	$(GO) run ./build/compress $@

# The go-app page framed by the main page (issue 8): go-app, package
# bridge and package appbridge, its own wasm binary.
web/goapp/app.wasm: go.mod go.sum $(shell find wasm -name '*.go' -not -name '*_test.go')
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/goapp
	$(GO) run ./build/compress $@

# The server embeds web/, so it is built after the module.
bin/server: $(MODULE) $(GOPAGE) web/dashboard/app.wasm web/goapp/app.wasm $(shell find server web -type f -not -path 'web/postbridge/*' -not -path 'web/gopage/*' -not -name '*_test.go')
	$(GO) build -o $@ ./server

run: build
	./bin/server

# The npm package: build/npm/postbridge-postbridge-$(VERSION).tgz, with the
# loader, the module, the typings (build/package.sh).
VERSION := $(shell ./build/version.sh)
NPMPKG := build/npm/postbridge-postbridge-$(VERSION).tgz
package: $(NPMPKG)

$(NPMPKG): $(MODULE) build/package.sh build/bundle.sh wasm/js/npm/README.md LICENSE wasm/version/version.go
	./build/package.sh

# typecheck: the pinned tsc --strict --noEmit over a usage file of every
# documented name, against the packed package (build/typecheck.sh).
typecheck: $(NPMPKG)
	./build/jstools.sh
	./build/typecheck.sh

# test runs everything: the three engines installed when missing, vet
# (native and js/wasm), tsc over the typings
# (which packs the npm package the browser tests install), the security
# mutants (build/mutate: each naive check must fail a test), native tests with -race
# (the browser tests in Chromium included), the relay's full-size load test (200
# clients, 100,000 messages: too slow under -race on two cores, so it runs
# again without it), the GOOS=js tests under node, and the browser suite
# in Firefox and WebKit (test-engines).
test: build
	./build/need.sh node chromium firefox webkit
	$(MAKE) vet
	$(MAKE) typecheck
	$(GO) run ./build/mutate
	POSTBRIDGE_BROWSER=required $(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run TestLoad ./server/relay
	$(WASMENV) $(GO) test -count=1 -exec="$(WASMEXEC)" ./wasm/...
	$(MAKE) test-engines

# test-engines runs the browser suite (server/e2e) again in Firefox ESR
# (WebDriver BiDi) and WebKitGTK (WebDriver, MiniBrowser under Xvfb); the
# -race run above drives Chromium. Without -race: the race detector
# watches the Go test driver, which is the same in every engine.
test-engines: build
	./build/need.sh firefox webkit
	POSTBRIDGE_BROWSER=required POSTBRIDGE_ENGINE=firefox $(GO) test -count=1 -timeout 30m ./server/e2e
	POSTBRIDGE_BROWSER=required POSTBRIDGE_ENGINE=webkit $(GO) test -count=1 -timeout 30m ./server/e2e

# Benchmarks: the Go benchmarks of the rules and the engine (each against
# its in-process baseline where it has one), module sizes, the relay's
# fan-out bench when ./server/relay has one, then the browser bench
# (issue 7) once per engine (BENCH_ENGINES, all three by default): every
# case in one run of that engine, cross-site and same-site, with the raw
# MessagePort floor and penpal 7.0.6 (installed into build/bench by
# build/penpal.sh) as baselines from the same run, plus the hostile flood
# (issue 10). It writes build/bench/engines/ENGINE.{json,txt}, then
# build/bench/results.json (keyed by engine) and table.txt, which starts
# with the browser support summary, and prints that table.
BENCH := build/bench
BENCHPKGS := ./wasm/origin ./wasm/envelope ./wasm/jsonvalue ./wasm/schema ./wasm/core ./server/cors ./server/jsonp
BENCH_ENGINES ?= chromium firefox webkit
bench: build
	./build/need.sh $(BENCH_ENGINES)
	./build/penpal.sh
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=100ms $(BENCHPKGS) > $(BENCH)/go-bench.txt 2>&1 || { cat $(BENCH)/go-bench.txt; exit 1; }
	@cat $(BENCH)/go-bench.txt
	@ls -l web/postbridge/*.wasm* web/dashboard/app.wasm* | awk '{print $$5, $$9}'
	@tests=$$($(GO) test -list '(?i)bench|fan.?out' ./server/relay 2>/dev/null | grep '^Test' | grep -v 'Smoke$$' | paste -sd'|' -); \
	if [ -z "$$tests" ]; then echo "relay fan-out: ./server/relay has no bench test (yet); skipped" | tee $(BENCH)/relay.txt; \
	elif POSTBRIDGE_BENCH=1 $(GO) test -count=1 -run "^($$tests)$$" -v ./server/relay > $(BENCH)/relay.txt 2>&1; then grep '^relay: clients=' $(BENCH)/relay.txt || true; \
	else tail -20 $(BENCH)/relay.txt; echo "relay fan-out: its test failed (above); the browser bench goes on without it"; fi
	@for e in $(BENCH_ENGINES); do echo "browser bench in $$e..."; \
	POSTBRIDGE_ENGINE=$$e POSTBRIDGE_BENCH=1 POSTBRIDGE_BENCH_RELAY=$(BENCH)/relay.txt POSTBRIDGE_BENCH_GO=$(BENCH)/go-bench.txt \
		$(GO) test -count=1 -timeout 40m -run '^TestBrowserBench$$' -v ./server/e2e > $(BENCH)/browser-$$e.log 2>&1 || { tail -40 $(BENCH)/browser-$$e.log; exit 1; }; done
	@cat $(BENCH)/table.txt

# profile builds the module with its name section (Chromium's profiler
# then shows Go function names), prints where round trips and a hostile
# flood spend the page's time (POSTBRIDGE_PROFILE_PAYLOAD=60000 for big
# payloads), and builds the stripped module again.
profile: build
	./build/need.sh chromium
	$(WASMENV) $(GO) build -trimpath -ldflags=-w $(MODFLAGS) -o $(PB)/postbridge.wasm ./wasm/cmd/postbridge
	$(GO) run ./build/compress $(PB)/postbridge.wasm
	./build/bundle.sh $(PB)/postbridge.js $$(./build/hashed.sh $(PB)/postbridge.wasm)
	$(GO) run ./build/compress $(PB)/postbridge.js
	$(GO) build -o bin/server ./server
	POSTBRIDGE_PROFILE=1 POSTBRIDGE_PROFILE_PAYLOAD=$(PAYLOAD) $(GO) test -count=1 -run '^TestProfile' -v ./server/e2e | grep -E '^profile|^(ok|FAIL)' ; \
	rm -f $(PB)/postbridge.wasm; $(MAKE) build

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./wasm/...

clean:
	rm -rf bin build/npm
	find web/postbridge web/gopage web/dashboard web/goapp -type f ! -name .gitkeep -delete
