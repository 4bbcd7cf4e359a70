#!/usr/bin/env bash
# The README's main job: installs what is missing, builds convanim (Release) and regenerates
# gallery/ from configs/, which it mirrors (configs/guide/x.json -> gallery/guide/x.*): a GIF, an MP4
# and a PDF (a page per step) for every config, gallery/manifest.json, which the tests compare with
# what the code renders, and the gallery's web page, gallery/index.html (with gallery/gallery.css).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONVANIM_TESTS=OFF >/dev/null
cmake --build "$build" --target convanim
"$build/app/convanim" batch configs -o gallery --format gif,mp4,pdf \
  --manifest gallery/manifest.json --page gallery/index.html "$@"
# A figure whose config was moved or removed leaves nothing behind: gallery/ mirrors configs/.
find gallery -type f \( -name '*.gif' -o -name '*.mp4' -o -name '*.pdf' \) | while read -r figure; do
  relative=${figure#gallery/}
  [ -f "configs/${relative%.*}.json" ] || rm -- "$figure"
done
