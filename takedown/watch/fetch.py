"""A polite HTTP client for the watch list, on httpx (connection reuse, time-outs, redirects
counted and bounded, streaming).

Politeness and robustness, in one place:

- a pause between two requests to one host (``host_interval``, or the robots.txt
  ``Crawl-delay`` when longer);
- 429 and 5xx answers are retried with back-off; a ``Retry-After`` (seconds or an HTTP
  date) is honoured, and one longer than ``max_wait`` ends the poll of that source with a
  :class:`FetchFailed` carrying the wait, so the source is polled again after it;
- time-outs and lost connections are retried, then reported;
- conditional requests (``If-None-Match`` / ``If-Modified-Since``) from the validators of
  the last answer; a 304 is "nothing new";
- robots.txt (RFC 9309, parsed by Protego) is fetched once per host and kept
  ``robots_ttl`` seconds; a 4xx robots.txt allows everything, a 5xx or no answer
  disallows for now.

Clocks and sleeping are injected, so tests check the waits without waiting.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from screeningroom_resources.closing import Closing
from screeningroom_resources.i18n import _
from takedown.watch.errors import FetchFailed
from takedown.watch.model import FindingKind
from takedown.watch.settings import WatchSettings

ROBOTS_AGENT = "ScreeningRoom-TakedownDesk"
ROBOTS_RETRY = 600.0  # seconds before an unreachable robots.txt is asked for again


@dataclass(frozen=True)
class Page:
    url: str          # after redirects
    status: int
    body: bytes
    text: str
    content_type: str  # lower case, without parameters
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


class Pacer:
    """The earliest time each host may be asked again."""

    def __init__(self, interval: float, clock: Callable[[], float],
                 sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        self._interval[host] = max(self.interval, seconds)

    def wait(self, host: str) -> None:
        delay = self._next.get(host, 0.0) - self.clock()
        if delay > 0:
            self.sleep(delay)
        self._next[host] = self.clock() + self._interval.get(host, self.interval)

    def defer(self, host: str, seconds: float) -> None:
        self._next[host] = max(self._next.get(host, 0.0), self.clock() + seconds)


class PrivateAddress(Exception):
    """An address on this machine or its private network (raised from a request hook)."""


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (none when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []  # the connection itself will fail and say so
    return [info[4][0].split("%")[0] for info in infos]


def host_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()


def retry_after(response: httpx.Response, now: datetime) -> float | None:
    """The ``Retry-After`` of an answer in seconds (None when absent or unreadable)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Fetcher(Closing):
    """One client for one poll run (connections are reused across requests)."""

    def __init__(
        self,
        settings: WatchSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
        resolver: Callable[[str, int], list[str]] = resolve,
    ) -> None:
        self.settings = settings
        self.sleep = sleep
        self.wall = wall
        self.jitter = jitter
        self.clock = clock
        self.pacer = Pacer(settings.host_interval, clock, sleep)
        self._robots: dict[str, tuple[Protego | None, float]] = {}
        timeout = httpx.Timeout(settings.timeout, connect=min(settings.timeout, 10.0))
        self.resolve = resolver
        hooks = {"request": [] if settings.private_addresses else [self._public_only]}
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=timeout, follow_redirects=True, max_redirects=settings.max_redirects,
            transport=transport or httpx.HTTPTransport(retries=1), event_hooks=hooks,
        )

    def close(self) -> None:
        self.client.close()

    # --- requests -----------------------------------------------------------------------

    def _public_only(self, request: httpx.Request) -> None:
        """Refuse a request (a redirect included) to a loopback, private, link-local or
        reserved address: a page or a post cannot make the desk fetch from its own network."""
        for text in self.resolve(request.url.host, request.url.port or 443):
            address = ipaddress.ip_address(text)
            if not address.is_global:
                raise PrivateAddress(
                    _("{url} is on a private or local network address ({address}); the desk "
                      "does not fetch from there.").format(url=str(request.url),
                                                           address=str(address)))

    def _send(self, url: str, headers: dict[str, str], *, stream: bool) -> httpx.Response:
        s = self.settings
        host = host_of(url)
        attempts = max(1, s.attempts)
        for attempt in range(1, attempts + 1):
            self.pacer.wait(host)
            last = attempt == attempts
            try:
                request = self.client.build_request("GET", url, headers=headers)
                response = self.client.send(request, stream=stream)
            except httpx.TooManyRedirects as exc:
                raise FetchFailed(
                    _("{url} redirects more than {count} times (a redirect loop); nothing was "
                      "read.").format(url=url, count=s.max_redirects),
                    FindingKind.REDIRECT_LOOP, url=url) from exc
            except PrivateAddress as exc:
                raise FetchFailed(str(exc), FindingKind.PRIVATE_ADDRESS, url=url) from exc
            except httpx.UnsupportedProtocol as exc:
                raise FetchFailed(
                    _("{url} leads to an address that is not http or https: {reason}").format(
                        url=url, reason=str(exc)), FindingKind.HTTP_ERROR, url=url) from exc
            except httpx.TimeoutException as exc:
                if last:
                    raise FetchFailed(
                        _("{url} did not answer within {seconds} s ({tries} tries).").format(
                            url=url, seconds=s.timeout, tries=attempts),
                        FindingKind.TIMEOUT, url=url) from exc
                self._back_off(host, attempt, None)
                continue
            except httpx.TransportError as exc:
                if last:
                    raise FetchFailed(
                        _("{url} cannot be reached: {reason}").format(url=url, reason=str(exc)),
                        FindingKind.NETWORK, url=url) from exc
                self._back_off(host, attempt, None)
                continue
            status = response.status_code
            if status == 429 or status >= 500:
                wait = retry_after(response, self.wall())
                response.close()
                limited = status in (429, 503)
                kind = FindingKind.RATE_LIMITED if limited else FindingKind.SERVER_ERROR
                if wait is not None and wait > s.max_wait:
                    self.pacer.defer(host, wait)
                    raise FetchFailed(
                        _("{url} asks to wait {seconds} s before asking again (HTTP {status}); "
                          "the source is polled again after that.").format(
                            url=url, seconds=round(wait), status=status),
                        kind, url=url, retry_after=wait, status=status)
                if last:
                    raise FetchFailed(
                        _("{url} answered HTTP {status} {tries} times; the next poll tries "
                          "again.").format(url=url, status=status, tries=attempts),
                        kind, url=url, retry_after=wait, status=status)
                self._back_off(host, attempt, wait)
                continue
            if status >= 400:
                response.close()
                raise FetchFailed(
                    _("{url} refused the request: HTTP {status}.").format(url=url,
                                                                         status=status),
                    FindingKind.HTTP_ERROR, url=url, status=status)
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    def _back_off(self, host: str, attempt: int, wait: float | None) -> None:
        if wait is None:
            wait = self.settings.backoff * 2 ** (attempt - 1) * (1.0 + 0.25 * self.jitter())
        self.pacer.defer(host, wait)
        self.sleep(wait)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> Page:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._send(url, headers, stream=True)
        try:
            body = b"" if response.status_code == 304 else self._body(response, url)
        finally:
            response.close()
        ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Page(url=str(response.url), status=response.status_code, body=body,
                    text=body.decode(response.encoding or "utf-8", errors="replace"),
                    content_type=ctype, etag=response.headers.get("etag") or etag,
                    last_modified=response.headers.get("last-modified") or last_modified,
                    not_modified=response.status_code == 304)

    def _body(self, response: httpx.Response, url: str) -> bytes:
        """A page's body, at most ``max_page`` bytes once decoded (a page is not a file)."""
        limit = self.settings.max_page
        data = bytearray()
        try:
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise FetchFailed(
                        _("{url} is larger than {limit} MB, too large for a page; it was not "
                          "read.").format(url=url, limit=f"{limit / 1e6:.1f}"),
                        FindingKind.TOO_BIG, url=url)
        except httpx.TimeoutException as exc:
            raise FetchFailed(
                _("{url} did not answer within {seconds} s ({tries} tries).").format(
                    url=url, seconds=self.settings.timeout, tries=1),
                FindingKind.TIMEOUT, url=url) from exc
        except httpx.TransportError as exc:
            raise FetchFailed(_("{url} cannot be reached: {reason}").format(
                url=url, reason=str(exc)), FindingKind.NETWORK, url=url) from exc
        return bytes(data)

    @contextmanager
    def stream(self, url: str, headers: dict[str, str] | None = None) -> Iterator[httpx.Response]:
        response = self._send(url, dict(headers or {}), stream=True)
        try:
            yield response
        finally:
            response.close()

    # --- robots.txt ---------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets this desk fetch it."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        rules, fetched = self._robots.get(base, (None, -1.0))
        if fetched < 0 or self.clock() - fetched > self.settings.robots_ttl:
            rules = self._load_robots(base)
            kept = self.clock()
            if rules is None:  # asked again in ten minutes, not after a day
                kept -= max(0.0, self.settings.robots_ttl - ROBOTS_RETRY)
            self._robots[base] = (rules, kept)
        if rules is None:
            return False
        return bool(rules.can_fetch(url, ROBOTS_AGENT))

    def _load_robots(self, base: str) -> Protego | None:
        try:
            page = self.get(base + "/robots.txt", accept="text/plain")
        except FetchFailed as exc:
            if exc.kind is FindingKind.PRIVATE_ADDRESS:
                raise  # not a robots.txt answer: the host itself is refused
            if exc.kind is FindingKind.HTTP_ERROR and exc.status is not None:
                return Protego.parse("")  # no robots.txt (4xx): everything is allowed
            return None  # unreachable or a server error: disallowed for now (RFC 9309)
        rules = Protego.parse(page.text)
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.pacer.set_interval(host_of(base), float(delay))
        return rules
