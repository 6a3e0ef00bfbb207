#!/usr/bin/env bash
# Builds the review station bundle with PyInstaller (installer/station.spec):
#   dist/screeningroom-station/                     the one-folder bundle
#   dist/screeningroom-station-VERSION-linux-ARCH.tar.gz   the same folder as a tarball
# The build runs in its own environment, .venv-bundle: the project installed from this
# checkout (not in edit mode) plus PyInstaller, and none of the test tools. Safe to run
# again; the environment is rebuilt when pyproject.toml or the pinned build tools change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

say() { printf '[bundle] %s\n' "$*" >&2; }

# OS packages (libvlc5, vlc-plugin-base, fonts, binutils), .venv, the sample clips and the
# compiled Qt translations: everything the bundle copies from this machine.
bash installer/bootstrap.sh

venv=.venv-bundle
python="${PYTHON:-python3}"
if [[ ! -x "$venv/bin/python" ]]; then
  say "creating $venv"
  "$python" -m venv "$venv"
fi
stamp="$venv/.screeningroom-build-tools"
want="$(cat pyproject.toml installer/bundle-requirements.txt | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  say "installing the build tools and the project's dependencies into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
  if ! "$venv/bin/python" -m pip install -q -r installer/bundle-requirements.txt . \
      >"$venv/install.log" 2>&1; then
    say "pip failed; the last lines of $venv/install.log:"
    tail -n 20 "$venv/install.log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
# The project itself, fresh from this checkout every time (its code changes more often
# than its dependencies).
"$venv/bin/python" -m pip install -q --no-deps --force-reinstall . >"$venv/project.log" 2>&1 \
  || { tail -n 20 "$venv/project.log" >&2; exit 1; }

version="$("$venv/bin/python" -c 'import screeningroom; print(screeningroom.__version__)')"
arch="$(uname -m)"
name=screeningroom-station
say "building $name $version for linux-$arch"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath dist --workpath build/bundle installer/station.spec

# The interpreter's library carries its debug symbols (17 of its 23 MB). Only it is
# stripped: libraries in wheels were patched by auditwheel and break when stripped.
for lib in "dist/$name/_internal"/libpython3*.so*; do
  [[ -f "$lib" && ! -L "$lib" ]] && strip --strip-debug "$lib"
done

# One time stamp for every file of the tarball (the last commit's).
epoch="$(git log -1 --format=%ct 2>/dev/null || date +%s)"

# libvlc's plugin cache (plugins.dat) for the plugins bundled: without it every libvlc
# instance the station makes opens each plugin file to read what it offers. vlc-cache-gen
# (Debian's libvlc-bin, installed by the bootstrap) writes it; it records each plugin's size
# and time stamp, so the plugins get the tarball's time stamp first (tar restores it).
plugins="dist/$name/_internal/vlc/plugins"
cachegen="$(ls /usr/lib/*/vlc/vlc-cache-gen 2>/dev/null | head -n 1)"
if [[ -z "$cachegen" ]]; then
  say "vlc-cache-gen not found (apt-get install libvlc-bin)"; exit 1
fi
find "$plugins" -name '*.so' -exec touch -d "@$epoch" {} +
"$cachegen" "$plugins" >/dev/null 2>&1 || { say "vlc-cache-gen failed on $plugins"; exit 1; }
[[ -f "$plugins/plugins.dat" ]] || { say "vlc-cache-gen wrote no plugins.dat"; exit 1; }

tarball="dist/$name-$version-linux-$arch.tar.gz"
# A reproducible tarball: sorted names, no owners, one time stamp.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  -C dist -cf - "$name" | gzip -n -6 > "$tarball.part"
mv "$tarball.part" "$tarball"

say "bundle:  dist/$name/ ($(du -sh "dist/$name" | cut -f1))"
say "tarball: $tarball ($(du -sh "$tarball" | cut -f1))"
echo "$tarball"
