"""The code base stays ruff-clean (style is part of the build, not a suggestion)."""

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_ruff_is_clean():
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format",
                             "concise", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
