"""Fetching a note's Markdown from a link (``minutes import URL``).

The link everyone has after a meeting is the HackMD note's, in whichever shape the chat
got (``/ID``, ``/ID?view``, ``/@team/ID``, ``/s/ID``); what serves the note's Markdown is
its ``/download`` address. :func:`download_url` maps one to the other, as a pure function;
:func:`fetch_markdown` fetches the bytes and refuses, with one line naming the link, what
is not a note: HackMD's sign-in page (the note is private), a 404, an answer that is not
Markdown, no answer in time. The bytes then go through ``import FILE``'s own code path.

HTTP goes through httpx, which honours ``HTTP(S)_PROXY`` / ``NO_PROXY`` from the
environment. No MkDocs import: the ``minutes import`` command is the only caller.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

__all__ = [
    "DEFAULT_HACKMD_URL",
    "MAX_BYTES",
    "FetchError",
    "download_url",
    "fetch_markdown",
    "is_url",
]

DEFAULT_HACKMD_URL = "https://hackmd.io"
"""The HackMD server whose links are mapped to their download address (``--hackmd-url``)."""

MAX_BYTES = 20 * 1024 * 1024
"""A note is a few hundred kilobytes at most; past this the answer is not a note."""

_PUBLISH = (
    "let everyone read it (HackMD's Share menu), or download it (Menu > Download > Markdown) "
    "and run minutes import FILE"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SEGMENT = re.compile(r"^[^/?#\s]+$")
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
# Media types of Markdown that are not text/*: servers label .md files in many ways.
_MARKDOWN_TYPES = {"application/markdown", "application/x-markdown", "application/octet-stream"}


class FetchError(Exception):
    """A link that gave no note: the message is one line and starts with the link."""


def is_url(value: str) -> bool:
    """Whether ``minutes import`` was given a link rather than a file name."""
    return bool(re.match(r"^https?://", value, re.IGNORECASE))


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # a port that is not a number
        return None


def _on_server(parts: SplitResult, base: SplitResult) -> str | None:
    """The path of ``parts`` below the HackMD server ``base``, or None when it is elsewhere.

    A self-hosted HackMD or CodiMD may live below a path (``https://example.org/codimd``),
    so the base's path is a prefix, not just its host.
    """
    if (parts.hostname or "").lower() != (base.hostname or "").lower():
        return None
    if _port(parts) != _port(base):
        return None
    prefix = base.path.rstrip("/")
    if prefix and not (parts.path == prefix or parts.path.startswith(prefix + "/")):
        return None
    return parts.path[len(prefix) :]


def download_url(url: str, hackmd_url: str = DEFAULT_HACKMD_URL) -> str:
    """The address that serves the Markdown of the note at ``url``.

    On the HackMD server ``hackmd_url``: ``/ID`` (with ``?view``, ``?edit``, ``?both`` or an
    ``#anchor``) gives ``/ID/download``, ``/@team/ID`` gives ``/@team/ID/download``,
    ``/s/ID`` gives ``/s/ID/download``; a link ending in ``/download`` is kept as it is.
    Any other server's link (a raw GitHub file, a gist) is kept as it is too. A HackMD
    link of another shape (the front page, a team's profile) raises :class:`FetchError`.
    """
    if not is_url(url):
        raise FetchError(f"{url}: not an http(s) link")
    if not is_url(hackmd_url):
        raise FetchError(f"{hackmd_url}: the HackMD server must be an http(s) URL")
    parts = urlsplit(url)
    path = _on_server(parts, urlsplit(hackmd_url))
    if path is None or parts.path.rstrip("/").endswith("/download"):
        return url
    segments = [segment for segment in path.split("/") if segment]
    note = len(segments) == 1 and not segments[0].startswith("@")
    team_or_published = len(segments) == 2 and (segments[0] == "s" or segments[0][:1] == "@")
    if not (note or team_or_published) or not all(map(_SEGMENT.match, segments)):
        raise FetchError(
            f"{url}: not a link to a HackMD note (expected {hackmd_url.rstrip('/')}/ID, "
            "/@TEAM/ID or /s/ID)"
        )
    prefix = parts.path[: len(parts.path) - len(path)]
    new_path = prefix + "/" + "/".join([*segments, "download"])
    return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"mkdocs-minutes/{version('mkdocs-minutes')}"
    except PackageNotFoundError:
        return "mkdocs-minutes"


def _refuse_non_markdown(url: str, content_type: str, body: bytes, on_hackmd: bool) -> None:
    """Raise :class:`FetchError` when the answer is a web page or binary data."""
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml") or _HTML_START.match(body[:1024]):
        if on_hackmd:
            raise FetchError(
                f"{url}: HackMD answered with a web page (its sign-in page), not the note's "
                f"Markdown: the note is private or the link is not a note; {_PUBLISH}"
            )
        raise FetchError(
            f"{url}: the server answered with a web page, not Markdown; "
            "link the raw file (e.g. GitHub's or the gist's Raw button)"
        )
    if media and not (media.startswith("text/") or media in _MARKDOWN_TYPES):
        raise FetchError(f"{url}: the server answered with {media}, not Markdown")
    if b"\x00" in body:
        raise FetchError(f"{url}: the server answered with binary data, not Markdown")
    if not body.strip():
        raise FetchError(f"{url}: the server answered with an empty document")


def fetch_markdown(url: str, *, hackmd_url: str = DEFAULT_HACKMD_URL, timeout: float = 30) -> bytes:
    """The Markdown bytes of the note at ``url`` (a HackMD link in any shape, or any link).

    Redirects are followed; a proxy from the environment is used. Raises
    :class:`FetchError` with a one-line message naming the link for a private note (HackMD
    answers with its sign-in page), a 404 or other HTTP error, an answer that is not
    Markdown, an unreachable server or no answer within ``timeout`` seconds.
    """
    import httpx

    address = download_url(url, hackmd_url)
    on_hackmd = _on_server(urlsplit(url), urlsplit(hackmd_url)) is not None
    headers = {
        "User-Agent": _user_agent(),
        "Accept": "text/markdown, text/plain;q=0.9, */*;q=0.1",
    }
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
            client.stream("GET", address) as response,
        ):
            status = response.status_code
            if status in (401, 403) and on_hackmd:
                raise FetchError(
                    f"{url}: HackMD answered HTTP {status}: the note is private; {_PUBLISH}"
                )
            if status == 404:
                raise FetchError(f"{url}: not found (HTTP 404 from {address}); check the link")
            if status >= 400:
                raise FetchError(f"{url}: the server answered HTTP {status} from {address}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise FetchError(
                        f"{url}: the answer is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                        "not a meeting note"
                    )
            content_type = response.headers.get("content-type", "")
    except httpx.TimeoutException:
        raise FetchError(
            f"{url}: no answer from {address} within {timeout:g} s (try a longer --timeout)"
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        reason = _one_line(error) or type(error).__name__
        raise FetchError(f"{url}: could not fetch {address}: {reason}") from None
    _refuse_non_markdown(url, content_type, bytes(body), on_hackmd)
    return bytes(body)
