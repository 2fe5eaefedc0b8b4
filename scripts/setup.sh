#!/usr/bin/env bash
# Create .venv and install greta-search with its test tools. Safe to run again.
# torch is installed first from its pinned CPU wheel (2.13.0): letting pip resolve plain
# `torch` would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
if ! .venv/bin/python -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '2.13.0')" 2>/dev/null; then
    "${PIP[@]}" "torch==2.13.0" 2> >(grep -v "^WARNING: Location" >&2)
fi
"${PIP[@]}" -e ".[dev]" 2> >(grep -v "^WARNING: Location" >&2)
echo "greta-search installed in .venv" >&2
