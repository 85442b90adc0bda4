# cspgate developer entry points.  CMake does the building; this file only
# names the usual configurations.
#   make deps        install missing Debian packages (scripts/install-deps.sh)
#   make build       Release build in build/release
#   make asan        ASan+UBSan build in build/asan (-O1 -g)
#   make demo        build, then check the seed model's assertions
#   make test        deps, both builds, all ctest suites, fuzz smoke run
#   make bench       Release build of cspgate_bench, then run it
#   make clean       remove build/

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
ASAN_DIR := build/asan
GENERATOR := Ninja

export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

.PHONY: all deps build asan demo test fuzz-smoke bench clean
.DEFAULT_GOAL := build
all: build

deps:
	@scripts/install-deps.sh

build:
	cmake -S . -B $(RELEASE_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(RELEASE_DIR) -j $(JOBS)
	@echo "==> build: ok ($(RELEASE_DIR)/cspgate)"

asan:
	cmake -S . -B $(ASAN_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCSPGATE_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS)
	@echo "==> asan: ok ($(ASAN_DIR)/cspgate)"

# The steps run in order even under `make -j`.  The seed model has
# assertions that fail by design (and refinement may be inconclusive), so
# exit codes 0 (all pass), 1 (some fail) and 3 (some inconclusive) are
# verdicts and the demo succeeds; 2 (bad input) or a crash fails it.
demo:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory build
	rc=0; $(RELEASE_DIR)/cspgate check models/otlp/topology.csp || rc=$$?; \
	case $$rc in \
	  0|1|3) echo "==> demo: ok (cspgate check exit code $$rc)" ;; \
	  *) echo "==> demo: FAILED (cspgate check exit code $$rc)" >&2; exit 1 ;; \
	esac

test:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory asan
	ctest --test-dir $(RELEASE_DIR) --output-on-failure -j2
	@# The conformance runs over whole model sets (corpus.check, models.expect,
	@# models.replay, replay.sim_logs, check.assert_alone) check answers, not
	@# memory safety, and take minutes under ASan: they run in release only.
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j2 \
	  -E '^(corpus[.]check|models[.]expect|models[.]replay|replay[.]sim_logs|check[.]assert_alone)$$'
	$(MAKE) --no-print-directory fuzz-smoke
	@echo "==> test: all tests passed (release, asan, fuzz smoke)"

# A short fuzzing run, once tests/fuzz/run.sh exists (its argument: seconds).
fuzz-smoke:
	@if [[ -f tests/fuzz/run.sh ]]; then \
	  bash tests/fuzz/run.sh 60; \
	  echo "==> fuzz-smoke: ok"; \
	else \
	  echo "==> fuzz-smoke: skipped (no tests/fuzz/run.sh yet)"; \
	fi

# Parsing speed (docs/perf.md).  Needs libbenchmark-dev (installed by `make deps`).
bench:
	cmake -S . -B $(RELEASE_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target cspgate_bench
	$(RELEASE_DIR)/cspgate_bench
	@echo "==> bench: ok"

clean:
	rm -rf build
	@echo "==> clean: removed build/"
