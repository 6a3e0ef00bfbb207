"""Working days in the Republic of Kazakhstan, for the review deadline.

Rules (see docs/review.md for the sources):

- Saturday and Sunday are days off (five-day working week).
- Public holidays are days off: New Year (1-2 January), International Women's Day
  (8 March), Nauryz (21-23 March), Unity Day (1 May), Defender of the Fatherland Day
  (7 May), Victory Day (9 May), Capital Day (6 July), Constitution Day (30 August),
  Republic Day (25 October), Independence Day (16 December) — the list in force since
  the 2022 amendments to the Law "On holidays in the Republic of Kazakhstan".
- When such a holiday falls on a Saturday or Sunday, the next working day is a day off.
  This does not apply to the two religious days off: Orthodox Christmas (7 January) and
  the first day of Kurban Ait (a lunar date, :data:`KURBAN_AIT`).
- The Government moves days off each year by decree (a Saturday worked, a Monday off):
  pass those as ``extra_days_off`` / ``extra_working_days``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from screeningroom.review.errors import ReviewBadInput
from screeningroom_resources.i18n import _

#: (month, day) of the public holidays that move to the next working day on a weekend.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9),
    (7, 6), (8, 30), (10, 25), (12, 16),
)
#: Religious days off; they do not move when they fall on a weekend.
ORTHODOX_CHRISTMAS = (1, 7)
#: First day of Kurban Ait by year, as announced (add a year when it is announced).
KURBAN_AIT: dict[int, date] = {
    2023: date(2023, 6, 28),
    2024: date(2024, 6, 16),
    2025: date(2025, 6, 6),
    2026: date(2026, 5, 27),
}


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


@cache
def public_days_off(year: int) -> frozenset[date]:
    """Every non-weekend day off of ``year`` from holidays, transfers included."""
    off: set[date] = set()
    holidays = sorted(date(year, m, d) for m, d in FIXED_HOLIDAYS)
    for holiday in holidays:
        if not _weekend(holiday):
            off.add(holiday)
    for holiday in holidays:
        if _weekend(holiday):
            moved = holiday + timedelta(days=1)
            while _weekend(moved) or moved in off:
                moved += timedelta(days=1)
            off.add(moved)
    religious = [date(year, *ORTHODOX_CHRISTMAS)]
    if year in KURBAN_AIT:
        religious.append(KURBAN_AIT[year])
    off.update(day for day in religious if not _weekend(day))
    return frozenset(off)


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar; the Government's yearly moves go in the two sets."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or _weekend(day):
            return False
        return day not in public_days_off(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted,
        as a term counted from an application begins the day after it is filed)."""
        if count < 0:
            raise ReviewBadInput(_("A review period cannot be negative."))
        day = start
        left = count
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def calendar_with(days_off: Iterable[date] = (), working_days: Iterable[date] = ()
                  ) -> WorkCalendar:
    return WorkCalendar(frozenset(days_off), frozenset(working_days))
