#!/usr/bin/env bash
# The gallery page in a real browser (ctest: browser.gallery_page). Renders a small gallery, one
# figure per kind of section, with its page, and checks it in headless Chromium
# (tests/browser/check_page.py), and again with one MP4 undecodable (the GIF must replace it); then
# the committed gallery/index.html, when there is one.
# Screenshots (desktop and phone widths) go to OUTDIR. Exit 77 (skipped) without Chromium.
# usage: check_gallery.sh CONVANIM_EXE SOURCE_DIR OUTDIR
set -euo pipefail
exe=$1 source=$2 out=$3
if ! command -v chromium >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  echo "SKIPPED: the gallery page's browser check needs Chromium and Python 3; install them with" \
    "\`bash scripts/setup.sh --browser\` (Debian: apt-get install chromium python3)"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
cd "$source"
"$exe" batch -q -o "$out/small" --format gif,mp4,pdf --page "$out/small/index.html" \
  configs/guide/no_padding_no_strides.json configs/guide/numerical_padding_strides.json \
  configs/transposed/padding_strides_odd_transposed_scatter.json configs/channels/rgb_two_filters.json \
  configs/1d/conv1d.json configs/layers/two_3x3_convolutions.json configs/examples/transposed_dilation.json
python3 tests/browser/check_page.py "$out/small/index.html" "$out/small"
# A browser that cannot decode an MP4 gets the GIF instead: the same page with one MP4 undecodable.
cp -r "$out/small" "$out/fallback"
cp "$out/fallback/conv1d.gif" "$out/fallback/conv1d.mp4"
python3 tests/browser/check_page.py "$out/fallback/index.html" "$out/fallback" 1
if [ -f gallery/index.html ]; then
  python3 tests/browser/check_page.py gallery/index.html "$out/committed"
fi
