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
# Rasa shows each component as it trains ("Starting to train component …") and an
# "Epochs" bar for the two neural ones; this says beforehand how long it lasts.
echo "Entraînement du modèle (≈ 5 min sur une machine libre, jusqu'à 20 min sur 2 cœurs occupés)."
echo "  Le plus long : la compréhension des phrases (DIET), avec son compteur « Epochs … /50 »."
rm -f models/*.tar.gz
.venv/bin/rasa train --config config.yml --domain domain --data data/nlu data/rules data/stories \
  --out models --fixed-model-name afpa-assistant
echo "$fingerprint" > models/.fingerprint
echo "Modèle entraîné : models/afpa-assistant.tar.gz"
