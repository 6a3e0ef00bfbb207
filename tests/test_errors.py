"""The exceptions' shared mechanism: a message template with named fields (screeningroom.errors)."""

from __future__ import annotations

import pickle
from datetime import datetime

import pytest

from screeningroom.office.errors import CentralProofFailed
from screeningroom.registry.errors import AccountLocked, BundleRecordInvalid, UnknownSession
from screeningroom.review.errors import ReportMismatch
from screeningroom_resources import i18n


def test_fields_are_kept_and_named_in_the_message() -> None:
    error = UnknownSession(2**64 - 1)
    assert error.session_id == 2**64 - 1
    assert str(error) == "No session ffffffffffffffff is recorded at this station."
    assert UnknownSession(session_id=1).session_id == 1


def test_a_class_shows_its_values_its_own_way() -> None:
    locked = AccountLocked("m-1", datetime(2026, 3, 2, 10, 0, 5))
    assert "until 2026-03-02 10:00:05 UTC" in str(locked)
    assert "Audit record - in" in str(BundleRecordInvalid("b.bundle", None, "why"))
    assert "audit log: a. b." in str(ReportMismatch("r.pdf", ("a.", "b.")))
    assert "station st-9 do not hold" in str(CentralProofFailed("st-9", "why"))


@pytest.mark.parametrize(("values", "named"), [((), {}), (("a", "b", "c"), {}),
                                               (("a",), {"station_id": "b"}),
                                               (("a",), {"other": "b"})])
def test_wrong_fields_are_a_programming_error(values: tuple, named: dict) -> None:
    with pytest.raises(TypeError, match="CentralProofFailed"):
        CentralProofFailed(*values, **named)


def test_an_error_survives_pickling_whole() -> None:
    error = pickle.loads(pickle.dumps(BundleRecordInvalid("b.bundle", 7, "why")))
    assert (error.path, error.seq, error.reason) == ("b.bundle", 7, "why")
    assert str(error) == str(BundleRecordInvalid("b.bundle", 7, "why"))


def test_the_message_is_translated_when_raised() -> None:
    english = str(UnknownSession(1))
    i18n.set_language("ru")  # the suite's fixture sets it back
    russian = str(UnknownSession(1))
    assert russian != english
    assert "0000000000000001" in russian
