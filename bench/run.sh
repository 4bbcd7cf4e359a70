#!/usr/bin/env bash
# Benchmarks (never timed tests: the machines are shared and noisy). Builds Release and prints:
#  1. one animation in process (Google Benchmark, median of repetitions): draw, GIF, MP4, PDF;
#  2. the guide's figures from clean as GIF + MP4 + PDF (the median of 9 runs: wall and CPU time,
#     peak memory), bytes per format, and the 15 arithmetic GIFs against the published 3.4 MB;
#  3. peak memory for 4 and for 49 frames of one GIF (it must not grow with the frame count);
#  4. smooth motion: full_padding_no_strides as a 1920x1080 MP4 at 30 fps and as a GIF at its natural
#     size (median of 3 runs), and peak memory for 4 and 49 steps of the MP4;
#  5. the whole extended gallery (every config) from clean.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONVANIM_TESTS=OFF -DCONVANIM_BENCH=ON >/dev/null
cmake --build "$build" >/dev/null
convanim="$build/app/convanim"

echo "== one animation: full_padding_no_strides (49 frames), median of ${REPETITIONS:=9} runs"
"$build/bench/convanim_bench" --benchmark_repetitions="$REPETITIONS" --benchmark_report_aggregates_only=true \
  2>/dev/null | grep -E "median|Benchmark|----"

echo "== the guide's figures from clean as GIF + MP4 + PDF, -j $(nproc): median of ${SET_RUNS:=9} runs"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for run in $(seq "$SET_RUNS"); do
  rm -rf "$out/guide"
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$convanim" batch configs/guide -o "$out/guide" --format gif,mp4,pdf -q
  cat "$out/time"
done >"$out/times"
echo "$(ls configs/guide/*.json | wc -l) configs: wall $(cut -d" " -f1 "$out/times" | median) s," \
  "cpu $(awk '{print $2 + $3}' "$out/times" | median) s, peak memory $(cut -d" " -f4 "$out/times" | median) KB" \
  "(walls: $(cut -d" " -f1 "$out/times" | sort -n | tr '\n' ' '))"
rm -rf "$out/guide"
"$convanim" batch configs/guide -o "$out" --format gif,mp4,pdf -q
for format in gif mp4 pdf; do
  printf "%s: %s bytes\n" "$format" "$(cat "$out"/*."$format" | wc -c)"
done
# The 15 published arithmetic animations: not the numerical ones, nor the feature-map figure.
arithmetic=$(ls "$out"/*.gif | grep -v -e numerical_ -e two_to_three_feature_maps)
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

echo "== smooth motion: full_padding_no_strides (49 steps, 1 s each, 300 ms moves), median of 3 runs"
smooth() {  # label, then render arguments
  local label=$1; shift
  local times=()
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time" "$convanim" render configs/guide/full_padding_no_strides.json \
      --motion smooth "$@" >/dev/null
    times+=("$(cat "$out/time")")
  done
  local wall memory
  wall=$(printf "%s\n" "${times[@]}" | cut -d" " -f1 | median)
  memory=$(printf "%s\n" "${times[@]}" | cut -d" " -f2 | median)
  echo "$label: wall $wall s, peak memory $memory KB, $(wc -c < "${@: -1}") bytes"
}
smooth "MP4 1920x1080 30 fps" --canvas 1920x1080 -o "$out/smooth.mp4"
smooth "GIF natural size" -o "$out/smooth.gif"
for frames in 0-3 0-48; do
  /usr/bin/time -f "smooth MP4 1080p, steps $frames: peak memory %M KB" \
    "$convanim" render configs/guide/full_padding_no_strides.json --motion smooth --canvas 1920x1080 \
    -o "$out/m.mp4" --frames "$frames"
done

echo "== the whole extended gallery from clean: every config as GIF + MP4 + PDF, -j $(nproc)"
/usr/bin/time -f "wall %e s, cpu %U s user + %S s system, peak memory %M KB" \
  "$convanim" batch configs -o "$out/all" --format gif,mp4,pdf -q
echo "$(find configs -name '*.json' | wc -l) configs, $(du -sb "$out/all" | cut -f1) bytes"
