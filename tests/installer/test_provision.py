"""Provisioning a review station into a throw-away root (installer/provision-station.sh
with --root and --no-packages): users, files, units, permissions, no capture tool, a
second run that changes nothing, and the updater installing what the office signs."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from screeningroom.vault.checks import load_request_checked
from screeningroom.vault.keyfile import ScryptParams

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "provision-station.sh"
STATION_PASSPHRASE = "station three passphrase"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="provisioning runs as root")


def fresh_debian_root(root: Path) -> Path:
    """The account files of a fresh Debian system (base-passwd's masters), nothing else."""
    etc = root / "etc"
    etc.mkdir(parents=True)
    masters = Path("/usr/share/base-passwd")
    if not (masters / "passwd.master").exists():
        pytest.skip("base-passwd's master files are not on this machine")
    shutil.copy(masters / "passwd.master", etc / "passwd")
    shutil.copy(masters / "group.master", etc / "group")
    names = [line.split(":")[0] for line in (etc / "passwd").read_text().splitlines()]
    groups = [line.split(":")[0] for line in (etc / "group").read_text().splitlines()]
    (etc / "shadow").write_text("".join(f"{n}:*:20000:0:99999:7:::\n" for n in names))
    (etc / "gshadow").write_text("".join(f"{g}:*::\n" for g in groups))
    os.chmod(etc / "shadow", 0o640)
    os.chmod(etc / "gshadow", 0o640)
    shutil.copy("/etc/login.defs", etc / "login.defs")
    return root


def provision(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENINGROOM_")}
    return subprocess.run(["bash", str(SCRIPT), "--root", str(root), "--no-packages", *args],
                          capture_output=True, text=True, timeout=300, env=env)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path under ``root`` with its type, mode, owner, contents and time stamp."""
    out: dict[str, tuple] = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            what = os.readlink(path)
        elif stat.S_ISREG(st.st_mode):
            what = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            what = ""
        out[str(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode),
                                            st.st_uid, st.st_gid, what, st.st_mtime_ns)
    return out


def unit(path: Path) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def provisioned(tmp_path: Path, venv_bundle, sign):  # type: ignore[no-untyped-def]
    root = fresh_debian_root(tmp_path / "root")
    secret = tmp_path / "station.pass"
    secret.write_text(STATION_PASSPHRASE + "\n")
    tarball = venv_bundle(tmp_path / "from-office", "0.1.0")
    args = ("--anchor", str(tmp_path / "office" / "anchor.sra"),
            "--name", "Station 3", "--room", "Hall 2", "--passphrase-file", str(secret),
            "--bundle", str(tarball), "--release", str(sign(tarball, "0.1.0")))
    first = provision(root, *args)
    assert first.returncode == 0, first.stderr
    return root, args, first


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory, venv_bundle, signer_for):  # type: ignore[no-untyped-def]
    """One provisioned root for the tests that leave it as it is (they check so)."""
    from screeningroom.vault import init_authority, load_authority

    tmp = tmp_path_factory.mktemp("station")
    init_authority("Review office", "office passphrase", folder=tmp / "office",
                   scrypt=ScryptParams(10, 8, 1))
    office = load_authority("office passphrase", folder=tmp / "office")
    return provisioned(tmp, venv_bundle, signer_for(office))


@pytest.fixture
def own_station(tmp_path: Path, venv_bundle, sign):  # type: ignore[no-untyped-def]
    """A provisioned root of the test's own, which it may change."""
    return provisioned(tmp_path, venv_bundle, sign)


def test_provisioning_makes_a_kiosk_station(station) -> None:  # type: ignore[no-untyped-def]
    root, args, first = station
    assert "first installation" in first.stderr

    # the kiosk user: unprivileged, no password, no login shell, private home and data
    entry = next(line.split(":") for line in (root / "etc/passwd").read_text().splitlines()
                 if line.startswith("screening:"))
    uid, gid = int(entry[2]), int(entry[3])
    assert uid >= 1000 and entry[5] == "/home/screening" and entry[6] == "/usr/sbin/nologin"
    shadow = next(line for line in (root / "etc/shadow").read_text().splitlines()
                  if line.startswith("screening:"))
    assert shadow.split(":")[1].startswith("!")
    for line in (root / "etc/group").read_text().splitlines():
        name, _x, _gid, members = line.split(":")
        assert ("screening" in members.split(",")) == (name in ("audio", "video")), name
    for folder in ("home/screening", "var/lib/screeningroom"):
        st = (root / folder).stat()
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (uid, gid, 0o700)

    # the station's keys, owned by the user, and its request for the office
    key = root / "var/lib/screeningroom/station/station.key"
    assert key.stat().st_uid == uid and not stat.S_IMODE(key.stat().st_mode) & 0o077
    request = load_request_checked(
        (root / "etc/screeningroom/enrollment-request.srq").read_bytes())
    assert (request.name, request.room) == ("Station 3", "Hall 2")
    assert (root / "etc/screeningroom/anchor.sra").read_bytes() == Path(args[1]).read_bytes()

    # the bundle, installed from the office's signed release
    assert os.readlink(root / "opt/screeningroom/current") == "releases/0.1.0"
    assert os.access(root / "opt/screeningroom/current/screeningroom", os.X_OK)

    # the kiosk: startx on tty1 with a session of only the app, started at boot
    kiosk = unit(root / "etc/systemd/system/screeningroom-kiosk.service")
    assert kiosk["User"] == ["screening"] and kiosk["Restart"] == ["always"]
    assert kiosk["TTYPath"] == ["/dev/tty1"] and kiosk["PAMName"] == ["login"]
    assert "getty@tty1.service" in kiosk["Conflicts"]
    assert kiosk["ExecStart"][0].startswith("/usr/bin/startx /etc/screeningroom/kiosk-session ")
    assert "-nolisten tcp" in kiosk["ExecStart"][0] and "-novtswitch" in kiosk["ExecStart"][0]
    assert "SCREENINGROOM_HOME=/var/lib/screeningroom" in kiosk["Environment"][0]
    units = root / "etc/systemd/system"
    assert os.readlink(units / "graphical.target.wants/screeningroom-kiosk.service") == (
        "/etc/systemd/system/screeningroom-kiosk.service")
    assert os.readlink(units / "default.target") == "/lib/systemd/system/graphical.target"
    assert os.readlink(units / "getty@tty1.service") == "/dev/null"
    session = (root / "etc/screeningroom/kiosk-session").read_text().splitlines()
    commands = [line for line in session if line.strip() and not line.startswith("#")]
    assert commands == ["exec /opt/screeningroom/current/screeningroom app --full-screen"]
    xorg = (root / "etc/X11/xorg.conf.d/50-screeningroom-kiosk.conf").read_text()
    assert '"DontVTSwitch" "true"' in xorg and '"DontZap" "true"' in xorg
    sysctl = (root / "etc/sysctl.d/60-screeningroom.conf").read_text()
    assert "kernel.yama.ptrace_scope = 2" in sysctl and kiosk["LimitCORE"] == ["0"]

    # updates: the units, the inbox, the updater
    for name in ("screeningroom-update.service", "screeningroom-update.path",
                 "screeningroom-update.timer"):
        assert (units / name).is_file()
    assert unit(units / "screeningroom-update.path")["PathChanged"] == [
        "/var/lib/screeningroom-updates/inbox"]
    assert (units / "timers.target.wants/screeningroom-update.timer").is_symlink()
    assert (units / "paths.target.wants/screeningroom-update.path").is_symlink()
    service = unit(units / "screeningroom-update.service")
    assert service["PrivateNetwork"] == ["yes"] and service["ProtectSystem"] == ["strict"]

    # systemd reads every unit without a complaint (the programs they start are the
    # station's, not this machine's: only those are allowed to be missing)
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(
            ["systemd-analyze", "verify", "--man=no",
             *map(str, sorted(units.glob("screeningroom-*.*")))],
            capture_output=True, text=True, timeout=120)
        complaints = [line for line in (checked.stdout + checked.stderr).splitlines()
                      if line.strip() and "is not executable" not in line]
        assert not complaints, complaints

    # no capture tool may be installed, and none is left
    pins = (root / "etc/apt/preferences.d/screeningroom-no-capture").read_text()
    for pkg in ("scrot", "gnome-screenshot", "obs-studio", "simplescreenrecorder", "vlc",
                "ffmpeg", "x11vnc"):
        assert f"Package: {pkg}\nPin: release *\nPin-Priority: -1" in pins
    assert not [p for p in root.rglob("*.desktop")]

    # nothing world-writable, nothing setuid, system files owned by root
    for path in root.rglob("*"):
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            continue
        assert not st.st_mode & (stat.S_IWOTH | stat.S_ISUID | stat.S_ISGID), path
        if str(path.relative_to(root)).startswith(("etc/systemd", "etc/screeningroom", "opt",
                                                    "usr")):
            assert st.st_uid == 0, path


def test_a_second_run_changes_nothing(station) -> None:  # type: ignore[no-untyped-def]
    root, args, _first = station
    before = snapshot(root)
    again = provision(root, *args)
    assert again.returncode == 0, again.stderr
    assert snapshot(root) == before
    for word in ("wrote ", "made ", "linked ", "added the user", "initialised"):
        assert word not in again.stderr, again.stderr
    assert "nothing changed" in again.stderr


def test_another_offices_anchor_is_not_taken_in_passing(  # type: ignore[no-untyped-def]
        station, tmp_path: Path) -> None:
    root, args, _first = station
    from screeningroom.vault import init_authority

    init_authority("Other office", "other passphrase", folder=tmp_path / "other")
    swapped = list(args)
    swapped[1] = str(tmp_path / "other" / "anchor.sra")
    before = snapshot(root)
    result = provision(root, *swapped)
    assert result.returncode == 1 and "another review office" in result.stderr
    assert snapshot(root) == before


def test_the_updater_installs_only_what_the_office_signed(  # type: ignore[no-untyped-def]
        own_station, venv_bundle, sign, tmp_path: Path) -> None:
    root, _args, _first = own_station
    updater = root / "usr/local/sbin/screeningroom-update"
    spool = root / "var/lib/screeningroom-updates"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENINGROOM_")}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", str(updater), "--root", str(root), *extra],
                              capture_output=True, text=True, timeout=120, env=env)

    newer = venv_bundle(tmp_path / "v2", "0.2.0")
    done = run("--add", str(newer), str(sign(newer, "0.2.0")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert os.readlink(root / "opt/screeningroom/current") == "releases/0.2.0"
    assert sorted(p.name for p in (spool / "done").iterdir()) == sorted(
        [newer.name, newer.name + ".sru"])
    assert not list((spool / "inbox").iterdir())

    # a tarball changed after signing, and an older release: refused, moved aside
    bad = venv_bundle(tmp_path / "v3", "0.3.0")
    bad_release = sign(bad, "0.3.0")
    bad.write_bytes(bad.read_bytes() + b"\0")
    old = venv_bundle(tmp_path / "v1", "0.1.5")
    old_release = sign(old, "0.1.5")
    for path in (bad, bad_release, old, old_release):
        shutil.copy(path, spool / "inbox" / path.name)
        past = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
        os.utime(spool / "inbox" / path.name, (past, past))
    refused = run()
    assert refused.returncode == 1
    assert os.readlink(root / "opt/screeningroom/current") == "releases/0.2.0"
    logs = {p.name: p.read_text() for p in (spool / "rejected").glob("*.log")}
    assert "SHA-256" in logs[bad_release.name + ".log"]
    assert "older" in logs[old_release.name + ".log"]
    assert not list((spool / "inbox").iterdir())

    # a release whose tarball has not arrived yet waits in the inbox
    late = venv_bundle(tmp_path / "v4", "0.4.0")
    shutil.copy(sign(late, "0.4.0"), spool / "inbox")
    waiting = run()
    assert waiting.returncode == 0 and "waiting for its tarball" in waiting.stdout
    assert (spool / "inbox" / (late.name + ".sru")).exists()


def test_a_capture_tool_left_on_the_system_stops_provisioning(  # type: ignore[no-untyped-def]
        tmp_path: Path, office) -> None:
    root = fresh_debian_root(tmp_path / "root")
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True)
    (apps / "simplescreenrecorder.desktop").write_text(
        "[Desktop Entry]\nName=SimpleScreenRecorder\nExec=simplescreenrecorder\n"
        "Categories=AudioVideo;Recorder;\nKeywords=screen;record;\n")
    secret = tmp_path / "pass"
    secret.write_text(STATION_PASSPHRASE)
    result = provision(root, "--anchor", str(tmp_path / "office" / "anchor.sra"),
                       "--name", "S", "--room", "R", "--passphrase-file", str(secret),
                       "--app", str(Path(sys.executable).with_name("screeningroom")))
    assert result.returncode == 1
    assert "simplescreenrecorder.desktop" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_are_refused_clearly(tmp_path: Path) -> None:
    root = fresh_debian_root(tmp_path / "root")
    for args, message in ((["--bundle", "x.tar.gz"], "go together"),
                          (["--user", "Bad User"], "not a user name"),
                          ([], "trust anchor is needed"),
                          (["--anchor", str(SCRIPT)], "is not a trust anchor"),
                          (["--frobnicate"], "unknown option")):
        result = provision(root, *args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    result = subprocess.run(["bash", str(SCRIPT), "--root", str(tmp_path / "nothing")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no such folder" in result.stderr
