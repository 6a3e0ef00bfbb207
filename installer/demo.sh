#!/usr/bin/env bash
# The main job: installs what is missing, then tells the whole story — review office,
# review station, a leak, the takedown desk — each party in its own data folder under
# artifacts/story/ (emptied first: every run starts clean). See installer/story/story.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/bootstrap.sh
exec .venv/bin/python installer/story/story.py "$@"
