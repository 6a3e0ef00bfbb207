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
    assert [(x.member_id, x.field.value) for x in s.disagreements] == [
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


# --- the commission summary from signed reports ------------------------------------------

from pathlib import Path  # noqa: E402

from pdftext import pdf_text  # noqa: E402

from screeningroom.review.audit import from_registry  # noqa: E402
from screeningroom.review.commission import collect_verdicts  # noqa: E402
from screeningroom.review.errors import SummaryRefused  # noqa: E402

from .conftest import SID, SID2, build_world  # noqa: E402
from .test_report import fill  # noqa: E402


def _collect(world, reports, members=3, audit=True):
    views = (from_registry(world.registry),) if audit else ()
    return collect_verdicts(reports, anchors=[world.station.anchor], audit=views,
                            members=members)


def test_copies_of_one_report_in_other_languages_are_one_member(world, tmp_path) -> None:
    fill(world.store)
    kk = world.export(tmp_path / "m1-kk.pdf", lang="kk")
    en = world.export(tmp_path / "m1-en.pdf", lang="en")
    counted = _collect(world, [kk.pdf, en.pdf])
    assert [v.member_id for v in counted.verdicts] == ["m1"]
    assert counted.verdicts[0].evidence.files == (str(kk.pdf), str(en.pdf))


def test_two_different_reports_of_one_member_are_refused(world, tmp_path) -> None:
    fill(world.store)
    first = world.export(tmp_path / "first.pdf")
    world.store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=9_000,
                         text="one more thing")
    second = world.export(tmp_path / "second.pdf")
    with pytest.raises(SummaryRefused, match=r"second\.pdf: member m1 has another"):
        _collect(world, [first.pdf, second.pdf])


def test_a_report_the_audit_log_refuses_is_not_counted(world, tmp_path) -> None:
    fill(world.store)
    done = world.export(tmp_path / "m1.pdf")
    world.registry.close()
    # the station's log is replaced by one that never saw m1 sign (a restored backup)
    import sqlite3

    db = sqlite3.connect(world.root / "registry.sqlite3")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE event = 'report_signed'")
    db.commit()
    db.close()
    from screeningroom.registry import Registry

    from .conftest import FAST
    world.registry = Registry.open(world.root / "registry.sqlite3", world.station,
                                   settings=FAST)
    with pytest.raises(SummaryRefused, match=r"m1\.pdf: .*no record of member m1 signing"):
        _collect(world, [done.pdf])


def test_a_report_signed_by_a_self_made_station_is_refused(world, tmp_path) -> None:
    """On a machine without the station folder, a re-signed 21+ report of member
    "x.forger" was counted with no warning."""
    from screeningroom.review.store import ReviewStore

    forge_root = tmp_path / "forger"
    forge_root.mkdir()
    with ReviewStore(forge_root / "review.sqlite3") as forged_store:
        forger = build_world(forge_root, forged_store, {"x.forger": "forger password"})
        try:
            forger.watch("x.forger", 0x7777)
            fill(forged_store, member="x.forger", sid=0x7777)
            forged = forger.export(tmp_path / "forged.pdf", member="x.forger",
                                   password="forger password")
        finally:
            forger.keys.close()
            forger.registry.close()
    fill(world.store)
    real = world.export(tmp_path / "m1.pdf")
    with pytest.raises(SummaryRefused, match=r"forged\.pdf: ") as info:
        _collect(world, [real.pdf, forged.pdf], audit=False)
    assert [where for where, _why in info.value.refused] == [str(forged.pdf)]


def test_more_members_than_the_commission_is_refused(world, tmp_path) -> None:
    fill(world.store)
    fill(world.store, member="m2", sid=SID2)
    reports = [world.export(tmp_path / "m1.pdf").pdf,
               world.export(tmp_path / "m2.pdf", member="m2").pdf]
    with pytest.raises(SummaryRefused, match="2 members reported, but the commission has 1"):
        _collect(world, reports, members=1)


def test_majority_is_of_the_whole_commission(film) -> None:
    d = date(2026, 3, 10)
    two = [_v("m1", AgeCategory.AGE_16, Recommendation.ISSUE, d),
           _v("m2", AgeCategory.AGE_16, Recommendation.ISSUE, d)]
    assert summarise(film, two, applied_on=None, working_days=30, today=d,
                     expected_members=5).majority_category is None
    assert summarise(film, two, applied_on=None, working_days=30, today=d,
                     expected_members=3).majority_category is AgeCategory.AGE_16


@pytest.mark.parametrize("bad", ["0", "-3", "two"])
def test_members_must_be_a_positive_number(bad, capsys) -> None:
    from screeningroom.cli import main

    with pytest.raises(SystemExit) as info:
        main(["review", "summary", "r.pdf", "--members", bad])
    assert info.value.code == 2
    assert "--members" in capsys.readouterr().err


def test_the_summary_carries_what_the_commission_decides_on(world, tmp_path, monkeypatch,
                                                            capsys) -> None:
    """Notes, time codes, grounds, evidence, member signatures; translated values; no
    stored application date reused."""
    from screeningroom.cli import main

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "secretary"))
    fill(world.store)
    fill(world.store, member="m2", sid=SID2, age=AgeCategory.AGE_16,
         recommendation=Recommendation.ISSUE)
    m1 = world.export(tmp_path / "m1.pdf", lang="en")
    m2 = world.export(tmp_path / "m2.pdf", member="m2", lang="ru")
    bundle = world.registry.export_bundle(tmp_path / "audit.srab",
                                          world.station.certificate_bytes)
    common = [str(m1.pdf), str(m2.pdf), "--members", "3", "--anchor",
              str(world.anchor_path), "--audit", str(bundle)]
    assert main(["--lang", "ru", "review", "summary", *common]) == 0
    printed = capsys.readouterr().out
    assert "отказать в выдаче прокатного удостоверения" in printed and "refuse" not in printed
    assert "0:12:34" in printed
    assert "Срок: дата заявления не указана" in printed
    counted = _collect(world, [m1.pdf, m2.pdf])
    s = summarise(counted.film, counted.verdicts, applied_on=date(2026, 3, 2),
                  working_days=30, today=date(2026, 3, 5), expected_members=3)
    from datetime import UTC, datetime

    from screeningroom.review.summary_doc import render_summary_pdf

    for lang, word in (("kk", "Қатыгездік көрінісі"), ("ru", "Қатыгездік көрінісі")):
        out = tmp_path / f"summary-{lang}.pdf"
        out.write_bytes(render_summary_pdf(s, lang, made_at=datetime(2026, 3, 5, tzinfo=UTC),
                                           station_id=world.station.station_id))
        text = pdf_text(out)
        assert word in text and "0:12:34" in text and "0:20:00" in text
        assert "refuse" not in text and "issue the" not in text
    assert "проверена" in pdf_text(tmp_path / "summary-ru.pdf")


def test_the_summary_pdf_is_signed_and_verified(home, monkeypatch, capsys) -> None:
    from screeningroom.cli import main
    from screeningroom.review.store import ReviewStore
    from screeningroom.review.verify import verify_summary

    with ReviewStore() as store:
        for member in ("m1", "m2"):
            store.add_note(session_id=home.sessions[member], member_id=member,
                           film_id=home.film_id, time_ms=2_000, text="sharp cut at 0:00:02")
            from screeningroom.review.model import ReviewForm

            from .test_report import LANGS
            store.save_form(ReviewForm(home.film_id, member, AgeCategory.AGE_12,
                                       language=LANGS, recommendation=Recommendation.ISSUE))
    reports = []
    for member in ("m1", "m2"):
        out = home.root / f"{member}.pdf"
        assert main(["review", "export", "--film", home.film_id, "--member", member,
                     "--out", str(out), "--report-lang", "en",
                     *home.station_args(member)]) == 0, capsys.readouterr().err
        reports.append(str(out))
    summary = home.root / "summary.pdf"
    assert main(["review", "summary", *reports, "--members", "3", "--applied", "2026-03-02",
                 "--out", str(summary), "--passphrase-file", str(home.passphrase_file)]) == 0
    assert "signed by station" in capsys.readouterr().out
    from screeningroom.vault.checks import load_anchor

    anchor = load_anchor(home.anchor_path.read_bytes())
    assert verify_summary(summary, anchors=[anchor]).members == ("m1", "m2")
    assert main(["review", "verify", str(summary)]) == 0
    assert "commission summary" in capsys.readouterr().out
    summary.write_bytes(summary.read_bytes() + b"%")
    assert main(["review", "verify", str(summary)]) == 1
    assert "changed after signing" in capsys.readouterr().err
    assert Path(str(summary) + ".sig").exists()


def test_a_report_of_a_revoked_station_is_refused(world, tmp_path, capsys) -> None:
    from screeningroom.cli import main
    from screeningroom.review.errors import StationRevoked
    from screeningroom.review.verify import verify_report
    from screeningroom.vault.checks import load_revocations_checked

    fill(world.store)
    done = world.export(tmp_path / "m1.pdf")
    listed = tmp_path / "revocations.srr"
    listed.write_bytes(world.authority.revoke(stations=(world.station.station_id,)))
    revoked = load_revocations_checked(listed.read_bytes(), world.station.anchor)
    with pytest.raises(StationRevoked, match="revoked by the review office"):
        verify_report(done.pdf, anchors=[world.station.anchor], revocations=[revoked])
    with pytest.raises(SummaryRefused, match=r"m1\.pdf: .*revoked"):
        collect_verdicts([done.pdf], anchors=[world.station.anchor], audit=(), members=3,
                         revocations=[revoked])
    assert main(["review", "summary", str(done.pdf), "--members", "3", "--anchor",
                 str(world.anchor_path), "--revocations", str(listed)]) == 1
    assert "revoked" in capsys.readouterr().err
