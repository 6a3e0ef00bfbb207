"""Which reports a commission summary counts: :func:`collect_verdicts`.

Every report is checked exactly as ``review verify`` checks it
(:func:`screeningroom.review.verify.verify_report`, with the trust anchors, revocation
lists and audit logs given). Then, across the reports:

- each must be signed by a station certified by one of the anchors and by the member's
  own key (a report from before member signatures is refused);
- all must be about one film;
- one report per member: copies of one report in other languages (the same form, notes,
  withdrawn notes and sessions) count once; two different reports of one member are
  refused (she says which she stands by);
- no more members than the commission has (``members``).

Anything else is refused with :class:`SummaryRefused`, which names every file and its
reason; nothing is counted until every report holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from screeningroom.review.audit import AuditView
from screeningroom.review.errors import ReviewBadInput, ReviewError, SummaryRefused
from screeningroom.review.facts import ReportFacts
from screeningroom.review.model import Film
from screeningroom.review.summary import MemberVerdict, ReportEvidence
from screeningroom.review.verify import Origin, ReportCheck, verify_report
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class Counted:
    film: Film
    verdicts: tuple[MemberVerdict, ...]


def _decision(facts: ReportFacts) -> tuple[object, ...]:
    """What makes two reports the same report (the language and time of export aside)."""
    return (facts.member_id, facts.film.film_id, facts.form, facts.notes, facts.withdrawn,
            facts.sessions, facts.station_id)


def collect_verdicts(reports: Sequence[Path], *, anchors: Sequence[object],
                     audit: Iterable[AuditView], members: int,
                     revocations: Sequence[object] = ()) -> Counted:
    if members < 1:
        raise ReviewBadInput(_("A commission has at least one member: give --members N."))
    if not anchors:
        raise ReviewBadInput(_("No trust anchor: give the review office's anchor with "
                               "--anchor ANCHOR."))
    views = tuple(audit)
    refused: list[tuple[str, str]] = []
    checks: list[ReportCheck] = []
    for path in dict.fromkeys(Path(p).resolve() for p in reports):   # a file given twice
        try:
            check = verify_report(path, anchors=anchors, audit=views,
                                  revocations=revocations)
        except ReviewError as exc:
            refused.append((str(path), str(exc)))
            continue
        if check.origin is not Origin.ANCHOR:
            refused.append((str(path), _("its station is not certified by the office.")))
        elif check.member_key is None:
            refused.append((str(path), _("it carries no signature of the member (made "
                                         "before members signed their own reports): "
                                         "export it again.")))
        else:
            checks.append(check)
    films = sorted({c.film_id for c in checks})
    if len(films) > 1:
        first = films[0]
        refused.extend((str(c.pdf), _("it is about film {film}, not {first}: summarise "
                                      "one film at a time.").format(film=c.film_id,
                                                                     first=first))
                       for c in checks if c.film_id != first)
    by_member: dict[str, list[ReportCheck]] = {}
    for check in checks:
        by_member.setdefault(check.member_id, []).append(check)
    for member, own in by_member.items():
        first = own[0]
        for other in own[1:]:
            if _decision(other.facts) != _decision(first.facts):
                refused.append((str(other.pdf), _(
                    "member {member} has another, different report on this film ({first}): "
                    "give only the one the member stands by.").format(member=member,
                                                               first=first.pdf)))
    if len(by_member) > members:
        refused.append(("--members", _("{count} members reported, but the commission has "
                                       "{members}.").format(count=len(by_member),
                                                            members=members)))
    if refused:
        raise SummaryRefused(tuple(refused))
    if not checks:
        raise SummaryRefused((("", _("no report was given.")),))
    verdicts = []
    for own in by_member.values():
        facts = own[0].facts
        verdicts.append(MemberVerdict(
            member_id=facts.member_id, member_name=facts.member_name,
            age_category=facts.form.age_category,  # type: ignore[arg-type]
            recommendation=facts.form.recommendation,  # type: ignore[arg-type]
            decided_on=min(c.facts.created_at for c in own).date(),
            report=facts, evidence=ReportEvidence.of(own)))
    return Counted(checks[0].facts.film, tuple(verdicts))
