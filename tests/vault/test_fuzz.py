"""Mutated screeners, licenses, certificates and revocation lists: every one ends in a
specific refusal -- no crash, no hang, no wrong plaintext.

A few hundred mutations in the default run, 10,000 with ``-m slow``.
"""

from __future__ import annotations

import random
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from vaultworld import CHUNK, NOW, STATION_PASS, World, film_data, open_film

from screeningroom.vault import errors as e
from screeningroom.vault import import_file, load_station
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


def run_fuzz(world: World, count: int, seed: int) -> None:
    rng = random.Random(seed)
    lic = world.license()
    screener = world.screener.read_bytes()
    size = len(world.film_bytes)
    spans = _chunk_spans(screener, size)
    other = world.package("other", film_data(size, seed=9), film_id="F1").read_bytes()
    cert = world.certificate
    rl = world.authority.revoke(licenses=("nobody",), now=NOW)
    target = world.root / "mutant.scr"
    cert_path = world.station.folder / CERT_FILE
    rl_path = world.root / "mutant.srr"

    def splice(data: bytes) -> bytes:
        i = rng.randrange(len(spans))
        off, n = spans[i]
        if rng.random() < 0.5:  # the same chunk of another film (same size, same index)
            return data[:off] + other[off : off + n] + data[off + n :]
        j = rng.randrange(len(spans))
        off2, n2 = spans[j]
        if n != n2 or i == j:
            return data[:off] + data[off + n :]  # drop a chunk
        a, b = data[off : off + n], data[off2 : off2 + n2]
        out = bytearray(data)
        out[off : off + n], out[off2 : off2 + n2] = b, a
        return bytes(out)

    for k in range(count):
        which = k % 4
        if which == 0:
            kind = rng.randrange(6)
            manifest_at = spans[-1][0] + spans[-1][1]
            if kind == 5:
                mutated = splice(screener)
            elif kind == 4:  # swapped fields of the manifest
                mutated = screener[:manifest_at] + swap_fields(screener[manifest_at:], rng)
            else:
                mutated = ENVELOPE_MUTATIONS[kind](screener, rng)
            if mutated == screener:
                continue
            target.write_bytes(mutated)
            _assert_refused(lambda: _read_all_or_refuse(world, target, lic))
        elif which == 1:
            mutated = rng.choice(ENVELOPE_MUTATIONS)(lic, rng)
            if mutated == lic:
                continue
            _assert_refused(lambda m=mutated: _read_all_or_refuse(world, world.screener, m, lic))
        elif which == 2:
            mutated = rng.choice(ENVELOPE_MUTATIONS)(cert, rng)
            if mutated == cert:
                continue
            cert_path.write_bytes(mutated)

            def open_with_mutant_cert() -> None:
                station = load_station(STATION_PASS, folder=world.station.folder)
                _read_all_or_refuse(world_with(world, station), world.screener, lic)

            _assert_refused(open_with_mutant_cert)
        else:
            mutated = rng.choice(ENVELOPE_MUTATIONS)(rl, rng)
            if mutated == rl:
                continue
            rl_path.write_bytes(mutated)
            _assert_refused(lambda: import_file(rl_path, folder=world.station.folder))
    cert_path.write_bytes(cert)


def world_with(world: World, station: object) -> World:
    return World(world.root, world.authority, station, world.certificate, world.film,  # type: ignore[arg-type]
                 world.film_bytes, world.screener)


def test_fuzz_default(world: World) -> None:
    run_fuzz(world, 300, seed=1)


@pytest.mark.slow
def test_fuzz_ten_thousand(world: World) -> None:
    run_fuzz(world, 10_000, seed=2)


def test_swap_fields_changes_only_the_order_of_values(world: World) -> None:
    lic = world.license()
    swapped = swap_fields(lic, random.Random(3))
    assert len(swapped) == len(lic) and swapped != lic
    assert struct.unpack_from(">H", swapped, 8) == struct.unpack_from(">H", lic, 8)
