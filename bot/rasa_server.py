"""Runs the Rasa server (the `rasa` command line) with two memory savings.

Measured with `make bench` (docs/performance.md):
- TensorFlow's lite utilities import jax when it is installed (TensorFlow 2.12
  depends on it); Rasa never uses jax: blocking the import saves about 65 MB.
- oneDNN's primitive caches are turned off (TF_ENABLE_ONEDNN_OPTS=0): about 40 MB,
  with no measurable change in latency for this model's small inputs.
"""
import os
import sys

sys.modules["jax"] = None  # "import jax" now raises ImportError, which TensorFlow handles
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from rasa.__main__ import main  # noqa: E402  (after the settings above, on purpose)

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    main()
