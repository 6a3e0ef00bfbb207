"""Online session grants: the license's session count kept in PostgreSQL, not on the station.

A station that reaches the office asks for a grant before it starts a session. The
service checks the license (issued by the office's root key, bound to this station, not
revoked, inside its window, naming the member) and counts the session in one statement::

    UPDATE licenses SET granted = granted + 1
     WHERE license_id = ... AND granted + offline_used < max_sessions RETURNING ...

so two stations (or a re-installed one) asking at once cannot both take the last session.
Asking again for the same (station, session id) returns the same grant: a retry after a
lost answer does not count twice. The service's clock in the grant is the station's clock
floor.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from screeningroom.office.errors import RequestRefused
from screeningroom.office.model import Grant, LicenseUse
from screeningroom.office.store import OfficeStore
from screeningroom.registry.canonical import to_micros
from screeningroom_resources.i18n import _


def check_license(data: bytes, anchor: Any) -> Any:
    from screeningroom.errors import ScreeningRoomError
    from screeningroom.vault.checks import load_license_checked

    try:
        return load_license_checked(data, anchor)
    except ScreeningRoomError as exc:
        raise RequestRefused(400, "bad_license", str(exc)) from None


def register_license(conn: psycopg.Connection, lic: Any, data: bytes) -> None:
    conn.execute(
        "INSERT INTO licenses (license_id, station_id, film_id, max_sessions, offline_sessions,"
        " not_before_us, not_after_us, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (license_id) DO NOTHING",
        (lic.license_id, lic.station_id, lic.film_id, lic.max_sessions, lic.offline_sessions,
         to_micros(lic.not_before), to_micros(lic.not_after), bytes(data)))


def _use(row: dict) -> LicenseUse:
    return LicenseUse(row["license_id"], row["station_id"], row["film_id"],
                      row["max_sessions"], row["offline_sessions"], row["granted"],
                      row["offline_used"])


def add_licenses(store: OfficeStore, station_id: str, licenses: list[tuple[Any, bytes]]
                 ) -> tuple[LicenseUse, ...]:
    """Make the office count sessions of these licenses (each checked, this station's)."""
    for lic, _data in licenses:
        if lic.station_id != station_id:
            raise RequestRefused(403, "wrong_station", _(
                "License {license} is for station {other}, not for this one.").format(
                    license=lic.license_id, other=lic.station_id))
    with store.transaction() as conn:
        for lic, data in licenses:
            register_license(conn, lic, data)
        rows = conn.execute("SELECT * FROM licenses WHERE license_id = ANY(%s) ORDER BY "
                            "license_id", ([lic.license_id for lic, _d in licenses],)).fetchall()
    return tuple(_use(r) for r in rows)


def grant(store: OfficeStore, station_id: str, lic: Any, data: bytes, session_id: int,
          member_id: str, now: datetime) -> Grant:
    now_us = to_micros(now)
    sid = f"{session_id:016x}"
    if lic.station_id != station_id:
        raise RequestRefused(403, "wrong_station", _(
            "License {license} is for station {other}, not for this one.").format(
                license=lic.license_id, other=lic.station_id))
    if not lic.not_before <= now < lic.not_after:
        raise RequestRefused(403, "license_window", _(
            "License {license} is not valid at the office's time {now} UTC.").format(
                license=lic.license_id, now=now.strftime("%Y-%m-%d %H:%M:%S")))
    if member_id not in lic.members:
        raise RequestRefused(403, "member_not_licensed", _(
            "Member {member} is not named in license {license}.").format(
                member=member_id, license=lic.license_id))
    with store.transaction() as conn:
        station = store.station(station_id, conn, lock=True)
        if station is None or station.revoked_at is not None:
            raise RequestRefused(403, "revoked", _(
                "Station {station} is revoked: the office grants it no session.").format(
                    station=station_id))
        if not station.not_before <= now < station.not_after:
            raise RequestRefused(403, "certificate_expired", _(
                "The certificate of station {station} is not valid at the office's time: "
                "ask the review office to renew it.").format(station=station_id))
        if lic.license_id in store.revoked_licenses(conn):
            raise RequestRefused(403, "license_revoked", _(
                "License {license} is revoked.").format(license=lic.license_id))
        register_license(conn, lic, data)
        held = conn.execute("SELECT g.*, l.max_sessions, l.granted + l.offline_used AS used "
                            "FROM grants g JOIN licenses l USING (license_id) WHERE "
                            "g.station_id = %s AND g.session_id = %s",
                            (station_id, sid)).fetchone()
        if held is not None:
            if held["license_id"] != lic.license_id or held["member_id"] != member_id:
                raise RequestRefused(409, "session_id_taken", _(
                    "Session id {session} was already granted for another license or "
                    "member.").format(session=sid))
            store.touch(station_id, now_us, conn)
            return Grant(station_id, session_id, lic.license_id, held["number"],
                         held["max_sessions"], held["used"], now)
        row = conn.execute(
            "UPDATE licenses SET granted = granted + 1 WHERE license_id = %s AND "
            "granted + offline_used < max_sessions RETURNING granted, offline_used, "
            "max_sessions", (lic.license_id,)).fetchone()
        if row is None:
            used = conn.execute("SELECT granted + offline_used AS used, max_sessions FROM "
                                "licenses WHERE license_id = %s", (lic.license_id,)).fetchone()
            raise RequestRefused(409, "sessions_used_up", _(
                "All {allowed} sessions of license {license} have been used ({used} counted "
                "by the office).").format(allowed=used["max_sessions"],
                                          license=lic.license_id, used=used["used"]),
                used=used["used"], max_sessions=used["max_sessions"])
        number = row["granted"] + row["offline_used"]
        conn.execute("INSERT INTO grants (station_id, session_id, license_id, member_id, "
                     "number, granted_us) VALUES (%s, %s, %s, %s, %s, %s)",
                     (station_id, sid, lic.license_id, member_id, number, now_us))
        store.touch(station_id, now_us, conn)
    return Grant(station_id, session_id, lic.license_id, number, row["max_sessions"], number,
                 now)


def license_uses(store: OfficeStore) -> tuple[LicenseUse, ...]:
    with store.transaction() as conn:
        rows = conn.execute("SELECT * FROM licenses ORDER BY station_id, license_id"
                            ).fetchall()
    return tuple(_use(r) for r in rows)
