"""Mutated screeners, licenses, certificates, revocation lists, audit bundles and session
tickets: every one ends in a specific refusal -- no crash, no hang, no wrong plaintext, no
mutated file accepted.

60 mutations of each kind in the default run, 10,000 of each with ``-m slow``.
"""

from __future__ import annotations

import base64
import json
import random
import struct
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from vaultworld import CHUNK, NOW, STATION_PASS, World, film_data, open_film, ticket

from screeningroom.registry import AuditEvent
from screeningroom.registry.canonical import canonical_json
from screeningroom.vault import errors as e
from screeningroom.vault import import_file, load_station, read_anchor
from screeningroom.vault.container import HEADER_SIZE, TAG_SIZE
from screeningroom.vault.encoding import ENVELOPE_HEAD, FIELD_HEAD, SIGNATURE_SIZE
from screeningroom.vault.station import CERT_FILE

GENERIC = (e.VaultError, e.VaultInputError)


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def extend(data: bytes, rng: random.Random) -> bytes:
    return data + rng.randbytes(rng.randint(1, 64))


def overwrite(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    start = rng.randrange(len(out))
    run = rng.randbytes(min(rng.randint(1, 16), len(out) - start))
    out[start : start + len(run)] = run
    return bytes(out)


def swap_fields(data: bytes, rng: random.Random) -> bytes:
    """Swap the values of two fields of a signed envelope, keeping tags and signature."""
    _magic, _version, length = ENVELOPE_HEAD.unpack_from(data)
    body = data[ENVELOPE_HEAD.size : ENVELOPE_HEAD.size + length]
    fields, pos = [], 0
    while pos < len(body):
        tag, n = FIELD_HEAD.unpack_from(body, pos)
        fields.append((tag, body[pos + FIELD_HEAD.size : pos + FIELD_HEAD.size + n]))
        pos += FIELD_HEAD.size + n
    i, j = rng.sample(range(len(fields)), 2)
    if fields[i][1] == fields[j][1]:
        return flip_bits(data, rng)
    values = [v for _, v in fields]
    values[i], values[j] = values[j], values[i]
    new_body = b"".join(FIELD_HEAD.pack(t, len(v)) + v for (t, _), v in zip(fields, values,
                                                                              strict=True))
    head = ENVELOPE_HEAD.pack(data[:8], _version, len(new_body))
    return head + new_body + data[-SIGNATURE_SIZE:]


ENVELOPE_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    flip_bits, truncate, extend, overwrite, swap_fields,
)


def _chunk_spans(data: bytes, size: int) -> list[tuple[int, int]]:
    n = -(-size // CHUNK)
    spans = []
    for i in range(n):
        plain = min(CHUNK, size - i * CHUNK)
        spans.append((HEADER_SIZE + i * (CHUNK + TAG_SIZE), plain + TAG_SIZE))
    return spans


def _assert_refused(call: Callable[[], object]) -> None:
    try:
        call()
    except GENERIC as exc:
        assert type(exc) not in GENERIC, f"unspecific refusal {exc!r}"
        assert isinstance(exc.reason, e.Reason)
        assert str(exc)
        return
    raise AssertionError("a mutated file was accepted")


def _read_all_or_refuse(world: World, screener: Path, lic: bytes,
                        genuine: bytes | None = None) -> None:
    """Every byte returned must be the film's own; the run must end in a refusal."""
    reader = open_film(world.station, screener, lic, ticket_for=genuine)
    with reader:
        pos = 0
        while True:
            got = reader.read(CHUNK // 2)
            assert got == world.film_bytes[pos : pos + len(got)], "wrong plaintext returned"
            if not got:
                break
            pos += len(got)


KINDS = ("screener", "license", "certificate", "revocations", "bundle", "ticket")


class Fuzz:
    """One kind of file, mutated ``count`` times; every mutation must end in a specific
    refusal (never a crash, never an accepted file, never wrong plaintext)."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.lic = world.license()
        self.screener = world.screener.read_bytes()
        size = len(world.film_bytes)
        self.spans = _chunk_spans(self.screener, size)
        self.other = world.package("other", film_data(size, seed=9), film_id="F1").read_bytes()
        self.cert = world.certificate
        self.rl = world.authority.revoke(licenses=("nobody",), now=NOW)
        self.target = world.root / "mutant.scr"
        self.cert_path = world.station.folder / CERT_FILE
        self.rl_path = world.root / "mutant.srr"
        self.bundle = _bundle(world)
        self.bundle_path = world.root / "mutant.srab"
        self.ticket = ticket(world.station, self.lic)
        self.done = 0

    def _splice(self, data: bytes) -> bytes:
        rng, spans = self.rng, self.spans
        i = rng.randrange(len(spans))
        off, n = spans[i]
        if rng.random() < 0.5:  # the same chunk of another film (same size, same index)
            return data[:off] + self.other[off : off + n] + data[off + n :]
        j = rng.randrange(len(spans))
        off2, n2 = spans[j]
        if n != n2 or i == j:
            return data[:off] + data[off + n :]  # drop a chunk
        a, b = data[off : off + n], data[off2 : off2 + n2]
        out = bytearray(data)
        out[off : off + n], out[off2 : off2 + n2] = b, a
        return bytes(out)

    def one(self, kind: str) -> None:
        rng, w = self.rng, self.world
        if kind == "screener":
            choice = rng.randrange(6)
            manifest_at = self.spans[-1][0] + self.spans[-1][1]
            if choice == 5:
                mutated = self._splice(self.screener)
            elif choice == 4:  # swapped fields of the manifest
                mutated = self.screener[:manifest_at] + swap_fields(
                    self.screener[manifest_at:], rng)
            else:
                mutated = ENVELOPE_MUTATIONS[choice](self.screener, rng)
            if mutated == self.screener:
                return
            self.target.write_bytes(mutated)
            _assert_refused(lambda: _read_all_or_refuse(w, self.target, self.lic))
        elif kind == "license":
            mutated = rng.choice(ENVELOPE_MUTATIONS)(self.lic, rng)
            if mutated == self.lic:
                return
            _assert_refused(lambda: _read_all_or_refuse(w, w.screener, mutated, self.lic))
        elif kind == "certificate":
            mutated = rng.choice(ENVELOPE_MUTATIONS)(self.cert, rng)
            if mutated == self.cert:
                return
            self.cert_path.write_bytes(mutated)

            def open_with_mutant_cert() -> None:
                station = load_station(STATION_PASS, folder=w.station.folder)
                _read_all_or_refuse(world_with(w, station), w.screener, self.lic)

            try:
                _assert_refused(open_with_mutant_cert)
            finally:
                self.cert_path.write_bytes(self.cert)
        elif kind == "revocations":
            mutated = rng.choice(ENVELOPE_MUTATIONS)(self.rl, rng)
            if mutated == self.rl:
                return
            self.rl_path.write_bytes(mutated)
            _assert_refused(lambda: import_file(self.rl_path, folder=w.station.folder))
        elif kind == "bundle":
            mutated = rng.choice(BUNDLE_MUTATIONS)(self.bundle, rng)
            if mutated == self.bundle:
                return
            self.bundle_path.write_bytes(mutated)
            _assert_bundle_refused(self.bundle_path)
        else:
            mutated = rng.choice(ENVELOPE_MUTATIONS)(self.ticket, rng)
            if mutated == self.ticket:
                return
            _assert_refused(lambda: _read_ticket(w, self.lic, mutated))
        self.done += 1


def _read_ticket(world: World, lic: bytes, session: bytes) -> None:
    from screeningroom.vault import open_screener

    with open_screener(world.screener, lic, world.station, "m1", session=session,
                       clock_floor=None, now=NOW) as reader:
        reader.read()


def _bundle(world: World) -> bytes:
    """A real bundle of the world's station: a login, a session with a pause and its end."""
    from screeningroom.registry import Registry, RegistrySettings, ScryptParams

    fast = RegistrySettings(scrypt=ScryptParams(n=2**10))
    with Registry.open(world.root / "registry.sqlite3", world.station, settings=fast,
                       now=NOW) as registry:
        registry.add_member("m1", "Member One", "member password", now=NOW)
        registry.authenticate("m1", "member password", now=NOW)
        session = registry.start_session("m1", "F1", "LIC", "p", room="Room 3",
                                         now=NOW + timedelta(minutes=1))
        registry.record(session.session_id, AuditEvent.PAUSE, {"position_ms": 1500},
                        now=NOW + timedelta(minutes=2))
        registry.end_session(session.session_id, now=NOW + timedelta(minutes=3))
        path = registry.export_bundle(world.root / "genuine.srab",
                                      world.station.certificate_bytes,
                                      now=NOW + timedelta(minutes=4))
    return path.read_bytes()


def _json_edit(data: bytes, rng: random.Random) -> bytes:
    """A well-formed JSON change of a bundle (the signature left as it was): a value edited,
    a key doubled, the text re-formatted or re-ordered, a base64 value written another way,
    an escaped lone surrogate, a value nested too deeply."""
    doc = json.loads(data)
    choice = rng.randrange(8)
    if choice == 6:
        key = rng.choice(["room", "station_id", "exported_at"])
        return canonical_json(doc).replace(f'"{key}":"'.encode(),
                                           f'"{key}":"\\ud{rng.randrange(0x800, 0x1000):03x}'
                                           .encode(), 1)
    if choice == 7:
        depth = rng.randint(900, 5000)
        return canonical_json(doc)[:-1] + b',"z":' + b"[" * depth + b"]" * depth + b"}"
    if choice == 0:
        key = rng.choice(["room", "station_id", "exported_at", "first_seq"])
        doc[key] = doc[key] + 1 if isinstance(doc[key], int) else doc[key] + "x"
        return canonical_json(doc)
    if choice == 1:
        record = rng.choice(doc["records"])
        raw = bytearray(base64.b64decode(record["bytes"]))
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        record["bytes"] = base64.b64encode(bytes(raw)).decode()
        return canonical_json(doc)
    if choice == 2:
        if doc["sessions"]:
            rng.choice(doc["sessions"])["end"] = rng.choice(["open", "unclean", "failed"])
        else:
            doc["sessions"] = []
        return canonical_json(doc)
    if choice == 3:
        key = rng.choice(sorted(doc))
        text = canonical_json(doc)
        needle = f'"{key}":'.encode()
        return text.replace(needle, needle + canonical_json(doc[key]) + b"," + needle, 1)
    if choice == 4:
        return json.dumps(doc, indent=rng.choice([None, 1, 2]), sort_keys=rng.random() < 0.5,
                          ensure_ascii=rng.random() < 0.5).encode()
    value = doc["signature"]  # the same signature bytes with other padding bits
    last = value.rstrip("=")[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    other = alphabet[(alphabet.index(last) ^ rng.randrange(1, 4)) % 64]
    doc["signature"] = value.rstrip("=")[:-1] + other + "=" * (len(value) - len(value.rstrip("=")))
    return canonical_json(doc)


BUNDLE_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    flip_bits, truncate, extend, overwrite, _json_edit, _json_edit,
)


def _assert_bundle_refused(path: Path) -> None:
    from screeningroom.registry import BrokenBundle, load_bundle
    from screeningroom.vault.checks import load_certificate_checked

    anchor = read_anchor(path.parent / "authority" / "anchor.sra")
    try:
        load_bundle(path, verify_certificate=lambda c: load_certificate_checked(c, anchor))
    except BrokenBundle as exc:
        assert str(exc)
        return
    raise AssertionError("a mutated bundle was accepted")


def run_fuzz(world: World, kind: str, count: int, seed: int) -> int:
    fuzz = Fuzz(world, seed)
    for _ in range(count):
        fuzz.one(kind)
    return fuzz.done


def world_with(world: World, station: object) -> World:
    return World(world.root, world.authority, station, world.certificate, world.film,  # type: ignore[arg-type]
                 world.film_bytes, world.screener)


@pytest.mark.parametrize("kind", KINDS)
def test_fuzz_default(world: World, kind: str) -> None:
    assert run_fuzz(world, kind, 60, seed=1) > 40


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_fuzz_ten_thousand(world: World, kind: str) -> None:
    """10,000 mutations of each kind: 0 crashes, 0 accepted."""
    done = run_fuzz(world, kind, 10_000, seed=2)
    print(f"fuzz {kind}: {done} mutated files, every one refused")  # shown with -s or -rP
    assert done > 9_000


def test_swap_fields_changes_only_the_order_of_values(world: World) -> None:
    lic = world.license()
    swapped = swap_fields(lic, random.Random(3))
    assert len(swapped) == len(lic) and swapped != lic
    assert struct.unpack_from(">H", swapped, 8) == struct.unpack_from(">H", lic, 8)
