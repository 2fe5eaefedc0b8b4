#!/usr/bin/env bash
# Rebuild the committed index of corpus/ (index/, model e5), then commit index/.
# Run it after any change to loading, parsing, chunking, provisions or keywords (the test
# tests/test_shipped_index.py fails until you do). Only passages whose text changed are
# embedded again: the previous build and the embedding cache hold the others.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
"$PYTHON" -m greta_search index corpus --model e5 --index index
# Keep only the published build in git.
current=$(readlink index/current)
for build in index/builds/*; do
    [ "$build" = "index/$current" ] || rm -rf "$build"
done
git add -A index 2>/dev/null || true
echo "index/ rebuilt ($current); commit it" >&2
