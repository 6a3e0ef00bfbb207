"""Found: the audit bundle's signature covered parsed JSON, so re-formatted and
duplicate-key copies verified (and were stored as new bundles)."""

from __future__ import annotations

import hashlib
import json

import pytest
from secworld import Site

from screeningroom.registry import BundleUnreadable, load_bundle


@pytest.fixture
def bundle(site: Site):  # type: ignore[no-untyped-def]
    with site.registry() as registry:
        session = registry.start_session("m1", "F1", "LIC-1", "p", room="Room 3")
        registry.end_session(session.session_id)
        return registry.export_bundle(site.world.root / "a.srab",
                                      site.station.certificate_bytes)


def test_a_reformatted_copy_of_a_bundle_is_refused(bundle) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(bundle.read_bytes())
    for text in (json.dumps(document, indent=2), json.dumps(document),
                 json.dumps(dict(reversed(document.items())), separators=(",", ":"),
                            ensure_ascii=False),  # the same keys in another order
                 bundle.read_text() + "\n"):
        copy = bundle.with_name("copy.srab")
        copy.write_text(text, encoding="utf-8")
        with pytest.raises(BundleUnreadable, match="canonical"):
            load_bundle(copy)


def test_a_bundle_with_a_duplicate_key_is_refused(bundle) -> None:  # type: ignore[no-untyped-def]
    raw = bundle.read_bytes()
    # a second "room" ahead of the real one: the parsed value would be the last one
    doubled = raw.replace(b'"room":', b'"room":"Room 666","room":', 1)
    copy = bundle.with_name("dup.srab")
    copy.write_bytes(doubled)
    with pytest.raises(BundleUnreadable, match="twice"):
        load_bundle(copy)


def test_a_digest_other_than_of_the_verified_bytes_is_refused(bundle) -> None:  # type: ignore[no-untyped-def]
    loaded = load_bundle(bundle)
    assert loaded.sha256 == hashlib.sha256(bundle.read_bytes()).hexdigest()


def test_a_bundle_with_its_signature_written_another_way_is_refused(bundle) -> None:  # type: ignore[no-untyped-def]
    """Base64 can write the same 64 signature bytes with other unused bits; such a copy
    would verify and count as a new bundle."""
    raw = bundle.read_bytes()
    document = json.loads(raw)
    value = document["signature"]  # 64 bytes: 86 characters and "=="
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet[alphabet.index(value[85]) ^ 1]
    copy = bundle.with_name("padding.srab")
    copy.write_bytes(raw.replace(value.encode(), (value[:85] + last + "==").encode()))
    with pytest.raises(BundleUnreadable, match="base64"):
        load_bundle(copy)


def test_a_bundle_with_a_lone_surrogate_escape_is_refused(bundle) -> None:  # type: ignore[no-untyped-def]
    r"""``"\ud800"`` is valid JSON but no text: it crashed the canonical check with a
    traceback instead of a refusal, in a bundle and in a record's detail."""
    from screeningroom.registry.canonical import (
        RecordFields,
        parse_record,
        record_bytes,
    )

    raw = bundle.read_bytes()
    copy = bundle.with_name("surrogate.srab")
    copy.write_bytes(raw.replace(b'"room":"Room 3"', b'"room":"\\ud800"', 1))
    with pytest.raises(BundleUnreadable, match="canonical"):
        load_bundle(copy)
    fields = RecordFields(seq=1, time_us=0, event="refusal", station_id="s", session_id=None,
                          member_id="", film_id="", detail_json="{}", prev_hash=bytes(32))
    data = record_bytes(fields).replace(b"\x00\x00\x00\x02{}", b'\x00\x00\x00\x0a["\\ud800"]')
    from screeningroom.registry.canonical import MalformedRecord

    with pytest.raises(MalformedRecord, match="canonical"):
        parse_record(data)


@pytest.mark.parametrize("depth", [950, 5000])  # parsed but too deep to check; too deep to parse
def test_a_bundle_nested_too_deeply_is_refused_as_not_canonical(bundle, depth: int) -> None:  # type: ignore[no-untyped-def]
    copy = bundle.with_name("deep.srab")
    copy.write_bytes(bundle.read_bytes()[:-1] + b',"x":' + b"[" * depth + b"]" * depth + b"}")
    with pytest.raises(BundleUnreadable, match="nested too deeply"):
        load_bundle(copy)
