"""Working-day arithmetic and the commission summary."""

from __future__ import annotations

from datetime import date

import pytest

from screeningroom.review.errors import NoReports, ReviewBadInput
from screeningroom.review.law import AgeCategory
from screeningroom.review.model import Recommendation
from screeningroom.review.summary import (
    DeadlineStatus,
    MemberVerdict,
    majority,
    summarise,
)
from screeningroom.review.workdays import WorkCalendar, calendar_with, public_days_off

CAL = WorkCalendar()


def test_weekends_are_skipped() -> None:
    friday = date(2026, 2, 6)
    assert CAL.add_working_days(friday, 1) == date(2026, 2, 9)   # Monday
    assert CAL.add_working_days(friday, 5) == date(2026, 2, 13)
    assert CAL.add_working_days(friday, 0) == friday


def test_holidays_are_skipped_and_a_weekend_holiday_moves_to_monday() -> None:
    # Nauryz 2026: 21 (Sat), 22 (Sun), 23 (Mon) March -> 23, 24, 25 March off.
    off = public_days_off(2026)
    assert {date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)} <= off
    assert CAL.add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    # Republic Day 25 Oct 2025 was a Saturday: Monday 27 Oct off.
    assert date(2025, 10, 27) in public_days_off(2025)
    # 8 March 2026 is a Sunday: Monday 9 March is off.
    assert not CAL.is_working_day(date(2026, 3, 9))


def test_religious_days_off_do_not_move() -> None:
    # 7 January 2024 was a Sunday: 8 January 2024 stayed a working day.
    assert CAL.is_working_day(date(2024, 1, 8))
    assert not CAL.is_working_day(date(2026, 1, 7))        # Wednesday, Christmas
    assert not CAL.is_working_day(date(2026, 5, 27))       # Kurban Ait, Wednesday


def test_government_moves_are_taken() -> None:
    cal = calendar_with(days_off=[date(2026, 1, 5)], working_days=[date(2026, 1, 3)])
    assert cal.is_working_day(date(2026, 1, 3)) and not cal.is_working_day(date(2026, 1, 5))


def test_thirty_working_days_over_the_new_year() -> None:
    # filed Mon 15 Dec 2025; 16 Dec, 1-2 Jan, 7 Jan and weekends are off
    due = CAL.add_working_days(date(2025, 12, 15), 30)
    assert due == date(2026, 1, 30)
    assert CAL.working_days_between(date(2025, 12, 15), due) == 30


def test_negative_period_is_refused() -> None:
    with pytest.raises(ReviewBadInput):
        CAL.add_working_days(date(2026, 1, 1), -1)


def _v(member: str, cat: AgeCategory, rec: Recommendation, day: date) -> MemberVerdict:
    return MemberVerdict(member, member.upper(), cat, rec, day)


def test_majority_needs_more_than_half() -> None:
    assert majority(["a", "a", "b"]) == "a"
    assert majority(["a", "b"]) is None
    assert majority([]) is None


def test_summary_majority_disagreements_and_deadline(film) -> None:
    d = date(2026, 3, 10)
    verdicts = [
        _v("m1", AgeCategory.AGE_16, Recommendation.ISSUE, d),
        _v("m2", AgeCategory.AGE_16, Recommendation.ISSUE, d),
        _v("m3", AgeCategory.AGE_18, Recommendation.RETURN, date(2026, 3, 12)),
    ]
    s = summarise(film, verdicts, applied_on=date(2026, 3, 2), working_days=7,
                  today=date(2026, 3, 12))
    assert s.majority_category is AgeCategory.AGE_16
    assert s.majority_recommendation is Recommendation.ISSUE
    assert [(x.member_id, x.field) for x in s.disagreements] == [
        ("m3", "age_category"), ("m3", "recommendation")]
    assert s.declared_differs  # declared 12+
    # 2 March + 7 working days: 9 March is off (8 March on Sunday) -> 12 March
    assert s.deadline.due == date(2026, 3, 12)
    assert s.deadline.status is DeadlineStatus.MET


def test_summary_without_majority_and_overdue(film) -> None:
    verdicts = [
        _v("m1", AgeCategory.AGE_16, Recommendation.ISSUE, date(2026, 3, 3)),
        _v("m2", AgeCategory.AGE_18, Recommendation.REFUSE, date(2026, 3, 3)),
    ]
    s = summarise(film, verdicts, applied_on=date(2026, 3, 2), working_days=1,
                  today=date(2026, 3, 10), expected_members=3)
    assert s.majority_category is None and s.majority_recommendation is None
    assert len(s.disagreements) == 4
    assert s.deadline.status is DeadlineStatus.OVERDUE
    late = summarise(film, verdicts, applied_on=date(2026, 3, 2), working_days=1,
                     today=date(2026, 3, 10))
    assert late.deadline.status is DeadlineStatus.MET
    with pytest.raises(NoReports):
        summarise(film, [], applied_on=None, working_days=30, today=date(2026, 3, 10))
