"""The first `make run` on a fresh machine says what it does and how far along it is.

``scripts/bootstrap.sh`` runs for real in a folder of its own with a two-package lock
(from PyPI, as on a fresh machine): numbered steps, one line per package ``[k/N]``, then,
once installed, a second run says nothing and installs nothing.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e


def test_bootstrap_numbers_its_steps_and_counts_the_packages(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(PROJECT_ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts" / "bootstrap.sh")
    (tmp_path / "requirements.lock").write_text("six==1.16.0\ntomli==2.0.1\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHON": getattr(sys, "_base_executable", sys.executable), "HOME": str(tmp_path)}
    first = subprocess.run(
        ["bash", "scripts/bootstrap.sh"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    steps = [line for line in lines if line.startswith("[")]
    assert [step[:5] for step in steps] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"], first.stdout
    assert "Installation des dépendances Python (2 paquets, ≈ 5 min la première fois)" in steps[3]
    assert "  [1/2] six==1.16.0" in lines and "  [2/2] tomli==2.0.1" in lines, first.stdout
    assert lines[-1] == "Environnement Python prêt."
    assert (tmp_path / ".venv" / "bin" / "python").exists()

    again = subprocess.run(
        ["bash", "scripts/bootstrap.sh"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0 and again.stdout == ""
