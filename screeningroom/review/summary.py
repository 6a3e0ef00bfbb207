"""The commission summary of one film: every member's category and recommendation, the
majority, the disagreements, and the application's deadline.

Majority means more than half of the members who submitted a complete form; with no
such choice the summary says so (``majority_* is None``) and lists everyone as differing.
The deadline is the application date plus the review period in working days
(:mod:`screeningroom.review.workdays`); it is met when the last member's form was
complete on or before that day.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from screeningroom.review.errors import NoReports
from screeningroom.review.law import AgeCategory
from screeningroom.review.model import Film, Recommendation
from screeningroom.review.workdays import WorkCalendar
from screeningroom_resources.i18n import N_, _

T = TypeVar("T")


@dataclass(frozen=True)
class MemberVerdict:
    member_id: str
    member_name: str
    age_category: AgeCategory
    recommendation: Recommendation
    decided_on: date            # the day the member's report was made
    grounds: tuple[str, ...] = ()


class DeadlineStatus(enum.Enum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"          # not every member has decided, and the day has not passed
    OVERDUE = "overdue"          # not every member has decided, and the day has passed

    @property
    def title(self) -> str:
        return _(_DEADLINE_TITLES[self])


_DEADLINE_TITLES = {
    DeadlineStatus.MET: N_("met"),
    DeadlineStatus.MISSED: N_("missed"),
    DeadlineStatus.PENDING: N_("open"),
    DeadlineStatus.OVERDUE: N_("overdue"),
}


@dataclass(frozen=True)
class Deadline:
    applied_on: date
    working_days: int
    due: date
    status: DeadlineStatus
    working_days_left: int       # after today, 0 once the day has passed


@dataclass(frozen=True)
class Disagreement:
    member_id: str
    field: str                   # "age_category" or "recommendation"
    chosen: str
    majority: str | None


@dataclass(frozen=True)
class CommissionSummary:
    film: Film
    verdicts: tuple[MemberVerdict, ...]
    majority_category: AgeCategory | None
    majority_recommendation: Recommendation | None
    disagreements: tuple[Disagreement, ...]
    declared_differs: bool       # the majority category is not the one declared
    deadline: Deadline | None
    expected_members: int


def majority(values: Sequence[T]) -> T | None:
    """The value chosen by more than half, else None."""
    if not values:
        return None
    value, count = Counter(values).most_common(1)[0]
    return value if count * 2 > len(values) else None


def deadline(applied_on: date, working_days: int, calendar: WorkCalendar, *, today: date,
             decided_on: date | None) -> Deadline:
    """The deadline of an application; ``decided_on`` None while members are still
    reviewing."""
    due = calendar.add_working_days(applied_on, working_days)
    if decided_on is not None:
        status = DeadlineStatus.MET if decided_on <= due else DeadlineStatus.MISSED
    else:
        status = DeadlineStatus.PENDING if today <= due else DeadlineStatus.OVERDUE
    left = calendar.working_days_between(today, due) if today < due else 0
    return Deadline(applied_on, working_days, due, status, left)


def summarise(
    film: Film,
    verdicts: Sequence[MemberVerdict],
    *,
    applied_on: date | None,
    working_days: int,
    calendar: WorkCalendar | None = None,
    today: date,
    expected_members: int | None = None,
) -> CommissionSummary:
    """The commission summary. ``expected_members`` (default: those who decided) tells
    whether everyone has decided, which the deadline's status depends on."""
    if not verdicts:
        raise NoReports(film.film_id)
    ordered = tuple(sorted(verdicts, key=lambda v: v.member_id))
    expected = max(expected_members or len(ordered), len(ordered))
    category = majority([v.age_category for v in ordered])
    recommendation = majority([v.recommendation for v in ordered])
    differences: list[Disagreement] = []
    for v in ordered:
        if v.age_category is not category:
            differences.append(Disagreement(
                v.member_id, "age_category", v.age_category.value,
                category.value if category else None))
        if v.recommendation is not recommendation:
            differences.append(Disagreement(
                v.member_id, "recommendation", v.recommendation.value,
                recommendation.value if recommendation else None))
    due = None
    if applied_on is not None:
        all_decided = len(ordered) >= expected
        decided_on = max(v.decided_on for v in ordered) if all_decided else None
        due = deadline(applied_on, working_days, calendar or WorkCalendar(), today=today,
                       decided_on=decided_on)
    return CommissionSummary(
        film=film, verdicts=ordered, majority_category=category,
        majority_recommendation=recommendation, disagreements=tuple(differences),
        declared_differs=(category is not None and film.declared_age is not None
                          and category is not film.declared_age),
        deadline=due, expected_members=expected,
    )


def verdict_from_facts(fact: dict) -> MemberVerdict:
    """A member's verdict from the signed facts of a report (see report.facts)."""
    from datetime import datetime

    form = fact["form"]
    return MemberVerdict(
        member_id=fact["member_id"],
        member_name=fact.get("member_name", ""),
        age_category=AgeCategory(form["age_category"]),
        recommendation=Recommendation(form["recommendation"]),
        decided_on=datetime.fromisoformat(fact["created_at"].replace("Z", "+00:00")).date(),
        grounds=tuple(g["ground"] for g in form.get("grounds", ())),
    )


def film_from_facts(fact: dict) -> Film:
    film = fact["film"]
    declared = film.get("declared_age")
    return Film(
        film_id=film["film_id"], title=film["title"], register_no=film["register_no"],
        duration_seconds=film["duration_ms"] / 1000,
        declared_age=AgeCategory(declared) if declared else None,
    )
