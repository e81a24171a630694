"""Fetching a photo URL: only public hosts, only the address that was checked, within a deadline.

``fetch_photo(url, dest, cards=..., client=...)`` downloads one photo into the cache file
``dest`` (``cache_path``) with the httpx.Client the caller passes in.

Edges:
- Only http and https; at most ``MAX_REDIRECTS`` redirects, each hop checked again. The host's
  addresses must not be loopback, private, link-local, multicast, reserved or unspecified
  unless ``cards.allow_private_urls`` is true.
- The request goes to an address the check saw, never to a second DNS answer: the URL is
  rewritten to that address, with the name kept in the Host header and in TLS (SNI and the
  certificate check), so a rebinding resolver cannot swap in another address in between. The
  addresses are tried in the resolver's order.
- ``cards.fetch_deadline_s`` bounds the whole download: finding the server's addresses (every
  hop's), connecting, the response headers and the body. A server that trickles its headers
  byte by byte is cut off at the deadline (the connection is shut down from a timer); a
  resolver that never answers is left behind in a daemon thread (a lookup cannot be
  interrupted), so neither holds up the fetch or the process's exit. ``cards.fetch_timeout_s``
  bounds each single wait.
- The body is streamed and refused past ``cards.max_photo_bytes``; the Content-Type must be
  image/*; the body must decode in full as an image (whatever the Content-Type said) before it
  is cached, with mode 0600 in a 0700 folder. A failed fetch is a PhotoError naming the URL
  and leaves no cache file behind (nor a temporary one); so is a cache that cannot be
  written (a full disk, a read-only home: the cache folder is named, never a ".part" file).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin

from planner.cards.photos import PhotoError, verify_decodes
from planner.config import CardSettings
from planner.fileio import atomic_file, remove_stale_parts

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 3
#: Resolves (host, port) to IP address strings, in the order to try them.
Resolver = Callable[[str, int], list[str]]
T = TypeVar("T")


def cache_path(url: str, home: Path) -> Path:
    """Where a fetched URL is cached: named by the SHA-256 of the URL."""
    return home / "cache" / "photos" / hashlib.sha256(url.encode("utf-8")).hexdigest()


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver (an IP literal is itself)."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))


def check_host(url: str, allow_private: bool, resolve: Resolver = system_resolver) -> list[str]:
    """The addresses to connect to for ``url``, each checked; PhotoError if there are none.

    Refuses non-http(s) URLs and, unless ``allow_private``, a host any of whose addresses is
    not public. The host and port are read the way httpx reads them; a URL httpx cannot
    parse, or a port outside 1-65535, is a PhotoError.
    """
    import httpx

    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except (httpx.InvalidURL, ValueError) as exc:
        raise PhotoError(f"{url}: not a valid http(s) URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise PhotoError(f"{url}: not an http(s) URL")
    if port is not None and not 0 < port < 65536:
        raise PhotoError(f"{url}: not a valid http(s) URL (port {port})")
    host = parsed.host
    try:
        addresses = resolve(host, port or (443 if parsed.scheme == "https" else 80))
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise PhotoError(
            f"{url}: cannot find the server {host} ({reason}; check the address and the network)"
        ) from None
    if not addresses:
        raise PhotoError(f"{url}: cannot find the server {host} (check the address)")
    if allow_private:
        return addresses
    for text in addresses:
        address = ipaddress.ip_address(text)
        bad = _non_public(address)
        if bad is not None:
            raise PhotoError(
                f"{url}: refused: {host} is a {_kind(bad)} address ({address}); "
                "set cards.allow_private_urls = true in planner.toml to allow it"
            )
    return addresses


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _non_public(address: Address) -> Address | None:
    """The address itself or the IPv4 address it wraps (mapped, 6to4) when that is not public."""
    candidates: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        candidates += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    for candidate in reversed(candidates):
        if (
            not candidate.is_global
            or candidate.is_loopback
            or candidate.is_private
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
        ):
            return candidate
    return None


def _kind(address: Address) -> str:
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    return "private or reserved"


class _TimeUp(Exception):
    """The deadline passed while waiting for something that cannot be interrupted."""


class _Deadline:
    """Shuts down every connection of one download when its time is up, and stops waiting
    for what cannot be shut down (``within``).

    Learns each connection's socket from httpx's ``trace`` extension and keeps a duplicate of
    its descriptor: shutting that down ends a blocked read, TLS or not, in the fetching thread.
    """

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._fds: list[int] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def within(self, work: Callable[[], T]) -> T:
        """``work()``'s result (or its exception), or _TimeUp once the deadline passes first.

        ``work`` runs in a daemon thread; one still blocked at the deadline (a resolver that
        never answers) is abandoned there and ends whenever it ends, without holding up exit.
        """
        outcome: list[tuple[bool, Any]] = []
        finished = threading.Event()

        def run() -> None:
            try:
                outcome.append((True, work()))
            except BaseException as exc:  # handed to the waiting thread
                outcome.append((False, exc))
            finally:
                finished.set()

        threading.Thread(target=run, name="planner-photo-lookup", daemon=True).start()
        if not finished.wait(max(0.0, self.remaining())):
            raise _TimeUp
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._fds.append(os.dup(sock.fileno()))
            if self.expired:
                self._shut(self._fds[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for fd in self._fds:
                self._shut(fd)

    @staticmethod
    def _shut(fd: int) -> None:
        with contextlib.suppress(OSError):
            socket.socket(fileno=os.dup(fd)).shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def running(self) -> Iterator[_Deadline]:
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.cancel()
            with self._lock:
                for fd in self._fds:
                    os.close(fd)
                self._fds.clear()


def fetch_photo(
    url: str,
    dest: Path,
    *,
    cards: CardSettings,
    client: httpx.Client,
    resolve: Resolver = system_resolver,
) -> None:
    """Download ``url`` into the cache file ``dest``, or raise PhotoError naming the URL.

    ``resolve`` is called within the deadline (see the module's edges).
    """
    current = url
    with _Deadline(cards.fetch_deadline_s).running() as deadline:

        def resolve_in_time(host: str, port: int) -> list[str]:
            return deadline.within(lambda: resolve(host, port))

        try:
            for _ in range(MAX_REDIRECTS + 1):
                addresses = check_host(current, cards.allow_private_urls, resolve_in_time)
                location = _fetch_hop(url, current, addresses, dest, cards, client, deadline)
                if location is None:
                    return
                current = urljoin(current, location)
        except _TimeUp:
            raise _too_long(url, cards) from None
    raise PhotoError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _too_long(url: str, cards: CardSettings) -> PhotoError:
    return PhotoError(
        f"{url}: the download took too long (more than fetch_deadline_s ="
        f" {cards.fetch_deadline_s:g} s); try again, or save the photo and use its file path"
    )


def _fetch_hop(
    url: str,
    current: str,
    addresses: list[str],
    dest: Path,
    cards: CardSettings,
    client: httpx.Client,
    deadline: _Deadline,
) -> str | None:
    """One request, to the first of ``addresses`` that answers; the redirect's Location, or
    None once the photo is saved."""
    import httpx

    parsed = httpx.URL(current)
    extensions: dict[str, Any] = {"trace": deadline.trace}
    if parsed.scheme == "https":
        extensions["sni_hostname"] = parsed.raw_host.decode("ascii")
    headers = {"Host": parsed.netloc.decode("ascii"), "Accept-Encoding": "identity"}
    for index, address in enumerate(addresses, start=1):
        connect = min(cards.fetch_timeout_s, max(0.001, deadline.remaining()))
        try:
            with client.stream(
                "GET",
                parsed.copy_with(host=address),
                follow_redirects=False,
                timeout=httpx.Timeout(cards.fetch_timeout_s, connect=connect),
                headers=headers,
                extensions=extensions,
            ) as response:
                return _answer(url, response, dest, cards, deadline)
        except httpx.HTTPError as exc:
            if deadline.expired or deadline.remaining() <= 0:
                raise _too_long(url, cards) from None
            if isinstance(exc, httpx.ConnectError) and index < len(addresses):
                continue  # the next address the check saw
            raise _failed(url, exc) from None
    return None


def _failed(url: str, exc: Exception) -> PhotoError:
    import httpx

    if isinstance(exc, httpx.ConnectError):
        return PhotoError(
            f"{url}: cannot connect to the server (check the address and the network)"
        )
    if isinstance(exc, httpx.TimeoutException):
        return PhotoError(f"{url}: the server did not answer in time (try later)")
    return PhotoError(f"{url}: cannot fetch the photo: {exc.__class__.__name__}: {exc}")


def _answer(
    url: str, response: httpx.Response, dest: Path, cards: CardSettings, deadline: _Deadline
) -> str | None:
    if response.is_redirect:
        location = response.headers.get("location", "")
        if not location:
            raise PhotoError(f"{url}: redirect without a Location header")
        return location
    if response.status_code != 200:
        raise PhotoError(f"{url}: the server answered HTTP {response.status_code}")
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not ctype.startswith("image/"):
        raise PhotoError(f"{url}: not an image (Content-Type {ctype or 'missing'!r})")
    _save_stream(url, response, dest, cards, deadline)
    return None


def _save_stream(
    url: str, response: httpx.Response, dest: Path, cards: CardSettings, deadline: _Deadline
) -> None:
    limit = cards.max_photo_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PhotoError(f"{url}: photo is {int(declared)} bytes, over the {limit}-byte limit")
    try:
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale_parts(dest.parent)
        with atomic_file(dest, mode=0o600) as out:
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise PhotoError(f"{url}: photo is over the {limit}-byte limit")
                if deadline.remaining() <= 0:
                    raise _too_long(url, cards)
                out.write(chunk)
            if deadline.expired:  # the timer ended a body that had no length: it is cut short
                raise _too_long(url, cards)
            out.flush()
            verify_decodes(Path(out.name), url)
    except OSError as exc:  # the cache cannot be written: a full disk, a read-only home
        from planner.errors import os_problem

        problem = os_problem(exc, "save the photo", dest.parent, "set PLANNER_HOME elsewhere")
        raise PhotoError(f"{url}: {problem}") from None
