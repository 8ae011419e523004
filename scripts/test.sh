#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and warnings as errors, and
# runs every test through CTest (unit, conformance suites, vectors, command
# line and interoperability tests).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

build=${ANYCRED_TEST_BUILD_DIR:-build-test}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DANYCRED_SANITIZE=ON -DANYCRED_WERROR=ON -DANYCRED_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$build" --output-on-failure --timeout 900 -j"$(nproc)"
