#!/usr/bin/env bash
# Turns a Debian 12 workstation into a review station. Safe to run again: a second run
# with the same arguments changes nothing. See docs/provisioning.md.
#
#   sudo bash installer/provision-station.sh --anchor anchor.sra --name "Station 3" \
#        --room "Hall 2" --passphrase-file station.pass \
#        --bundle screeningroom-station-0.1.0-linux-x86_64.tar.gz \
#        --release screeningroom-station-0.1.0-linux-x86_64.tar.gz.sru
#
# What it does, in order:
#   1. OS packages: X (server, xinit, xauth), fonts; screen-capture, recording and remote
#      desktop tools purged and pinned away (--no-packages skips the apt part).
#   2. A dedicated unprivileged user (default "screening"): no password, no login shell.
#   3. The station bundle in /opt/screeningroom (releases/VERSION, current -> it), when
#      --bundle and --release are given, checked against the trust anchor.
#   4. The station's keys and its enrollment request (screeningroom station init), in
#      /var/lib/screeningroom, owned by that user; the request is copied for the office.
#   5. The kiosk: a systemd unit runs startx on tty1 with a session of only the app,
#      full screen, restarted when it ends; tty1's login prompt masked; no VT switching.
#   6. Updates: screeningroom-update (a path unit and a timer) installs signed bundles
#      the office leaves in /var/lib/screeningroom-updates/inbox.
#   7. A check that no capture tool or its desktop entry is left; fails if one is.
#
# Options:
#   --root DIR           provision the Debian system whose root is DIR (default /); users
#                        are added with useradd --prefix, apt runs in chroot DIR
#   --anchor FILE        the review office's trust anchor (required on the first run)
#   --name NAME --room ROOM   the station's name and room (required on the first run)
#   --passphrase-file F  the station key's passphrase, first line (first run only; the
#                        operator types it at the station's unlock screen afterwards)
#   --bundle TARBALL --release FILE.sru   the office's signed bundle and its release file
#   --user NAME          the kiosk user (default screening)
#   --app CMD            the screeningroom command used to check the bundle and to make
#                        the station's keys (default: the bundle's own)
#   --request-out FILE   where the enrollment request is written for the office
#                        (default ROOT/etc/screeningroom/enrollment-request.srq)
#   --no-packages        leave OS packages alone (tests; a machine prepared otherwise)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
templates="$here/station"

root=/
anchor="" name="" room="" passphrase_file="" bundle="" release="" app="" request_out=""
user=screening
packages=1

say() { printf '[provision] %s\n' "$*" >&2; }
die() { printf '[provision] %s\n' "$*" >&2; exit "${2:-1}"; }

while (($#)); do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --anchor) anchor="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --room) room="$2"; shift 2 ;;
    --passphrase-file) passphrase_file="$2"; shift 2 ;;
    --bundle) bundle="$2"; shift 2 ;;
    --release) release="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --app) app="$2"; shift 2 ;;
    --request-out) request_out="$2"; shift 2 ;;
    --no-packages) packages=0; shift ;;
    -h|--help) sed -n '2,40p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option $1 (see --help)" 2 ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "run this as root (it adds a user and system units)"
root="$(cd "$root" 2>/dev/null && pwd)" || die "no such folder: $root" 2
[[ -f "$root/etc/passwd" && -f "$root/etc/group" ]] \
  || die "$root does not look like a Debian system (no etc/passwd)" 2
[[ -z "$bundle" && -z "$release" || -n "$bundle" && -n "$release" ]] \
  || die "--bundle and --release go together" 2
[[ "$user" =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] || die "not a user name: $user" 2
r="${root%/}"  # prefix for every path below ("" for the running system)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- the paths of a provisioned station (docs/provisioning.md) -------------------------
etc=/etc/screeningroom
data=/var/lib/screeningroom          # SCREENINGROOM_HOME of the kiosk user
spool=/var/lib/screeningroom-updates # inbox/, done/, rejected/
target=/opt/screeningroom            # releases/, current
updater=/usr/local/sbin/screeningroom-update
units=/etc/systemd/system
request_out="${request_out:-$r$etc/enrollment-request.srq}"
if [[ -n "$anchor" ]]; then
  [[ -f "$anchor" ]] || die "cannot read the trust anchor $anchor" 2
  [[ "$(head -c 6 "$anchor")" == SRANCH ]] || die "$anchor is not a trust anchor (.sra)" 2
  if [[ -f "$r$data/station/station.key" && -f "$r$etc/anchor.sra" ]] \
      && ! cmp -s "$anchor" "$r$etc/anchor.sra"; then
    # the anchor decides whose bundles this station installs: never changed in passing
    die "this station already trusts another review office's anchor ($etc/anchor.sra); a station moving to another office is provisioned afresh"
  fi
elif [[ ! -f "$r$etc/anchor.sra" ]]; then
  die "the review office's trust anchor is needed: --anchor FILE" 2
fi

# --- idempotent file helpers: nothing is rewritten when it is already as wanted --------
# put FILE MODE OWNER: stdin becomes FILE (under the root) only when it differs.
put() { put_at "$r$1" "$2" "$3"; }
# put_at PATH MODE OWNER: the same for a path outside the root (the request's copy).
put_at() {
  local dest="$1" mode="$2" owner="$3" tmp
  cat > "$work/new"
  if ! [[ -f "$dest" && ! -L "$dest" ]] || ! cmp -s "$work/new" "$dest"; then
    mkdir -p "$(dirname "$dest")"
    tmp="$(mktemp "$(dirname "$dest")/.provision.XXXXXX")"
    cat "$work/new" > "$tmp"
    mv -f "$tmp" "$dest"
    say "wrote ${dest#"$r"}"
  fi
  chmod "$mode" "$dest"
  chown "$owner" "$dest"
}
# link TARGET LINK: LINK (under the root) points at TARGET.
link() {
  local dest="$r$2"
  mkdir -p "$(dirname "$dest")"
  if [[ "$(readlink "$dest" 2>/dev/null)" != "$1" ]]; then
    ln -sfn "$1" "$dest"
    say "linked $2 -> $1"
  fi
}
# folder DIR MODE OWNER
folder() {
  [[ -d "$r$1" ]] || { mkdir -p "$r$1"; say "made $1"; }
  chmod "$2" "$r$1"
  chown "$3" "$r$1"
}
# fill TEMPLATE: the template with the station's paths put in.
fill() {
  sed -e "s|@USER@|$user|g" -e "s|@DATA@|$data|g" -e "s|@SPOOL@|$spool|g" \
      -e "s|@TARGET@|$target|g" -e "s|@ANCHOR@|$etc/anchor.sra|g" \
      -e "s|@UPDATER@|$updater|g" -e "s|@SESSION@|$etc/kiosk-session|g" \
      -e "s|@APP@|$target/current/screeningroom|g" "$templates/$1"
}

# --- 1. OS packages --------------------------------------------------------------------
# Screen capture, recording, screen sharing and remote desktop, and the players and
# installers that bring such tools in (VLC's own player records and takes snapshots;
# ImageMagick's 'import' and x11-apps' 'xwd' grab the screen; ffmpeg has x11grab;
# flatpak and snap install applications outside dpkg).
capture_packages=(
  scrot maim gnome-screenshot xfce4-screenshooter kde-spectacle ksnip flameshot shutter
  screengrab deepin-screenshot mate-utils grim slurp imagemagick imagemagick-6.q16
  graphicsmagick x11-apps xdotool
  obs-studio simplescreenrecorder kazam vokoscreen-ng peek recordmydesktop
  gtk-recordmydesktop byzanz wf-recorder kooha gpu-screen-recorder ffmpeg
  vlc vlc-bin vlc-plugin-qt vlc-plugin-skins2 vlc-plugin-access-extra
  x11vnc tigervnc-scraping-server tigervnc-standalone-server vino krfb xrdp
  remmina gnome-remote-desktop flatpak snapd
)
# What the kiosk session needs from the OS (the bundle carries Qt, VLC and Python; the
# X and OpenGL libraries below are those PyInstaller leaves to the system on purpose;
# Mesa draws the video widget's shader, in software where there is no GPU driver).
station_packages=(
  xserver-xorg-core xserver-xorg-input-libinput xserver-xorg-video-all xinit xauth
  x11-xserver-utils fonts-dejavu-core libgl1 libegl1 libxcb1 libxcb-cursor0
  libxkbcommon-x11-0 libgl1-mesa-dri libglx-mesa0 alsa-utils
)
in_root() { if [[ -z "$r" ]]; then "$@"; else chroot "$root" "$@"; fi; }
# shellcheck disable=SC2016  # dpkg's own ${Status}, not the shell's
installed() { in_root dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if ((packages)); then
  export DEBIAN_FRONTEND=noninteractive
  if [[ -n "$r" && ! -e "$r/usr/sbin/policy-rc.d" ]]; then
    # no service of the system being prepared is started on this machine meanwhile
    printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"
    chmod 0755 "$r/usr/sbin/policy-rc.d"
    trap 'rm -rf "$work" "$r/usr/sbin/policy-rc.d"' EXIT
  fi
  in_root apt-get update -qq >/dev/null
  missing=()
  for pkg in "${station_packages[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    in_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  present=()
  for pkg in "${capture_packages[@]}"; do installed "$pkg" && present+=("$pkg"); done
  if ((${#present[@]})); then
    say "removing ${present[*]}"
    in_root apt-get purge -y -qq "${present[@]}" >/dev/null
  fi
else
  say "OS packages left as they are (--no-packages)"
fi
{
  echo "# Review station (installer/provision-station.sh): these never get installed."
  for pkg in "${capture_packages[@]}"; do
    printf '\nPackage: %s\nPin: release *\nPin-Priority: -1\n' "$pkg"
  done
} | put /etc/apt/preferences.d/screeningroom-no-capture 0644 root:root

# --- 2. the kiosk user -----------------------------------------------------------------
if ! grep -q "^$user:" "$r/etc/passwd"; then
  prefix=()
  [[ -n "$r" ]] && prefix=(--prefix "$root")
  # sound and the display's devices (logind also grants them to the active session)
  groups=()
  for g in audio video; do grep -q "^$g:" "$r/etc/group" && groups+=("$g"); done
  group_args=()
  ((${#groups[@]})) && group_args=(--groups "$(IFS=,; echo "${groups[*]}")")
  useradd "${prefix[@]}" --create-home --home-dir "/home/$user" --shell /usr/sbin/nologin \
    --user-group "${group_args[@]}" --comment "Screening Room review station" "$user"
  say "added the user $user"
fi
uid="$(awk -F: -v u="$user" '$1 == u {print $3}' "$r/etc/passwd")"
gid="$(awk -F: -v u="$user" '$1 == u {print $4}' "$r/etc/passwd")"
[[ "$uid" -ge 1000 ]] || die "$user exists with uid $uid: choose another --user"
folder "/home/$user" 0700 "$uid:$gid"

# --- 3. the station bundle -------------------------------------------------------------
folder "$etc" 0755 root:root
if [[ -n "$anchor" ]]; then
  put "$etc/anchor.sra" 0644 root:root < "$anchor"
fi
folder "$target" 0755 root:root
if [[ -n "$bundle" ]]; then
  verifier="$app"
  if [[ -z "$verifier" && -x "$r$target/current/screeningroom" ]]; then
    verifier="$r$target/current/screeningroom"
  fi
  if [[ -z "$verifier" ]]; then
    # First installation: nothing on this machine can check the bundle yet, so the new
    # bundle checks itself. That catches a damaged or wrong file, not a forger: compare
    # the SHA-256 printed here with the one the office states (docs/provisioning.md).
    tar -xzf "$bundle" -C "$work"
    verifier="$(echo "$work"/*/screeningroom)"
    [[ -x "$verifier" ]] || die "$bundle holds no station bundle" 2
    say "first installation: the bundle checks its own release file"
  fi
  "$verifier" update install "$release" --archive "$bundle" --anchor "$r$etc/anchor.sra" \
    --target "$r$target" >&2
fi
if [[ -z "$app" ]]; then
  app="$r$target/current/screeningroom"
  [[ -x "$app" ]] || die "no station bundle yet: give --bundle and --release" 2
fi

# --- 4. the station's keys and its enrollment request ----------------------------------
folder "$data" 0700 "$uid:$gid"
if [[ ! -f "$r$data/station/station.key" ]]; then
  [[ -n "$name" && -n "$room" && -n "$passphrase_file" ]] \
    || die "the first run needs --name, --room and --passphrase-file" 2
  SCREENINGROOM_HOME="$r$data" "$app" station init --name "$name" --room "$room" \
    --anchor "$r$etc/anchor.sra" --passphrase-file "$passphrase_file" >&2
  chown -R "$uid:$gid" "$r$data"
  say "station initialised in $data"
fi
put_at "$request_out" 0644 root:root < "$r$data/station/request.srq"
say "enrollment request for the review office: $request_out"

# --- 5. the kiosk session --------------------------------------------------------------
fill kiosk-session | put "$etc/kiosk-session" 0755 root:root
fill screeningroom-kiosk.service | put "$units/screeningroom-kiosk.service" 0644 root:root
link "$units/screeningroom-kiosk.service" "$units/graphical.target.wants/screeningroom-kiosk.service"
link /lib/systemd/system/graphical.target "$units/default.target"
link /dev/null "$units/getty@tty1.service"
fill 50-screeningroom-kiosk.conf | put /etc/X11/xorg.conf.d/50-screeningroom-kiosk.conf 0644 root:root
fill 60-screeningroom.conf | put /etc/sysctl.d/60-screeningroom.conf 0644 root:root

# --- 6. updates from the office --------------------------------------------------------
folder "$spool" 0755 root:root
for sub in inbox "done" rejected; do folder "$spool/$sub" 0755 root:root; done
fill screeningroom-update | put "$updater" 0755 root:root
for unit in screeningroom-update.service screeningroom-update.path screeningroom-update.timer; do
  fill "$unit" | put "$units/$unit" 0644 root:root
done
link "$units/screeningroom-update.path" "$units/paths.target.wants/screeningroom-update.path"
link "$units/screeningroom-update.timer" "$units/timers.target.wants/screeningroom-update.timer"

# --- 7. no capture tool left -----------------------------------------------------------
capture_programs=(scrot maim gnome-screenshot xfce4-screenshooter spectacle ksnip flameshot
  shutter screengrab deepin-screenshot mate-screenshot grim import gm xwd obs
  simplescreenrecorder kazam vokoscreenNG peek recordmydesktop byzanz-record wf-recorder
  kooha gpu-screen-recorder ffmpeg vlc cvlc x11vnc x0vncserver vino-server krfb xrdp
  flatpak snap)
left=()
for program in "${capture_programs[@]}"; do
  for dir in /usr/bin /usr/local/bin /bin /snap/bin; do
    [[ -e "$r$dir/$program" ]] && left+=("$dir/$program")
  done
done
while IFS= read -r -d '' entry; do
  if grep -qiE '^(Exec|Name|Keywords|Categories)=.*(screenshot|screen ?cast|screen ?record|record (the )?screen|capture|vnc|remote desktop|vlc)' "$entry"; then
    left+=("${entry#"$r"}")
  fi
done < <(find "$r/usr/share/applications" "$r/usr/local/share/applications" \
              "$r/var/lib/flatpak/exports/share/applications" \
              -name '*.desktop' -print0 2>/dev/null)
if ((${#left[@]})); then
  die "capture tools are still on this system: ${left[*]} (remove their packages and run this again)"
fi
say "review station ready: $(basename "$app") in $target, kiosk user $user"
