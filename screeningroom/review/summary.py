"""The commission summary of one film: every member's category and recommendation with
her notes, grounds and evidence, the majority, the disagreements, and the deadline.

Majority means more than half of the commission's members (``expected_members``, the
size of the commission, not only those who reported): 2 of a commission of 5 agreeing is
no majority. With no such choice the summary says so (``majority_* is None``) and lists
everyone as differing. The deadline is the application date plus the review period in
working days (:mod:`screeningroom.review.workdays`); it is met when every member reported
on or before that day. Which reports count is decided in :mod:`.commission`.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from screeningroom.review.errors import NoReports
from screeningroom.review.facts import ReportFacts
from screeningroom.review.law import AgeCategory
from screeningroom.review.model import Film, Recommendation
from screeningroom.review.verify import ReportCheck
from screeningroom.review.workdays import WorkCalendar
from screeningroom_resources.i18n import N_, _

T = TypeVar("T")


@dataclass(frozen=True)
class ReportEvidence:
    """How a member's report was checked, and the files that are its copies."""

    files: tuple[str, ...]               # the report and its copies in other languages
    pdf_sha256: tuple[str, ...]
    station_id: str
    member_key: bytes
    audit_source: str | None             # the audit log it matched, None: none here

    @classmethod
    def of(cls, checks: Sequence[ReportCheck]) -> ReportEvidence:
        first = checks[0]
        return cls(tuple(str(c.pdf) for c in checks), tuple(c.pdf_sha256 for c in checks),
                   first.station_id, first.member_key or b"", first.audit_source)


@dataclass(frozen=True)
class MemberVerdict:
    member_id: str
    member_name: str
    age_category: AgeCategory
    recommendation: Recommendation
    decided_on: date            # the day the member's report was made
    report: ReportFacts | None = None      # what her signed report says (notes, grounds)
    evidence: ReportEvidence | None = None  # how her report was checked


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


class DisagreementField(enum.Enum):
    AGE_CATEGORY = "age_category"
    RECOMMENDATION = "recommendation"

    @property
    def title(self) -> str:
        return _(N_("age category") if self is DisagreementField.AGE_CATEGORY
                 else N_("recommendation"))


@dataclass(frozen=True)
class Disagreement:
    member_id: str
    field: DisagreementField
    chosen: AgeCategory | Recommendation
    majority: AgeCategory | Recommendation | None

    @staticmethod
    def _text(value: AgeCategory | Recommendation | None) -> str:
        if value is None:
            return _("no majority")
        return value.label if isinstance(value, AgeCategory) else value.title

    @property
    def chosen_text(self) -> str:
        """The member's choice in the current language."""
        return self._text(self.chosen)

    @property
    def majority_text(self) -> str:
        return self._text(self.majority)


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


def majority(values: Sequence[T], of: int | None = None) -> T | None:
    """The value chosen by more than half of ``of`` (default: of the values), else None."""
    if not values:
        return None
    value, count = Counter(values).most_common(1)[0]
    return value if count * 2 > max(of or 0, len(values)) else None


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
    """The commission summary. ``expected_members`` is the size of the commission (default:
    those who decided): the majority is of it, and the deadline is met only when that
    many have decided."""
    if not verdicts:
        raise NoReports(film.film_id)
    ordered = tuple(sorted(verdicts, key=lambda v: v.member_id))
    expected = max(expected_members or len(ordered), len(ordered))
    category = majority([v.age_category for v in ordered], expected)
    recommendation = majority([v.recommendation for v in ordered], expected)
    differences: list[Disagreement] = []
    for v in ordered:
        if v.age_category is not category:
            differences.append(Disagreement(
                v.member_id, DisagreementField.AGE_CATEGORY, v.age_category, category))
        if v.recommendation is not recommendation:
            differences.append(Disagreement(
                v.member_id, DisagreementField.RECOMMENDATION, v.recommendation,
                recommendation))
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
