"""The review office's central registry: the service stations push to, and its clients.

Front door (docs/registry-service.md has the API, the request signing and operations):

- the service: ``screeningroom office serve`` (:mod:`~screeningroom.office.server`,
  :func:`~screeningroom.office.service.create_app` over
  :class:`~screeningroom.office.store.OfficeStore`, PostgreSQL through psycopg_pool);
- a station: :class:`~screeningroom.office.link.StationLink` (``permit(license, member)``
  -> :class:`SessionPermit` before a session starts, ``notify()`` after records are written,
  ``queue_report(sig_path)``, ``clock_floor(local)``); the station app builds it from the
  settings ``office_url`` / ``office_ca`` (:func:`~screeningroom.office.link.link_from_settings`);
- any signed caller: :class:`~screeningroom.office.client.OfficeClient` (``url, signer,
  ca_file=None``): ``push``, ``grant``, ``push_report``, ``push_bundle``, and for readers
  (takedown desks) ``sessions``, ``records``, ``stations``, ``findings``, ``status``,
  ``bundles``, ``revocations``; results are the frozen values of
  :mod:`~screeningroom.office.model`; errors are :mod:`~screeningroom.office.errors`;
- a desk: :func:`~screeningroom.office.desk_sync.sync_desk` (``Desk.sync_office``) and
  :class:`~screeningroom.office.resolve.CentralRegistry` (sessions and proofs verified at
  the desk);
- the office's view: ``screeningroom office status`` and the ``/status`` page
  (:mod:`~screeningroom.office.status`).

Test and benchmark harness (real parts on this machine): :mod:`~screeningroom.office.localpg`
(a throwaway PostgreSQL cluster), :class:`~screeningroom.office.server.ServiceProcess`,
:mod:`~screeningroom.office.netfault` (a loopback relay that cuts the network).
"""
