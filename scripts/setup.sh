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
# The browser tests (tests/test_web_e2e.py) drive Debian's chromium through Playwright; no
# browser is downloaded. Installed when missing and we are root (as in CI).
# tests/test_pdf_libreoffice.py exports .docx replies to PDF with LibreOffice (soffice).
MISSING=()
command -v chromium >/dev/null 2>&1 || MISSING+=(chromium)
command -v soffice >/dev/null 2>&1 || MISSING+=(libreoffice-writer-nogui)
if [ ${#MISSING[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${MISSING[@]}") >/dev/null
fi
echo "greta-search installed in .venv" >&2
