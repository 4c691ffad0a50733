#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned dependencies.
# Rasa 3.6 supports Python 3.8-3.10 only, so we look for python3.10 on PATH,
# then under pyenv's versions, and stop with a clear message otherwise.
# Re-installs only when requirements.lock changed (stamp inside .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10; return
  fi
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  return 1
}

if [ "${1:-}" = "--print-python" ]; then find_python; exit $?; fi

if [ ! -x .venv/bin/python ]; then
  if ! py=$(find_python); then
    echo "Python 3.10 est introuvable (Rasa 3.6 ne fonctionne qu'avec Python 3.8 à 3.10)." >&2
    echo "Installez-le (par exemple : pyenv install 3.10.13, ou apt-get install python3.10 python3.10-venv)," >&2
    echo "ou indiquez son chemin : make run PYTHON=/chemin/vers/python3.10" >&2
    exit 1
  fi
  echo "Création de .venv avec $py"
  "$py" -m venv .venv
fi

stamp=".venv/.installed-$(sha256sum requirements.lock | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installation des dépendances épinglées (requirements.lock)…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
  # One resolve from the exact lock: installing packages one by one can silently
  # upgrade Rasa's own pins (see docs/architecture.md).
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  rm -f .venv/.installed-*
  touch "$stamp"
fi
