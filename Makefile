# taskpilot — the two commands of the README:
#   make run    build (release) and serve at http://127.0.0.1:3000 with the embedded SQLite default
#   make test   run every test: Rust unit + integration (SQLite and PostgreSQL), lints, Playwright
# Both install what is missing first and skip what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
# The wasm-bindgen CLI must equal the crate in Cargo.lock (cargo-leptos runs the one on PATH).
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
# Build output lives outside the clone so that a fresh clone on the same machine builds warm.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/taskpilot/target
# wasm-opt comes from the npm package binaryen (Debian's binaryen 108 breaks the wasm).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: help setup tools browser postgres build run test test-rust lint test-e2e bench bench-browser

help:
	@echo "make run    build and serve taskpilot at http://127.0.0.1:3000 (SQLite under ./data/)"
	@echo "make test   run every test (installs what is missing first)"

## Tools ----------------------------------------------------------------------------------------
setup: tools

tools:
	@if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then \
	  echo "==> adding the wasm32 target"; rustup target add wasm32-unknown-unknown; fi
	@if ! cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)"; then \
	  echo "==> installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 12 minutes, once)"; \
	  cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked; fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli@$(WASM_BINDGEN_VERSION) --force; fi
	@if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ]; then \
	  echo "==> installing npm packages in end2end/ (binaryen's wasm-opt, Playwright)"; \
	  (cd end2end && npm ci --no-audit --no-fund); fi

# Debian's Chromium for the browser tests; Playwright never downloads one.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "==> installing Debian's chromium"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y chromium || \
	  { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y chromium; }; fi

# The tests need a PostgreSQL server: TEST_DATABASE_URL, or the machine's own on 127.0.0.1:5432.
postgres:
	@if [ -z "$${TEST_DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "==> starting PostgreSQL"; \
	  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then \
	    $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y postgresql || \
	    { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y postgresql; }; \
	    ver=$$(ls /etc/postgresql | head -1); \
	    sed -i 's/^\(host\|local\).*/# &/' /etc/postgresql/$$ver/main/pg_hba.conf; \
	    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' >> /etc/postgresql/$$ver/main/pg_hba.conf; \
	  fi; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	  pg_isready -h 127.0.0.1 -p 5432; fi

## Build and run --------------------------------------------------------------------------------
build: tools
	cargo leptos build --release

run: build
	SITE_ROOT=target/site $(CARGO_TARGET_DIR)/release/taskpilot

## Tests ----------------------------------------------------------------------------------------
test: tools browser postgres lint test-rust test-e2e
	@echo "==> all tests passed"

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

test-rust:
	cargo test --workspace --exclude frontend

test-e2e: build
	cd end2end && TASKPILOT_BIN=$(CARGO_TARGET_DIR)/release/taskpilot npx playwright test

## Benchmarks (print figures) -------------------------------------------------------------------
bench:
	cargo bench --bench auth
	cargo bench --bench tasks
	cargo bench --bench chat

# Time to the first streamed chat byte inside Chromium, against the release server.
bench-browser: build browser
	@dir=$$(mktemp -d); \
	DATABASE_URL=sqlite://$$dir/bench.db LISTEN_ADDR=127.0.0.1:3300 APP_URL=http://127.0.0.1:3300 \
	  SITE_ROOT=target/site LOG_LEVEL=error AUTH_ATTEMPTS_PER_MINUTE=1000 \
	  $(CARGO_TARGET_DIR)/release/taskpilot & pid=$$!; \
	trap 'kill $$pid; rm -rf $$dir' EXIT; \
	for i in $$(seq 1 100); do curl -sf http://127.0.0.1:3300/readyz >/dev/null && break; sleep 0.1; done; \
	cd end2end && BASE_URL=http://127.0.0.1:3300 node bench/chat-first-byte.mjs
