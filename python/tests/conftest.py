"""Shared by the package's tests. ctest runs them with PYTHONPATH at the build's python/ folder (the
package's sources beside the module just built) and CONVANIM_CLI at the convanim executable."""
import os
import random

import pytest

NO_TORCH = ("python3-torch is not installed (apt-get install python3-torch, or bash scripts/setup.sh): "
            "the tests against PyTorch are skipped")


def needs_torch():
    """The torch module, or the module's tests skipped with the one message above."""
    return pytest.importorskip("torch", reason=NO_TORCH)


@pytest.fixture
def cli():
    path = os.environ.get("CONVANIM_CLI")
    if not path:
        pytest.skip("CONVANIM_CLI is not set: run through ctest, which points it at the convanim executable")
    return path


@pytest.fixture
def rng(request):
    # One generator per test, seeded by its name: failures repeat.
    return random.Random(request.node.name)
