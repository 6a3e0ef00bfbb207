"""The office's status view (terminal table and page) and its commands."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from officeworld import service

from screeningroom import cli
from screeningroom.office import queries
from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.status import render_html, render_table
from screeningroom.office.uplink import Uplink
from screeningroom.registry import AuditEvent


def _two_stations(svc, office):  # type: ignore[no-untyped-def]
    a, b = office.registry("A"), office.registry("B")
    for reg in (a, b):
        s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
        reg.record(s.session_id, AuditEvent.PAUSE)
    a.record_refusal("clock_rollback", "the clock went back", clock_anomaly=True)
    for name, reg in (("A", a), ("B", b)):
        with OfficeClient(svc[0], office.station(name)) as c:
            Uplink(c, reg, office.certificates[name]).sync()
    with OfficeClient(svc[0], office.station("B")) as c, \
            pytest.raises(OfficeRefused):                      # a forged history of B
        c.push(office.forged_log("B", 2))
    return a, b


def test_status_rows_and_renderings(svc, office) -> None:
    regs = _two_stations(svc, office)
    zone = ZoneInfo("Asia/Almaty")
    rows = {r.station_id: r for r in queries.status(svc[1], datetime.now(UTC), zone)}
    a, b = rows[office.station("A").station_id], rows[office.station("B").station_id]
    assert (a.sessions_today, a.open_sessions, a.clock_jumps, a.forks) == (1, 1, 1, 0)
    assert (b.forks, b.head_seq) == (1, 3)  # with the enrolment
    assert a.last_contact is not None and a.head_hash == list(regs[0].stored_records())[-1].hash
    table = render_table(list(rows.values()), datetime.now(UTC), zone)
    assert "Asia/Almaty" in table and office.station("B").station_id in table
    assert f"{b.head_seq}:{b.head_hash.hex()[:12]}" in table
    page = render_html(list(rows.values()), datetime.now(UTC), zone)
    assert page.count("<tr") == 3 and 'class="bad"' in page
    for reg in regs:
        reg.close()


def test_status_page_needs_the_password(pg_url, office) -> None:
    with service(pg_url, office, status_password="s3cret-page") as svc:
        assert httpx.get(svc[0] + "/status").status_code == 401
        wrong = base64.b64encode(b"office:nope").decode()
        assert httpx.get(svc[0] + "/status", headers={"authorization": f"Basic {wrong}"}
                         ).status_code == 401
        good = base64.b64encode(b"office:s3cret-page").decode()
        page = httpx.get(svc[0] + "/status?zone=Asia/Almaty",
                         headers={"authorization": f"Basic {good}"})
        assert page.status_code == 200 and "Asia/Almaty" in page.text


def test_desk_reads_status_through_the_service(svc, office) -> None:
    regs = _two_stations(svc, office)
    with OfficeClient(svc[0], office.station("desk")) as desk:
        desk.enroll(office.certificates["desk"])
        svc[1].set_reader(office.station("desk").station_id, True)
        rows = desk.status("Asia/Almaty")
    assert {r.station_id for r in rows} >= {office.station("A").station_id}
    for reg in regs:
        reg.close()


def test_office_commands(svc, office, pg_url, capsys, tmp_path) -> None:
    regs = _two_stations(svc, office)
    assert cli.main(["office", "migrate", "--database", pg_url]) == 0
    from screeningroom.office.schema import MIGRATIONS

    assert f"schema version {len(MIGRATIONS)}" in capsys.readouterr().out
    page = tmp_path / "status.html"
    assert cli.main(["office", "status", "--database", pg_url, "--zone", "Asia/Almaty",
                     "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert office.station("A").station_id in out and page.read_text().startswith("<!doctype")
    assert cli.main(["office", "findings", "--database", pg_url]) == 0
    assert "forked log" in capsys.readouterr().out
    desk_id = office.station("A").station_id
    assert cli.main(["office", "readers", "add", desk_id, "--database", pg_url]) == 0
    assert "may now read" in capsys.readouterr().out
    assert cli.main(["office", "readers", "add", "st-nobody", "--database", pg_url]) == 2
    rl = tmp_path / "list.srr"
    rl.write_bytes(office.authority.revoke(stations=(office.station("B").station_id,)))
    anchor = tmp_path / "anchor.sra"
    anchor.write_bytes(office.anchor.signed_bytes)
    assert cli.main(["office", "revocations", "install", str(rl), "--database", pg_url,
                     "--anchor", str(anchor)]) == 0
    assert "Installed revocation list 1" in capsys.readouterr().out
    assert cli.main(["office", "status", "--database", "sqlite:///x"]) == 2
    assert cli.main(["office", "status", "--database", pg_url, "--zone", "Mars/Base"]) == 2
    for reg in regs:
        reg.close()


def test_a_station_pushes_from_the_command_line(svc, office, tmp_path, monkeypatch,
                                                capsys) -> None:
    from datetime import timedelta

    from officeworld import CHEAP, PASS, now

    from screeningroom.registry import Registry
    from screeningroom.vault import init_station, install_certificate, load_station

    home = tmp_path / "home"
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    request = init_station("Station H", "Room H", PASS, office.anchor.signed_bytes,
                           folder=home / "station", now=now() - timedelta(days=1),
                           scrypt=CHEAP)
    install_certificate(office.authority.certify(request.signed_bytes, 30,
                                                 now=now() - timedelta(days=1)),
                        folder=home / "station", now=now())
    with Registry.open(home / "registry.sqlite3", load_station(PASS, folder=home / "station")
                       ) as reg:
        reg.add_member("m1", "Member One", "correct horse battery")
        reg.authenticate("m1", "correct horse battery")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    assert cli.main(["office", "push", "--url", svc[0], "--passphrase-file", str(secret)]) == 0
    assert "up to record 2" in capsys.readouterr().out      # the enrolment and the login
    assert cli.main(["office", "push", "--url", "http://127.0.0.1:9", "--passphrase-file",
                     str(secret)]) == 1
    assert "cannot be reached" in capsys.readouterr().err
