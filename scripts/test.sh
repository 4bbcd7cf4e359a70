#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as errors under
# AddressSanitizer + UndefinedBehaviorSanitizer, runs every test through ctest (the Python package's
# too, its module built in the same tree and run with ASan's runtime preloaded), then the fuzzers.
# Debian's Python (/usr/bin/python3), whose packages setup.sh installs, even where another is first
# in PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser  # and Chromium, for the gallery page check (skipped without it)
build=build/test
# -O1 with line tables: quick to build, fast enough under the sanitizers, readable stack traces.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCONVANIM_WERROR=ON -DCONVANIM_SANITIZE=ON -DCONVANIM_TESTS=ON \
  -DCONVANIM_PYTHON=ON -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build "$build"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
# The fuzzers over the config reader, the simulator and the layer-string parser, for a bounded time
# (FUZZ_SECONDS, default 60): any finding fails the run.
bash scripts/fuzz.sh
