# Postbridge. Two commands do all the set-up:
#   make run    build everything, start the three demo origins on loopback
#   make test   every test: native (-race), GOOS=js under node, real Chromium
SHELL := /bin/sh
GO ?= go
WASMENV := GOOS=js GOARCH=wasm
WASMFLAGS := -trimpath -ldflags='-s -w'
# The module is built without package time (see wasm/clock) and without
# the Go API's blocking calls (postbridge_module), and asks the browser for
# IDNA mappings instead of linking Unicode tables (postbridge_browser_idna).
MODFLAGS := -tags postbridge_browser_idna,postbridge_module
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
PB := web/postbridge

.PHONY: all build run test test-native test-js test-browser bench vet clean

all: build

build: bin/server

# The module: wasm + precompressed copies, the loader with wasm_exec.js inlined, the typings.
$(PB)/postbridge.wasm: go.mod go.sum $(shell find wasm -name '*.go' -not -name '*_test.go')
	$(WASMENV) $(GO) build $(WASMFLAGS) $(MODFLAGS) -o $@ ./wasm/cmd/postbridge
	$(GO) run ./build/compress $@

$(PB)/postbridge.js: wasm/js/shell.js wasm/js/channel.js wasm/js/loader.js build/bundle.sh
	./build/bundle.sh $@

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

# The server embeds web/, so it is built after the module.
bin/server: $(MODULE) $(GOPAGE) web/dashboard/app.wasm $(shell find server web -type f -not -path 'web/postbridge/*' -not -path 'web/gopage/*' -not -name '*_test.go')
	$(GO) build -o $@ ./server

run: build
	./bin/server

# test runs everything: vet (native and js/wasm), native tests with -race
# (the Chromium tests included), the relay's full-size load test (200
# clients, 100,000 messages: too slow under -race on two cores, so it runs
# again without it), and the GOOS=js tests under node.
test: build
	./build/need.sh node
	./build/need.sh chromium
	$(MAKE) vet
	POSTBRIDGE_BROWSER=required $(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run TestLoad ./server/relay
	$(WASMENV) $(GO) test -count=1 -exec="$(WASMEXEC)" ./wasm/...

# Benchmarks: Go benchmarks of the rules and the engine (each against its
# in-process baseline where it has one), module sizes, and the browser
# bench (Postbridge vs raw postMessage in the same Chromium, same origins).
bench: build
	./build/need.sh chromium
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=100ms ./wasm/origin ./wasm/envelope ./wasm/jsonvalue ./wasm/schema ./wasm/core ./server/cors ./server/jsonp
	@ls -l web/postbridge/postbridge.wasm* web/dashboard/app.wasm* | awk '{print $$5, $$9}'
	POSTBRIDGE_BENCH=1 $(GO) test -count=1 -run TestBrowserBench -v ./server/e2e | grep -E '^browser:|^(ok|FAIL)' 

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./wasm/...

clean:
	rm -rf bin
	find web/postbridge web/gopage web/dashboard -type f ! -name .gitkeep -delete
