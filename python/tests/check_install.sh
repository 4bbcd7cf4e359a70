#!/usr/bin/env bash
# `pip install --no-build-isolation --no-index ./python` into a fresh virtual environment made with
# --system-site-packages (Debian's numpy, torch and build tools), then the package from there.
# CONVANIM_BUILD_DIR points setup.py at this build, so the module is not compiled a second time.
set -euo pipefail
python=$1 source=$2 venv=$3 build=$4
rm -rf "$venv"
preload=${LD_PRELOAD:-}
unset LD_PRELOAD PYTHONPATH  # pip and CMake are not ours; only the last step imports the module
"$python" -m venv --system-site-packages "$venv"
CONVANIM_BUILD_DIR=$build "$venv/bin/pip" install --quiet --no-build-isolation --no-index "$source/python"
cd "$venv"  # not the source folder: import the installed package
LD_PRELOAD=$preload "$venv/bin/python" - <<'PY'
import convanim
assert convanim.__file__.startswith(__import__("sys").prefix), convanim.__file__
figure = convanim.figure("nn.Conv2d(3, 2, 3)", (3, 5, 5))
assert figure.frames().shape[0] == 18
print("installed:", convanim.__file__, convanim.__version__)
PY
