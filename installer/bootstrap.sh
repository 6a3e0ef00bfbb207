#!/usr/bin/env bash
# Makes this checkout runnable: OS packages (apt-get, only those missing), a virtual
# environment in .venv with the project installed, and the sample clips. Safe to run
# again: a second run checks and changes nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

say() { printf '[bootstrap] %s\n' "$*" >&2; }

# --- OS packages -----------------------------------------------------------------------
# One package a line, with what it is for (add yours on a line of its own).
os_packages=(
  libvlc5 vlc-plugin-base    # playback through libvlc (H.264, AAC, MP4/MKV demuxers)
  libvlc-bin                 # vlc-cache-gen: libvlc's plugin cache (plugins.dat); without it
                             # every player start scans the 350 plugins (90 ms -> 5 ms)
  xvfb xauth                 # a screen where there is none (tests, demo screenshots)
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0   # what Qt's xcb and offscreen platforms load
  fonts-dejavu-core          # Kazakh and Cyrillic glyphs in PDFs and on screen
  libgl1-mesa-dri libglx-mesa0  # Mesa's software OpenGL (llvmpipe): the video widget's
                             # shader where there is no GPU (Xvfb)
  postgresql                 # the office's central registry (its tests and benchmark start
                             # their own throwaway cluster)
  ffmpeg                     # the independent decoder (ffprobe, ffmpeg) the watermark's
                             # file tests check marked files with
  binutils                   # objdump: PyInstaller reads the bundle's ELF files with it
  debootstrap                # a throwaway Debian root for the slow provisioning test
)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  os_packages+=(python3-venv)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${os_packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
  done
else
  say "dpkg-query not found: this is not a Debian-like system; install the equivalents of:"
  say "  ${os_packages[*]}"
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt=(sudo apt-get)
  else
    say "These OS packages are missing: ${missing[*]}"
    say "Install them as root, then run this again:"
    say "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing OS packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${apt[@]}" update -qq >/dev/null
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python environment ----------------------------------------------------------------
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "Python 3.11 or newer is needed; $("$python" --version 2>&1) was found."
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.screeningroom-installed"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  say "installing the project and its test tools into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  if ! .venv/bin/python -m pip install -q -e ".[test]" >.venv/install.log 2>&1; then
    say "pip could not install the project; the last lines of .venv/install.log:"
    tail -n 20 .venv/install.log >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi

# --- compiled Qt translations (.ts -> .qm) --------------------------------------------------
.venv/bin/python -m screeningroom.ui.translations compile >/dev/null

# --- sample clips ----------------------------------------------------------------------
.venv/bin/python installer/samples.py
