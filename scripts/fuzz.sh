#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time from the
# seed corpus (configs/, tests/fuzz/seeds, tests/fuzz/regressions). A finding is written under
# build/fuzz/findings/ and fails the run: copy it into tests/fuzz/regressions/ (or
# tests/fuzz/layer_regressions/) once fixed, where the test suite replays it.
# FUZZ_SECONDS (default 60) is split: three quarters for configs, a quarter for layer strings.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
build=build/fuzz
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCONVANIM_FUZZ=ON -DCONVANIM_SANITIZE=ON -DCONVANIM_WERROR=ON -DCONVANIM_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null
mkdir -p "$build/findings"
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/config" "$corpus/layer"

run() {  # target seconds corpus-dir [libFuzzer flags and seed dirs...]
  local target=$1 time=$2 work=$3
  shift 3
  echo "fuzz: $target for $time s"
  # New inputs go to the first directory: the scratch corpus, never the seeds in the repository.
  "$build/tests/fuzz/$target" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$build/findings/$target-" -print_final_stats=1 -seed=1 "$work" "$@" 2>"$build/$target.log" ||
    { tail -40 "$build/$target.log"; echo "fuzz: $target found a failure; see $build/findings/"; return 1; }
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|Done [0-9]+ runs" "$build/$target.log"
}
run fuzz_config $((seconds * 3 / 4)) "$corpus/config" -dict=tests/fuzz/config.dict \
  configs tests/fuzz/seeds tests/fuzz/regressions
run fuzz_layer_string $((seconds / 4)) "$corpus/layer" tests/fuzz/layer_seeds tests/fuzz/layer_regressions
