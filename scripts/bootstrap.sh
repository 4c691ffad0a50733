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

# The first `make run` on a fresh machine spends minutes here: each step says what it
# does and how far along it is (docs/deployment.md).
step() { echo "[$1/4] $2"; }

if [ ! -x .venv/bin/python ]; then
  step 1 "Recherche de Python 3.10…"
  if ! py=$(find_python); then
    echo "Python 3.10 est introuvable (Rasa 3.6 ne fonctionne qu'avec Python 3.8 à 3.10)." >&2
    echo "Installez-le (par exemple : pyenv install 3.10.13, ou apt-get install python3.10 python3.10-venv)," >&2
    echo "ou indiquez son chemin : make run PYTHON=/chemin/vers/python3.10" >&2
    exit 1
  fi
  step 2 "Création de l'environnement Python .venv avec $py…"
  "$py" -m venv .venv
fi

# Prints pip's progress as "  [k/N] package" (one line per package collected, then
# while installing), instead of minutes of silence or of pip's full log.
show_progress() {
  local total=$1 seen=0 line name
  while IFS= read -r line; do
    case "$line" in
      Collecting\ *)
        seen=$((seen + 1))
        name=${line#Collecting }
        name=${name%% *}
        printf '  [%d/%d] %s\n' "$seen" "$total" "$name"
        ;;
      Requirement\ already\ satisfied:\ *)
        seen=$((seen + 1))
        name=${line#Requirement already satisfied: }
        name=${name%% *}
        printf '  [%d/%d] %s (déjà installé)\n' "$seen" "$total" "$name"
        ;;
      Installing\ collected\ packages:*)
        echo "  Installation de $seen paquets dans .venv (1 à 2 min de plus, sans affichage)…"
        ;;
      Successfully\ installed*)
        echo "  Paquets installés."
        ;;
      ERROR:*|error:*)
        echo "$line" >&2
        ;;
    esac
  done
}

stamp=".venv/.installed-$(sha256sum requirements.lock | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  step 3 "Mise à jour de pip…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
  total=$(grep -cE '^[A-Za-z0-9]' requirements.lock || true)
  step 4 "Installation des dépendances Python ($total paquets, ≈ 5 min la première fois)…"
  # One resolve from the exact lock: installing packages one by one can silently
  # upgrade Rasa's own pins (see docs/architecture.md).
  if ! .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r requirements.lock 2>&1 \
    | show_progress "$total"; then
    echo "L'installation des dépendances a échoué (voir les messages ci-dessus)." >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
  echo "Environnement Python prêt."
fi
