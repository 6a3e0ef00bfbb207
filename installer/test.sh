#!/usr/bin/env bash
# Runs the whole test suite headless: lint, import contracts, pytest. Extra arguments go
# to pytest (for example: -m slow, or -k vault); with arguments, the selection they make
# includes tests/watermark again (in the full environment).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
unset DISPLAY WAYLAND_DISPLAY
echo "== ruff"
.venv/bin/ruff check .
echo "== import contracts"
.venv/bin/lint-imports --no-cache
echo "== watermark alone (its own dependencies only: no Qt, no VLC, no app dependencies)"
bash installer/watermark-env.sh
.venv-watermark/bin/python -m pytest -q -p no:cacheprovider tests/watermark
echo "== pytest"
if [ "$#" -eq 0 ]; then
    # the default run: tests/watermark has just passed in its own environment above, with
    # the same ffmpeg and footage; it is not run a second time here
    set -- --ignore=tests/watermark
fi
exec .venv/bin/python -m pytest "$@"
