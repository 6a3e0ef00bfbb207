"""A realistic notice request shared by the notice tests (fixture ``samples``)."""

from __future__ import annotations

import datetime as dt
import sys
from types import ModuleType

import pytest

from takedown.notices import (
    EvidenceSummary,
    InfringingItem,
    NoticeRequest,
    NoticeTarget,
    Recipient,
    SenderProfile,
    Work,
)

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
SEEN = dt.datetime(2026, 11, 21, 22, 15, tzinfo=dt.timezone(dt.timedelta(hours=5)))
CLIP_SHA = "3f" * 32
BUNDLE_SHA = "a1" * 32

WORK = Work(
    title="Ұлы дала: Қазақ хандығы",
    original_title="Великая степь",
    year=2026,
    rights_holder="«Қазақфильм» АҚ",
    register_number="KZ-2026-0417",
    distribution_certificate="No. 0912 of 14 October 2026",
    official_url="https://kazakhfilm.kz/films/uly-dala",
    rights_proof="licence agreement No. 12 of 1 March 2026 with Шәкәрім Қуанышұлы, "
                 "Ғабит Мүсірепов, Өмір Жүніс, Үміт Шаһарова and Іңкәр Ұланова",
)
SENDER = SenderProfile(
    organisation="Әділ Кино ЖШС",
    person="Айгерім Сейтқали",
    email="antipiracy@adilkino.kz",
    phone="+7 727 355 01 02",
    address="Абай даңғылы 10, Алматы 050000, Қазақстан",
    signature="/Айгерім Сейтқали/",
    position="қарақшылыққа қарсы бөлім басшысы",
)
TG_ITEMS = (
    InfringingItem("https://t.me/kino_premiery_hd/4812", SEEN, "Кино премьеры HD", 18250, CLIP_SHA),
    InfringingItem("https://t.me/c/1893456712/77", SEEN, "закрытая группа", None, ""),
)
WEB_ITEMS = (
    InfringingItem("https://kinogo-free.example/films/uly-dala-2026.html", SEEN, "", 5400,
                   CLIP_SHA),
)
EVIDENCE = EvidenceSummary(
    case_id="C-2026-0031",
    identified=True,
    offset_seconds=1312.4,
    attributable=True,
    p_value=3.2e-11,
    threshold=1e-6,
    session_id="9f3a0c17e2b4d851",
    bundle_sha256=BUNDLE_SHA,
)


def request_for(target: NoticeTarget) -> NoticeRequest:
    if target is NoticeTarget.TELEGRAM:
        return NoticeRequest(WORK, TG_ITEMS, EVIDENCE, SENDER,
                             Recipient("Telegram DMCA desk", "dmca@telegram.org"))
    recipients = {
        NoticeTarget.SITE: Recipient("kinogo-free.example", "admin@kinogo-free.example"),
        NoticeTarget.HOST: Recipient("Example Hosting B.V.", "abuse@examplehost.nl"),
        NoticeTarget.REGISTRAR: Recipient("NameCheap, Inc.", "abuse@namecheap.com"),
        NoticeTarget.AUTHORITY: Recipient(
            "Ministry of Culture and Information", "kense@mci.gov.kz",
            cc=("kense@adilet.gov.kz",)),
    }
    items = TG_ITEMS + WEB_ITEMS if target is NoticeTarget.AUTHORITY else WEB_ITEMS
    return NoticeRequest(WORK, items, EVIDENCE, SENDER, recipients[target],
                         domain="kinogo-free.example")


@pytest.fixture(scope="session")
def samples() -> ModuleType:
    """This module: ``samples.request_for(target)``, ``samples.NOW`` and the values."""
    return sys.modules[__name__]
