"""The office's view of its stations: a table for the terminal and a page for a browser.

Both show, per station: last contact, chain head (sequence number and the first hex digits
of its hash), sessions started today and still open, and the anomalies held against it
(forks, gaps, clock jumps, refused pushes, other findings). Every time carries its zone.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo

from screeningroom.office.model import StationStatus
from screeningroom_resources.i18n import _


def _when(moment: datetime | None, zone: tzinfo) -> str:
    if moment is None:
        return _("never")
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M:%S} {_zone_name(local, zone)}"


def _zone_name(local: datetime, zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    return key or local.tzname() or "UTC"


def _head(row: StationStatus) -> str:
    return f"{row.head_seq}:{row.head_hash.hex()[:12]}" if row.head_seq else "0"


def headers() -> tuple[str, ...]:
    return (_("Station"), _("Name"), _("Room"), _("Last contact"), _("Chain head"),
            _("Today"), _("Open"), _("Forks"), _("Gaps"), _("Clock jumps"), _("Refused"),
            _("Other"), _("State"))


def cells(row: StationStatus, zone: tzinfo) -> tuple[str, ...]:
    state = _("revoked") if row.revoked else (_("anomalies") if row.anomalies else _("ok"))
    return (row.station_id, row.name, row.room, _when(row.last_contact, zone), _head(row),
            str(row.sessions_today), str(row.open_sessions), str(row.forks), str(row.gaps),
            str(row.clock_jumps), str(row.refused), str(row.other_findings), state)


def render_table(rows: Sequence[StationStatus], now: datetime, zone: tzinfo) -> str:
    """A plain-text table (one line per station) with a title line."""
    table = [headers()] + [cells(r, zone) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    lines = [_("Stations of the central registry at {time}: {count}").format(
        time=_when(now, zone), count=len(rows))]
    for index, line in enumerate(table):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths,
                                                                         strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    if not rows:
        lines.append(_("No station has contacted the office yet."))
    return "\n".join(lines) + "\n"


_NUMERIC = frozenset(range(5, 12))  # the count columns, right-aligned
_STYLE = """body{font-family:DejaVu Sans,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left}
th{background:#eee}tr.bad td{background:#fde8e8}tr.revoked td{background:#eee;color:#777}
td.n{text-align:right}"""


def render_html(rows: Sequence[StationStatus], now: datetime, zone: tzinfo) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in headers())
    body = []
    for row in rows:
        kind = "revoked" if row.revoked else ("bad" if row.anomalies else "")
        tds = "".join(
            f'<td class="n">{esc(c)}</td>' if index in _NUMERIC else f"<td>{esc(c)}</td>"
            for index, c in enumerate(cells(row, zone)))
        body.append(f'<tr class="{kind}">{tds}</tr>')
    if not rows:
        body.append(f'<tr><td colspan="13">{esc(_("No station has contacted the office yet."))}'
                    "</td></tr>")
    title = _("Stations of the central registry at {time}: {count}").format(
        time=_when(now, zone), count=len(rows))
    return (f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" '
            f'content="30"><title>{esc(_("Review stations"))}</title><style>{_STYLE}</style>'
            f"</head><body><h1>{esc(_('Review stations'))}</h1><p>{esc(title)}</p>"
            f"<table><tr>{head}</tr>{''.join(body)}</table></body></html>")
