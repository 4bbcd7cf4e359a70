#!/usr/bin/env bash
# Each C library has one module that includes it: Cairo and Pango renderer/cairo/, FFmpeg's libraries
# and libimagequant renderer/libav/. Prints each include found elsewhere; fails if there is one.
set -euo pipefail
cd "$1"
found=0
check() {  # check PATTERN ALLOWED_FOLDER
  local hits
  hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($1)" src renderer app --include='*.cpp' --include='*.hpp' \
         | grep -v "^$2/" || true)
  if [ -n "$hits" ]; then
    echo "included outside $2:"; echo "$hits"; found=1
  fi
}
check 'cairo|pango|glib' renderer/cairo
check 'libav|libswscale|libswresample|libimagequant' renderer/libav
[ "$found" -eq 0 ] && echo "every C library is included by its own module only"
exit "$found"
