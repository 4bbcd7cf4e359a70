#!/usr/bin/env bash
# Benchmarks (never timed tests: the machines are shared and noisy). Builds Release and prints:
#  1. one animation in process (Google Benchmark, median of repetitions): draw, GIF, MP4, PDF;
#  2. the whole gallery regenerated from clean: wall and CPU time, peak memory, bytes per format,
#     and the 15 arithmetic GIFs against the published 3.4 MB;
#  3. peak memory for 4 and for 49 frames of one GIF (it must not grow with the frame count).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONVANIM_TESTS=OFF -DCONVANIM_BENCH=ON >/dev/null
cmake --build "$build" >/dev/null
convanim="$build/src/cli/convanim"

echo "== one animation: full_padding_no_strides (49 frames), median of ${REPETITIONS:=9} runs"
"$build/bench/convanim_bench" --benchmark_repetitions="$REPETITIONS" --benchmark_report_aggregates_only=true \
  2>/dev/null | grep -E "median|Benchmark|----"

echo "== the gallery from clean: 19 figures as GIF + MP4 + PDF, -j $(nproc)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -f "wall %e s, cpu %U s user + %S s system, peak memory %M KB" \
  "$convanim" batch configs/guide -o "$out" --format gif,mp4,pdf -q
for format in gif mp4 pdf; do
  printf "%s: %s bytes\n" "$format" "$(cat "$out"/*."$format" | wc -c)"
done
arithmetic=$(ls "$out"/*.gif | grep -v numerical_)
bytes=$(cat $arithmetic | wc -c)
published=3400000
echo "15 arithmetic GIFs: $bytes bytes, $(awk "BEGIN {printf \"%.2f\", $bytes / $published}") of the published 3.4 MB"
"$convanim" render configs/guide/full_padding_no_strides.json -o "$out/size.gif" >/dev/null
echo "full_padding_no_strides.gif: $(wc -c < "$out/size.gif") bytes (published: 435605 bytes at 495x576)"

echo "== peak memory against frame count: full_padding_no_strides to GIF, 4 frames and all 49"
for frames in 0-3 0-48; do
  /usr/bin/time -f "frames $frames: peak memory %M KB" \
    "$convanim" render configs/guide/full_padding_no_strides.json -o "$out/m.gif" --frames "$frames"
done
