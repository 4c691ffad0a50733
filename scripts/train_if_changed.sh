#!/usr/bin/env bash
# Trains the Rasa model only when what it is built from changed:
# config.yml, the domain, the training data and the custom NLU components.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=$(find config.yml domain data/nlu data/rules data/stories nlu -type f \( -name '*.yml' -o -name '*.py' \) | sort)
fingerprint=$(cat $inputs | sha256sum | cut -c1-16)
if [ -f models/.fingerprint ] && [ "$(cat models/.fingerprint)" = "$fingerprint" ] && ls models/*.tar.gz >/dev/null 2>&1; then
  echo "Modèle à jour (rien n'a changé depuis le dernier entraînement)."
  exit 0
fi
echo "Entraînement du modèle…"
rm -f models/*.tar.gz
.venv/bin/rasa train --config config.yml --domain domain --data data/nlu data/rules data/stories \
  --out models --fixed-model-name afpa-assistant
echo "$fingerprint" > models/.fingerprint
