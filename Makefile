# The two commands of the README:
#   make run   installs what is missing, builds in release and serves http://127.0.0.1:3000
#   make test  installs what is missing, then runs every test (unit, integration on SQLite
#              and PostgreSQL, end-to-end in headless Chromium)
# Installs come only from package registries (crates.io, npm, Debian); each is skipped
# when the right version is already there. Builds are plain cargo plus
# scripts/build-site.mjs (what cargo-leptos does for a build, without compiling it: see
# the README).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BINARYEN_VERSION := 132.0.0
ESBUILD_VERSION := 0.28.2
CARGO_DENY_VERSION := 0.20.2
# A local clone of github.com/rustsec/advisory-db, where one is available: `make audit`
# then checks advisories too (see SECURITY.md). Unset, it says they were not checked.
ADVISORY_DB ?=
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
TOOLS_DIR := $(HOME)/.cache/planning-portal/tools
export PATH := $(HOME)/.cargo/bin:$(TOOLS_DIR)/node_modules/.bin:$(PATH)
# Tests' own PostgreSQL server (each test creates and drops its own database there).
export TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: help run release site test test-rust test-e2e bench bench-build bench-tools tools test-tools lint audit

help:
	@echo "make run    build (release) and serve the portal on http://127.0.0.1:3000 (SQLite in ./data)"
	@echo "make test   run every test: unit, integration on SQLite and PostgreSQL, end-to-end in Chromium"

# Both builds get what Leptos reads at compile time (the output name, with option_env!) and
# type-erased component boundaries (a third off the WASM, measured in bench/RESULTS.md).
LEPTOS_BUILD_ENV := LEPTOS_OUTPUT_NAME=planning_portal RUSTFLAGS="--cfg erase_components"
CARGO_CLIENT := cargo build --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
	--target-dir target/front
CARGO_SERVER := cargo build --bin planning_portal --no-default-features --features ssr

run: release
	target/release/planning_portal

# The release client (make site) and server binary, as make run serves them.
release: site
	$(LEPTOS_BUILD_ENV) $(CARGO_SERVER) --release

# The release client in target/site, as the server serves it: the WASM library in the
# size-optimised profile, then wasm-bindgen, wasm-opt -Oz, minified JS and CSS, public/,
# and a brotli and a gzip copy of every file (scripts/build-site.mjs).
site: tools
	$(LEPTOS_BUILD_ENV) $(CARGO_CLIENT) --profile wasm-release
	node scripts/build-site.mjs release

test: tools test-tools test-rust test-e2e

# Unit tests and the integration suite, each integration test on both backends. With
# LONG=1 also the reliability tests (tests/reliability.rs): the real server binary killed
# with SIGKILL mid-stream on SQLite and PostgreSQL, and two replicas on one database.
test-rust:
	cargo test --features ssr --lib -- --show-output
	@if [ "$${LONG:-}" = 1 ]; then \
		cargo test --features ssr --test reliability -- --ignored --show-output --test-threads=1; \
	else \
		echo "reliability tests (kill -9, replicas) skipped: run make test LONG=1"; \
	fi

# Builds the app and the WASM client (debug), starts the server on a fresh SQLite database
# and drives it with Playwright; the server sends its emails to the SMTP sink the tests run
# on loopback (end2end/smtp-sink.ts). The server's log is target/e2e/server.log.
# The journeys run with second factors optional (REQUIRE_SECOND_FACTOR=false): each role's
# walk would otherwise begin by setting up an authenticator. A second server, with its own
# database, runs as production does (second factors enforced) for end2end/tests/enforced/
# (the operator's first sign-in). Both servers and the sink listen on ports free at the
# start (scripts/free-ports.mjs), so the tests run beside a portal already serving.
test-e2e:
	rm -rf target/e2e end2end/test-results
	mkdir -p end2end/screenshots target/e2e
	$(LEPTOS_BUILD_ENV) $(CARGO_CLIENT)
	node scripts/build-site.mjs debug
	$(LEPTOS_BUILD_ENV) $(CARGO_SERVER)
	read -r portal enforced_port smtp < <(node scripts/free-ports.mjs 3); \
	export PORTAL_URL=http://127.0.0.1:$$portal ENFORCED_PORTAL_URL=http://127.0.0.1:$$enforced_port SMTP_SINK_PORT=$$smtp; \
	DATABASE_URL=sqlite://target/e2e/portal.db SMTP_URL=smtp://127.0.0.1:$$smtp REQUIRE_SECOND_FACTOR=false \
		LEPTOS_SITE_ADDR=127.0.0.1:$$portal target/debug/planning_portal > target/e2e/server.log 2>&1 & server=$$!; \
	DATABASE_URL=sqlite://target/e2e/enforced.db SMTP_URL=smtp://127.0.0.1:$$smtp LEPTOS_SITE_ADDR=127.0.0.1:$$enforced_port \
		target/debug/planning_portal > target/e2e/enforced.log 2>&1 & enforced=$$!; \
	trap 'kill $$server $$enforced 2>/dev/null || true' EXIT; \
	cd end2end && npx playwright test

# Benchmarks on the release build; writes bench/RESULTS.md (commit it as the latest run).
# `cargo bench` builds the release server binary and the benchmarks (benches/portal) in one
# go, with the same compile-time settings as `make run`'s server. (Building the client and
# the server side by side, make -j2, was measured slower on this 2-core machine.)
bench: site test-tools bench-tools bench-build
	$(LEPTOS_BUILD_ENV) bench/run

bench-build:
	$(LEPTOS_BUILD_ENV) cargo bench --features ssr --bench portal --no-run

bench-tools:
	@command -v wrk >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk)

lint:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings

# Dependency hygiene with cargo-deny (deny.toml): licences, bans and sources always; the
# RustSec advisories when a copy of the database is at ADVISORY_DB (this machine can
# reach the package registries only, not GitHub, so it cannot download one itself).
audit:
	@cargo deny --version 2>/dev/null | grep -q " $(CARGO_DENY_VERSION)$$" \
		|| cargo install cargo-deny --version $(CARGO_DENY_VERSION) --locked
	cargo fetch --locked
	cargo deny --offline check licenses bans sources
	@if [ -d "$(ADVISORY_DB)" ]; then \
		rm -rf target/advisory-db && mkdir -p target/advisory-db \
		&& git clone -q "$(ADVISORY_DB)" target/advisory-db/advisory-db-3157b0e258782691 \
		&& cargo deny --offline check advisories; \
	else \
		echo "advisories: not checked, no RustSec database at ADVISORY_DB='$(ADVISORY_DB)'"; \
	fi

# The wasm-bindgen CLI is compiled at opt-level 1 without LTO: 82 s instead of 114 s on
# this machine, and it still turns the client into the same bytes in 0.8 s instead of 0.7 s.
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" \
		|| CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
			cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@test -x $(TOOLS_DIR)/node_modules/.bin/wasm-opt -a -x $(TOOLS_DIR)/node_modules/.bin/esbuild \
		|| (mkdir -p $(TOOLS_DIR) && npm install --prefix $(TOOLS_DIR) --no-audit --no-fund \
			binaryen@$(BINARYEN_VERSION) esbuild@$(ESBUILD_VERSION))

test-tools:
	@test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)
	@cd end2end && (test -d node_modules/@playwright/test -a -d node_modules/smtp-server -a -d node_modules/mailparser \
		|| npm ci --no-audit --no-fund)
