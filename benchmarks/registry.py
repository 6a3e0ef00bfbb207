"""Central registry reliability benchmark: many stations pushing at once, faults mid-push,
bad input. Results: ``benchmarks/results/registry.md``.

    nice -n 10 .venv/bin/python benchmarks/registry.py [--stations 50 --records 1000]

Real parts only: a PostgreSQL cluster made with ``initdb`` in a temporary folder (fsync on),
the service started as ``screeningroom office serve`` in its own process (so it can be
killed with SIGKILL), stations as threads of this process, each with its own client,
certificate, key and signed hash chain. Runs:

1. **throughput**: every station pushes its records at once (batches of 100); records/s,
   then every row is counted (0 lost, 0 duplicated) and every chain verified from the
   database. Reference peer in the same run: the same records inserted straight into
   PostgreSQL with psycopg (no HTTP, no signature checks): the ceiling.
2. **kill -9 and PostgreSQL restart**: stations push in batches of 20 and retry on any
   failure; at a third of the way the service is killed with SIGKILL and started again, at
   two thirds PostgreSQL is restarted with ``pg_ctl -m immediate`` (a crash restart).
3. **network cut**: stations push through a loopback relay that refuses connections for 2 s
   at a third of the way, and black-holes them (time-outs) for 3 s at two thirds.
4. **bad input**: malformed, unsigned, replayed, out-of-order and oversized requests, 20 of
   each; every answer's status, whether an anomaly row was written, and any 5xx.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "registry.md"
PASS = "benchmark-pass"
EVENTS = ("seek", "pause", "resume", "seek", "seek", "pause", "resume", "stop")


# --- the world: an office, stations and their logs ---------------------------------------

@dataclass
class SimStation:
    station: object
    certificate: bytes
    records: list = field(default_factory=list)

    @property
    def station_id(self) -> str:
        return self.station.station_id  # type: ignore[attr-defined]


class Log:
    """A station's log held in memory, read the way the uplink reads a registry."""

    def __init__(self, records: list) -> None:
        self.records = records

    def stored_records(self, since_seq: int = 1):  # type: ignore[no-untyped-def]
        return iter(self.records[since_seq - 1:])


def make_records(sim: SimStation, count: int, start: datetime) -> list:
    from screeningroom.registry.canonical import ZERO_HASH, RecordFields, canonical_json, to_micros
    from screeningroom.registry.chain import sign_record

    out, previous, session = [], ZERO_HASH, None
    for seq in range(1, count + 1):
        position = (seq - 1) % 10
        if position == 0:
            session = int.from_bytes(os.urandom(8), "big") or 1
            event, detail = "session_start", {"license": "L-bench", "profile": "v1",
                                              "room": "Room 1"}
        elif position == 9:
            event, detail = "end", None
        else:
            event, detail = EVENTS[position - 1], {"at_ms": position * 1000}
        fields = RecordFields(seq, to_micros(start + timedelta(milliseconds=seq)), event,
                              sim.station_id, session, "m1", "F1",
                              canonical_json(detail).decode(), previous)
        stored = sign_record(fields, sim.station)  # type: ignore[arg-type]
        out.append(stored)
        previous = stored.hash
    return out


def make_world(work: Path, stations: int, records: int) -> tuple[object, list[SimStation]]:
    from screeningroom.vault import (
        init_authority,
        init_station,
        install_certificate,
        load_authority,
        load_station,
    )
    from screeningroom.vault.keyfile import ScryptParams

    cheap = ScryptParams(10, 8, 1)
    now = datetime.now(UTC)
    anchor = init_authority("Benchmark office", PASS, folder=work / "authority",
                            now=now - timedelta(days=2), scrypt=cheap)
    authority = load_authority(PASS, folder=work / "authority")
    sims = []
    for index in range(stations):
        folder = work / f"station-{index:02d}"
        request = init_station(f"Station {index}", f"Room {index % 7}", PASS,
                               anchor.signed_bytes, folder=folder, now=now - timedelta(days=1),
                               scrypt=cheap)
        cert = authority.certify(request.signed_bytes, 30, now=now - timedelta(days=1))
        install_certificate(cert, folder=folder, now=now)
        sim = SimStation(load_station(PASS, folder=folder), cert)
        sim.records = make_records(sim, records, now - timedelta(hours=2))
        sims.append(sim)
    return authority, sims


# --- pushing ------------------------------------------------------------------------------

@dataclass
class PushStats:
    errors: int = 0
    kinds: dict = field(default_factory=dict)
    done_at: float = 0.0


def push_until_done(sim: SimStation, url: str, batch: int, stats: PushStats,
                    deadline: float, *, timeout: float = 5.0) -> None:
    """Push the station's log until the office holds all of it, retrying every failure
    (the log is the queue)."""
    from screeningroom.office.client import OfficeClient
    from screeningroom.office.errors import OfficeError
    from screeningroom.office.uplink import Uplink

    log = Log(sim.records)
    with OfficeClient(url, sim.station, timeout=timeout) as client:  # type: ignore[arg-type]
        uplink = Uplink(client, log, sim.certificate, batch=batch)
        while time.monotonic() < deadline:
            try:
                report = uplink.sync()
                if report.head_seq == len(sim.records):
                    stats.done_at = time.monotonic()
                    return
                time.sleep(0.05)
            except OfficeError as exc:
                stats.errors += 1
                name = type(exc).__name__ + ":" + str(getattr(exc, "code", ""))
                stats.kinds[name] = stats.kinds.get(name, 0) + 1
                time.sleep(0.2)


def run_stations(sims: list[SimStation], url: str | list[str], batch: int, database: str, *,
                 timeout: float = 5.0, budget: float = 900.0,
                 during: Callable[[Callable[[], float]], None] | None = None
                 ) -> tuple[float, list[PushStats]]:
    """Every station pushes at once (station i to ``url[i % n]`` when several are given:
    a load balancer that keeps a station on one instance)."""
    urls = [url] if isinstance(url, str) else url
    stats = [PushStats() for _ in sims]
    deadline = time.monotonic() + budget
    threads = [threading.Thread(target=push_until_done,
                                args=(sim, urls[i % len(urls)], batch, st, deadline),
                                kwargs={"timeout": timeout})
               for i, (sim, st) in enumerate(zip(sims, stats, strict=True))]
    begin = time.monotonic()
    for t in threads:
        t.start()
    if during is not None:
        during(lambda: progress_of(database, sims))
    for t in threads:
        t.join()
    return time.monotonic() - begin, stats


def progress_of(database: str, sims: list[SimStation]) -> float:
    """Share of all records the office holds (read from the database; 0 while it is down)."""
    import psycopg

    try:
        with psycopg.connect(database, connect_timeout=2) as conn:
            held = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    except psycopg.Error:
        return -1.0
    return held / sum(len(s.records) for s in sims)


def wait_progress(progress: Callable[[], float], share: float, limit: float = 600) -> float:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = progress()
        if value >= share:
            return value
        time.sleep(0.1)
    return progress()


def verify(database: str, sims: list[SimStation]) -> dict:
    """Every station's rows counted and its chain checked, from the database."""
    import psycopg

    from screeningroom.office.queries import stored_record
    from screeningroom.registry.chain import check_chain

    lost = duplicated = broken = 0
    with psycopg.connect(database) as conn:
        conn.row_factory = psycopg.rows.dict_row
        for sim in sims:
            rows = conn.execute("SELECT * FROM records WHERE station_id = %s ORDER BY seq",
                                (sim.station_id,)).fetchall()
            seqs = [r["seq"] for r in rows]
            duplicated += len(seqs) - len(set(seqs))
            lost += len(sim.records) - len(set(seqs))
            report, _h = check_chain([stored_record(r) for r in rows],
                                     sim.station.signing_public_key)  # type: ignore[attr-defined]
            same = [stored_record(r).hash for r in rows] == [s.hash for s in sim.records]
            broken += 0 if report.ok and same else 1
        extra = conn.execute("SELECT count(*) AS n FROM records WHERE NOT (station_id = ANY(%s))",
                             ([s.station_id for s in sims],)).fetchone()["n"]
    return {"lost": lost, "duplicated": duplicated, "chains_broken": broken,
            "foreign_rows": extra}


# --- the reference peer -------------------------------------------------------------------

def peer_insert(database: str, sims: list[SimStation], batch: int) -> float:
    """The same rows inserted straight into PostgreSQL, 50 threads, no HTTP, no checks."""
    import psycopg

    from screeningroom.office.schema import MIGRATIONS
    from screeningroom.registry.postgres import migrate

    with psycopg.connect(database, autocommit=True) as conn:
        migrate(conn, MIGRATIONS, table="office_schema")
        for sim in sims:
            conn.execute("INSERT INTO stations (station_id, name, room, signing_key, "
                         "certificate, cert_serial, not_before_us, not_after_us, enrolled_us) "
                         "VALUES (%s, '', '', %s, '', '', 0, 0, 0)",
                         (sim.station_id, sim.station.signing_public_key))  # type: ignore[attr-defined]

    def insert(sim: SimStation) -> None:
        with psycopg.connect(database) as conn:
            for start in range(0, len(sim.records), batch):
                with conn.transaction(), conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO records (station_id, seq, time_us, event, session_id, "
                        "member_id, film_id, detail, prev_hash, hash, signature, received_us) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0)",
                        [(sim.station_id, r.fields.seq, r.fields.time_us, r.fields.event,
                          None if r.fields.session_id is None else f"{r.fields.session_id:016x}",
                          r.fields.member_id, r.fields.film_id, r.fields.detail_json,
                          r.fields.prev_hash, r.hash, r.signature)
                         for r in sim.records[start:start + batch]])

    threads = [threading.Thread(target=insert, args=(s,)) for s in sims]
    begin = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - begin


# --- bad input ----------------------------------------------------------------------------

def bad_input(url: str, database: str, sims: list[SimStation], repeats: int) -> list[dict]:
    import httpx
    import psycopg

    from screeningroom.office import signing, wire
    from screeningroom.office.client import OfficeClient
    from screeningroom.registry.canonical import to_micros

    sim = sims[0]
    records = [wire.record_out(r) for r in sim.records[:5]]

    def signed(body: bytes, **headers: str) -> dict:
        h = signing.sign_request(sim.station, "POST", "/v1/records", body,  # type: ignore[arg-type]
                                 time_us=to_micros(datetime.now(UTC)))
        h.update(headers)
        return h

    def anomalies() -> int:
        with psycopg.connect(database) as conn:
            return conn.execute("SELECT count(*) FROM anomalies").fetchone()[0]

    cases: dict[str, Callable[[], httpx.Response]] = {}
    client = httpx.Client(base_url=url, timeout=30)
    cases["malformed JSON"] = lambda: client.post("/v1/records", content=b"{not json",
                                                  headers=signed(b"{not json"))
    garbage = json.dumps({"records": [{"bytes": "U1JBVURJVAE=", "signature": "AA=="}]}).encode()
    cases["malformed record"] = lambda: client.post("/v1/records", content=garbage,
                                                    headers=signed(garbage))
    plain = json.dumps({"records": records}).encode()
    cases["unsigned"] = lambda: client.post("/v1/records", content=plain)
    forged = signed(plain)
    forged[signing.HEADER_SIGNATURE] = wire.b64(bytes(64))
    cases["bad signature"] = lambda: client.post("/v1/records", content=plain, headers=forged)
    replay_headers = signed(plain)
    client.post("/v1/records", content=plain, headers=replay_headers)
    cases["replayed"] = lambda: client.post("/v1/records", content=plain, headers=replay_headers)
    other = sims[1]                       # enrolled, nothing pushed yet: records 5..1
    with OfficeClient(url, other.station) as enroll:  # type: ignore[arg-type]
        enroll.enroll(other.certificate)
    shuffled = json.dumps({"records": list(reversed(
        [wire.record_out(r) for r in other.records[:5]]))}).encode()

    def out_of_order() -> httpx.Response:
        h = signing.sign_request(other.station, "POST", "/v1/records", shuffled,  # type: ignore[arg-type]
                                 time_us=to_micros(datetime.now(UTC)))
        return client.post("/v1/records", content=shuffled, headers=h)

    cases["out of order"] = out_of_order
    big = b'{"records": "' + b"x" * (8 << 20) + b'"}'
    cases["oversized (8 MiB)"] = lambda: client.post("/v1/records", content=big,
                                                     headers=signed(big))
    stale = json.dumps({"records": records}).encode()
    cases["stale time"] = lambda: client.post(
        "/v1/records", content=stale, headers={**signed(stale), signing.HEADER_TIME: str(
            to_micros(datetime.now(UTC)) - 3_600_000_000)})
    rows = []
    for name, send in cases.items():
        before = anomalies()
        statuses: dict[int, int] = {}
        traceback = 0
        for _ in range(repeats):
            response = send()
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            traceback += "Traceback" in response.text
        rows.append({"case": name, "statuses": statuses, "recorded": anomalies() - before,
                     "repeats": repeats, "tracebacks": traceback})
    client.close()
    return rows


# --- the run ------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--skip", default="", help="comma-separated runs to skip")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from screeningroom.office.localpg import LocalPostgres, free_port
    from screeningroom.office.netfault import Relay
    from screeningroom.office.server import ServiceProcess

    work = Path(tempfile.mkdtemp(prefix="srbench-registry-"))
    results: dict = {"stations": args.stations, "records": args.records,
                     "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                     "nice": os.nice(0)}
    pg = LocalPostgres(durable=True).start()  # its own folder: the server user must reach it
    try:
        t0 = time.monotonic()
        authority, sims = make_world(work, args.stations, args.records)
        results["setup_s"] = round(time.monotonic() - t0, 1)
        results["verify_us"] = verify_cost_us(sims)
        anchor = work / "anchor.sra"
        anchor.write_bytes(authority.anchor.signed_bytes)  # type: ignore[attr-defined]
        total = args.stations * args.records
        log = work / "service.log"

        def service(name: str) -> tuple[str, int, ServiceProcess]:
            """A fresh database for one run and the service over it, started."""
            db = pg.create_database(name)
            port = free_port()
            svc = ServiceProcess(db, anchor, port, log)
            svc.start()
            return db, port, svc

        def outcome(seconds: float, stats: list[PushStats], db: str, **more: object) -> dict:
            """What a run of every station pushing found: time, errors, what the office holds."""
            return {"seconds": round(seconds, 2), **more, "errors": sum(s.errors for s in stats),
                    "error_kinds": _merge(stats), **verify(db, sims)}

        # 0. reference peer
        peer_url = pg.create_database("peer")
        peer_s = peer_insert(peer_url, sims, 100)
        results["peer"] = {"seconds": round(peer_s, 2), "rate": round(total / peer_s)}

        # 1. throughput
        db, port, svc = service("throughput")
        try:
            seconds, stats = run_stations(sims, f"http://127.0.0.1:{port}", 100, db)
        finally:
            svc.stop()
        results["throughput"] = outcome(seconds, stats, db, rate=round(total / seconds))
        print("throughput", results["throughput"], flush=True)

        # 1b. two service instances over the same database
        db = pg.create_database("instances")
        ports = [free_port(), free_port()]
        pair = [ServiceProcess(db, anchor, p, log, pool_size=8) for p in ports]
        for one in pair:
            one.start()
        try:
            seconds, stats = run_stations(sims, [s.url for s in pair], 100, db)
        finally:
            for one in pair:
                one.stop()
        results["instances"] = outcome(seconds, stats, db, rate=round(total / seconds))
        print("instances", results["instances"], flush=True)

        # 2. kill -9 and PostgreSQL restart
        if "kill" not in args.skip:
            db, port, svc = service("kill")
            events: list[str] = []

            def faults(progress: Callable[[], float]) -> None:
                at = wait_progress(progress, 0.33)
                svc.kill9()
                events.append(f"service killed (SIGKILL) at {at:.0%} of the records")
                time.sleep(1.0)
                svc.start()
                at = wait_progress(progress, 0.66)
                t = time.monotonic()
                pg.restart("immediate")
                events.append(f"PostgreSQL restarted (immediate, {time.monotonic() - t:.1f} s) "
                              f"at {at:.0%}")

            try:
                seconds, stats = run_stations(sims, f"http://127.0.0.1:{port}", 20, db,
                                              during=faults)
            finally:
                svc.stop()
            results["kill"] = outcome(seconds, stats, db, events=events,
                                      all_done=all(s.done_at for s in stats))
            print("kill", results["kill"], flush=True)

        # 3. network cut
        if "cut" not in args.skip:
            db, port, svc = service("cut")
            relay = Relay(port).start()
            events = []

            def cuts(progress: Callable[[], float]) -> None:
                at = wait_progress(progress, 0.33)
                relay.cut("refuse")
                events.append(f"connections refused for 2 s at {at:.0%}")
                time.sleep(2)
                relay.restore()
                at = wait_progress(progress, 0.66)
                relay.cut("blackhole")
                events.append(f"connections black-holed (time-outs) for 3 s at {at:.0%}")
                time.sleep(3)
                relay.restore()

            try:
                seconds, stats = run_stations(sims, relay.url, 20, db, timeout=2.0,
                                              during=cuts)
            finally:
                relay.close()
                svc.stop()
            results["cut"] = outcome(seconds, stats, db, events=events,
                                     all_done=all(s.done_at for s in stats))
            print("cut", results["cut"], flush=True)

        # 4. bad input
        db, port, svc = service("bad")
        try:
            run_stations(sims[:1], f"http://127.0.0.1:{port}", 100, db)
            results["bad"] = bad_input(f"http://127.0.0.1:{port}", db, sims, 20)
        finally:
            svc.stop()
        results["service_log_tracebacks"] = log.read_text(errors="replace").count("Traceback")
        print("bad", results["bad"], flush=True)
    finally:
        pg.destroy()
        shutil.rmtree(work, ignore_errors=True)
    results["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    write(results)
    return 0


def _merge(stats: list[PushStats]) -> dict:
    out: dict = {}
    for s in stats:
        for k, v in s.kinds.items():
            out[k] = out.get(k, 0) + v
    return out


def write(r: dict) -> None:
    import psycopg
    import starlette
    import uvicorn

    t, n = r["throughput"], r["stations"] * r["records"]
    lines = [
        "# Central registry benchmark",
        "",
        f"Run {r['started']} on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL "
        f"({_pg_version()}) in a throwaway cluster with fsync on, psycopg {psycopg.__version__},"
        f" Starlette {starlette.__version__} on uvicorn {uvicorn.__version__}; one service "
        f"process (16 pooled connections, 16 worker threads). Nice level {r['nice']}; load "
        f"average at the end {' '.join(r['loadavg'])} on 2 cores (the machine was shared "
        "with other builds and tests, and the 50 simulated stations run on the same 2 cores "
        "as the service and PostgreSQL).",
        "",
        f"{r['stations']} simulated stations x {r['records']} signed records each = {n} records. "
        "Each station is a thread with its own certified key, its own signed hash chain and "
        "its own HTTP client; every request is signed, every record's signature and chain "
        "link verified by the service before it is kept.",
        "",
        "## 1. Throughput, all stations at once",
        "",
        "| | seconds | records/s | ratio to the ceiling | lost | duplicated | chains broken |",
        "|---|---|---|---|---|---|---|",
        f"| service (HTTP, signed requests, verified records, batches of 100) | {t['seconds']} |"
        f" {t['rate']} | {t['rate'] / r['peer']['rate']:.2f} | {t['lost']} | {t['duplicated']} "
        f"| {t['chains_broken']} |",
        *([f"| two service instances (8 connections each) over the same database, stations "
           f"split between them | {r['instances']['seconds']} | {r['instances']['rate']} | "
           f"{r['instances']['rate'] / r['peer']['rate']:.2f} | {r['instances']['lost']} | "
           f"{r['instances']['duplicated']} | {r['instances']['chains_broken']} |"]
          if "instances" in r else []),
        f"| reference peer: the same rows inserted straight with psycopg (no HTTP, no checks) "
        f"| {r['peer']['seconds']} | {r['peer']['rate']} | 1.00 | | | |",
        "",
        "Failed requests the stations retried: "
        + "; ".join(f"{name} {r[k]['errors']}"
                    + (f" ({', '.join(f'{a} {b}' for a, b in sorted(r[k]['error_kinds'].items()))})"
                       if r[k]["error_kinds"] else "")
                    for k, name in (("throughput", "one instance"), ("instances", "two instances"))
                    if k in r) + ".",
        "",
        "Lost and duplicated are counted from the database at the end (rows per station "
        "against the records the station signed; sequence numbers repeated); every chain is "
        "checked from the database rows with the station's public key and compared hash for "
        "hash with what the station signed.",
        "",
    ]
    for key, title in (("kill", "2. Service killed (SIGKILL) and PostgreSQL restarted mid-push"),
                       ("cut", "3. Network cut in the middle of push batches")):
        if key not in r:
            continue
        k = r[key]
        lines += [f"## {title}", "", "Stations push in batches of 20 and retry any failure "
                  "after 0.2 s (the station's log is the queue).", ""]
        lines += [f"- {e}" for e in k["events"]]
        lines += ["", "| seconds | failed requests seen by stations | every station finished "
                  "| lost | duplicated | chains broken |", "|---|---|---|---|---|---|",
                  f"| {k['seconds']} | {k['errors']} | {'yes' if k['all_done'] else 'NO'} | "
                  f"{k['lost']} | {k['duplicated']} | {k['chains_broken']} |", "",
                  "Failures by kind: " + ", ".join(f"{a} {b}" for a, b in
                                                   sorted(k["error_kinds"].items())) + ".", ""]
    lines += ["## 4. Bad input", "", "| request (x20) | answers | anomaly rows written | 5xx | "
              "tracebacks in answers |", "|---|---|---|---|---|"]
    for b in r["bad"]:
        fives = sum(v for s, v in b["statuses"].items() if int(s) >= 500)
        answers = ", ".join(f"{v}x {s}" for s, v in sorted(b["statuses"].items()))
        lines.append(f"| {b['case']} | {answers} | {b['recorded']} | {fives} | "
                     f"{b['tracebacks']} |")
    lines += ["", f"Tracebacks in the service's own log over the whole run: "
              f"{r['service_log_tracebacks']}.", ""]
    lines += _scaling(r)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("wrote", RESULTS)


def _pg_version() -> str:
    from screeningroom.office.localpg import find_bin_dir

    binary = find_bin_dir()
    out = subprocess.run([str(binary / "postgres"), "--version"], capture_output=True,
                         text=True, check=False).stdout.strip() if binary else ""
    return out.replace("postgres (PostgreSQL) ", "") or "?"


def verify_cost_us(sims: list[SimStation], count: int = 5000) -> float:
    """What checking one record costs the service (layout, hash, Ed25519): CPU time of
    this process, in µs (nothing else runs in it at that moment)."""
    from screeningroom.registry import chain

    own = sims[0].records
    key = chain.public_key(sims[0].station.signing_public_key)  # type: ignore[attr-defined]
    begin = time.process_time()
    for _ in range(max(1, count // len(own))):
        for record in own:
            chain.check_record(record, key)
    return (time.process_time() - begin) / (max(1, count // len(own)) * len(own)) * 1e6


def _scaling(r: dict) -> list[str]:
    rate = r["throughput"]["rate"]
    two = r.get("instances", {}).get("rate")
    lines = [
        "## Past one machine",
        "",
        f"One service instance took **{rate} records/s** here, sharing 2 cores with "
        "PostgreSQL and the 50 simulated stations (which sign and send their own requests "
        "on the same cores). A review station writes a few records per minute of playback "
        "(start, pauses, seeks, end: about 10-50 per session); even 100 stations playing at "
        f"once write well under 100 records/s, so one instance has a margin of about "
        f"{max(1, rate // 100)}x.",
    ]
    if two:
        lines += ["", f"Two instances over the same database, on the same 2 cores: "
                  f"**{two} records/s** in all ({two / rate:.2f}x one instance), with 0 lost, "
                  "0 duplicated and every chain whole. On this machine the second instance "
                  "has no core of its own; the run shows that instances share nothing but "
                  "the database (the tests also push one station's batches alternately "
                  "through two instances, and take one license's last session from both at "
                  "once: one wins)."]
    lines += [
        "",
        f"Checking one record (layout, SHA-256, Ed25519 signature) costs the service "
        f"{r['verify_us']:.0f} µs of CPU time here (measured in this run, one thread); that "
        "work is in the "
        "instances and grows with them: one core checks at most about "
        f"{int(1e6 / round(r['verify_us'])):,} records/s (an upper bound from this figure "
        "alone, before HTTP and the database). The database does one transaction per batch.",
        "",
        "- **Service instances are stateless**: every request carries its own signature; "
        "replay protection (nonces) and every count are in PostgreSQL, so any number of "
        "`screeningroom office serve` processes can run behind a TCP or HTTP load balancer "
        "(round robin, no sticky sessions), each with its own connection pool. Pushes of one "
        "station are serialised by a row lock on that station, grants by the row of the "
        "license: two instances cannot both accept record n or both take the last session.",
        "- **The database is the limit past that**: PostgreSQL runs as a primary with "
        "streaming replicas, synchronous replication (`synchronous_standby_names`) for "
        "pushes and grants, so an acknowledged record survives the loss of the primary. The "
        "desk's and the status view's reads (sessions, records, findings) could go to a "
        "replica; the service takes one database URL today (a read-only URL for the read "
        "endpoints is not built). Failover promotes a replica; stations retry and the "
        "duplicate rule makes their retries safe.",
        "- Measured here: one and two instances and one PostgreSQL on one 2-core machine. "
        "Replicas and instances on other machines are not measured (no second machine).",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
