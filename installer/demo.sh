#!/usr/bin/env bash
# The main job: installs what is missing, then runs the review-station demo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/bootstrap.sh
exec .venv/bin/screeningroom demo "$@"
