# worldbrief — common tasks. `make test` is the README's test command (go run ./internal/testrun) with -race.
GO ?= go
PKGS ?= ./...

.PHONY: test lint bench fuzz build run docs

## test: all tests with the race detector, then what was skipped and why (PostgreSQL tests run when WORLDBRIEF_TEST_POSTGRES_DSN is set)
test:
	$(GO) run ./internal/testrun -race -count=1 $(PKGS)

## lint: gofmt, go vet, and golangci-lint when installed
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run; else echo "golangci-lint not installed; skipped"; fi

## bench: the speed figures (fetch cycle, 304 bytes, parse throughput, translation, digests, rendering, delivery burst)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x -benchmem ./...

## fuzz: a short run of every fuzz target of every package (FUZZTIME=20s)
FUZZTIME ?= 20s
fuzz:
	@for p in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list 'Fuzz.*' $$p | grep ^Fuzz); do \
	    echo "== $$p $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; \
	  done; \
	done

## build: a static binary
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '-s -w' -o bin/worldbrief ./cmd/worldbrief

## docs: regenerate README.md's configuration reference (between its config-reference markers) from the Config struct
docs:
	@set -e; \
	$(GO) run ./cmd/worldbrief config --reference > README.md.ref.tmp || { rm -f README.md.ref.tmp; exit 1; }; \
	awk -v ref=README.md.ref.tmp ' \
	  /^<!-- config-reference:begin -->$$/ { print; while ((getline line < ref) > 0) print line; skip = 1; begun = 1; next } \
	  /^<!-- config-reference:end -->$$/ { if (!skip) exit 1; skip = 0; ended = 1 } \
	  !skip { print } \
	  END { if (!begun || !ended) exit 1 }' README.md > README.md.tmp \
	  || { rm -f README.md.ref.tmp README.md.tmp; echo "README.md lacks the config-reference markers" >&2; exit 1; }; \
	cat README.md.tmp > README.md; rm -f README.md.ref.tmp README.md.tmp
