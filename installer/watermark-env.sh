#!/usr/bin/env bash
# Builds .venv-watermark: a virtual environment with only the watermark library's own
# dependencies (installer/watermark-requirements.txt), in which tests/watermark must pass.
# It holds no Qt and no VLC, and this script checks that it stays so. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
venv=.venv-watermark
python="${PYTHON:-python3}"
stamp="$venv/.requirements"
want="$(cat installer/watermark-requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "[watermark-env] creating $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
  if ! "$venv/bin/python" -m pip install -q -r installer/watermark-requirements.txt \
      >"$venv/install.log" 2>&1; then
    echo "[watermark-env] pip failed; the last lines of $venv/install.log:" >&2
    tail -n 20 "$venv/install.log" >&2
    exit 1
  fi
  "$venv/bin/python" -m pip install -q --no-deps -e . >>"$venv/install.log" 2>&1
  echo "$want" > "$stamp"
fi
for absent in PySide6 shiboken6 vlc pytestqt; do
  if (cd / && PYTHONPATH= "$here/$venv/bin/python" -c "import $absent" >/dev/null 2>&1); then
    echo "[watermark-env] $venv can import $absent: it must hold the watermark's own dependencies only" >&2
    exit 1
  fi
done
