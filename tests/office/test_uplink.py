"""Offline stations queue in their own log and resume after any cut, in order, with
nothing lost and nothing kept twice; the service runs with TLS on the office's certificate."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from officeworld import FaultAfter, fill, service

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeBadInput, OfficeUnreachable
from screeningroom.office.netfault import Relay
from screeningroom.office.server import Listen, check_listen
from screeningroom.office.uplink import Uplink, UplinkWorker
from screeningroom.registry import chain


def _office_holds_exactly(svc, office, reg) -> None:  # type: ignore[no-untyped-def]
    station = office.station("A")
    with svc[1].transaction() as conn:
        rows = conn.execute("SELECT seq, hash FROM records WHERE station_id = %s ORDER BY seq",
                            (station.station_id,)).fetchall()
    local = list(reg.stored_records())
    assert [r["seq"] for r in rows] == [r.fields.seq for r in local]      # none lost, none twice
    assert [bytes(r["hash"]) for r in rows] == [r.hash for r in local]
    from screeningroom.office import queries

    report, _h = chain.check_chain(queries.records(svc[1], station.station_id),
                                   station.signing_public_key)
    assert report.ok and report.records == len(local)


@pytest.mark.parametrize("mode", ["refuse", "blackhole"])
def test_a_cut_in_the_middle_of_a_push_loses_nothing(svc, office, mode: str) -> None:
    reg = office.registry("A")
    fill(reg, 6)                                         # 30 records
    port = int(svc[0].rsplit(":", 1)[1])
    with Relay(port) as relay, OfficeClient(relay.url, office.station("A"), timeout=1.0) as c:
        uplink = Uplink(c, FaultAfter(reg, 13, lambda: relay.cut(mode)),
                        office.certificates["A"], batch=4)
        with pytest.raises(OfficeUnreachable):
            uplink.sync()
        relay.restore()
        assert 0 < c.head()[0] < 30                      # part of the log had landed
        report = Uplink(c, reg, None, batch=4).sync()
        assert report.head_seq == 31  # with the enrolment
    _office_holds_exactly(svc, office, reg)
    reg.close()


def test_an_offline_station_catches_up_in_order(pg_url, office) -> None:
    reg = office.registry("A")
    fill(reg, 2)
    with service(pg_url, office) as svc, OfficeClient(svc[0], office.station("A")) as c:
        Uplink(c, reg, office.certificates["A"], batch=3).sync()
    fill(reg, 3)                                        # written while the office was down
    head = 26  # every record, with the enrolment: the wait ends when the worker is there
    with service(pg_url, office) as svc:
        with OfficeClient(svc[0], office.station("A")) as c:
            worker = UplinkWorker(Uplink(c, reg, None, batch=3), interval=0.05).start()
            try:
                for _ in range(200):
                    if worker.last_report is not None and worker.last_report.head_seq == head:
                        break
                    time.sleep(0.05)
            finally:
                worker.stop()
            assert worker.last_report.head_seq == head and worker.last_error is None
        _office_holds_exactly(svc, office, reg)
    reg.close()


def test_an_unreachable_office_is_a_clear_error(office) -> None:
    with OfficeClient("http://127.0.0.1:9", office.station("A"), timeout=1) as c, \
            pytest.raises(OfficeUnreachable, match=r"127\.0\.0\.1:9"):
        c.head()


def _tls_pair(folder) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "registry.office.test")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "office.pem", folder / "office.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_tls_with_the_office_certificate(pg_url, office, tmp_path) -> None:
    cert, key = _tls_pair(tmp_path)
    reg = office.registry("A")
    fill(reg, 1)
    with service(pg_url, office, listen=dict(host="127.0.0.1", tls_cert=cert, tls_key=key)) \
            as svc:
        url = svc[0].replace("127.0.0.1", "localhost")
        assert url.startswith("https://")
        with OfficeClient(url, office.station("A"), ca_file=cert) as c:
            assert Uplink(c, reg, office.certificates["A"]).sync().head_seq == 6  # enrolment
        with OfficeClient(url, office.station("A")) as c, \
                pytest.raises(OfficeUnreachable, match=r"(?i)certificate"):
            c.head()                                     # not the pinned office certificate
    reg.close()


def test_plain_http_only_on_loopback() -> None:
    with pytest.raises(OfficeBadInput, match="loopback"):
        check_listen(Listen(host="0.0.0.0", port=8443))
    check_listen(Listen(host="127.0.0.1", port=8443))
    check_listen(Listen(host="::1", port=8443))
