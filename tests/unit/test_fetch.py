"""``minutes import URL``: HackMD link shapes, and fetching from a loopback server like HackMD.

The server answers on 127.0.0.1 only, as HackMD does: a public note's Markdown at its
``/download`` address, a private note's sign-in page (200, ``text/html``), a 404, a slow
answer. No test reaches any other address, and no proxy from the environment is used
except by the test that proves one is honoured (a second loopback server as the proxy).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mkdocs_minutes.cli import main
from mkdocs_minutes.fetch import FetchError, download_url
from mkdocs_minutes.importer import normalise_export

# --- link shapes: (link, HackMD server, download address) --------------------------------

HACKMD = "https://hackmd.io"
LOCAL = "http://127.0.0.1:8123"
CODIMD = "https://pad.example.org/codimd"

SHAPES = [
    ("note", "https://hackmd.io/aBc12-XyZ", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("view", "https://hackmd.io/aBc12-XyZ?view", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("edit", "https://hackmd.io/aBc12-XyZ?edit", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("both", "https://hackmd.io/aBc12-XyZ?both", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("both-empty-value", "https://hackmd.io/aBc12-XyZ?both=", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("anchor", "https://hackmd.io/aBc12-XyZ?view#Agenda-items", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("trailing-slash", "https://hackmd.io/aBc12-XyZ/", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("team", "https://hackmd.io/@jupyter/team-meeting", HACKMD, "https://hackmd.io/@jupyter/team-meeting/download"),
    ("team-view", "https://hackmd.io/@jupyter/team-meeting?view", HACKMD, "https://hackmd.io/@jupyter/team-meeting/download"),
    ("published", "https://hackmd.io/s/B1xyz", HACKMD, "https://hackmd.io/s/B1xyz/download"),
    ("download", "https://hackmd.io/aBc12-XyZ/download", HACKMD, "https://hackmd.io/aBc12-XyZ/download"),
    ("team-download", "https://hackmd.io/@jupyter/x/download", HACKMD, "https://hackmd.io/@jupyter/x/download"),
    ("explicit-port", "https://hackmd.io:443/aBc", HACKMD, "https://hackmd.io:443/aBc/download"),
    ("host-case", "https://HackMD.io/aBc", HACKMD, "https://HackMD.io/aBc/download"),
    ("base-trailing-slash", "https://hackmd.io/aBc?view", "https://hackmd.io/", "https://hackmd.io/aBc/download"),
    ("raw-github", "https://raw.githubusercontent.com/o/r/main/notes/2024-05-02.md", HACKMD, "https://raw.githubusercontent.com/o/r/main/notes/2024-05-02.md"),
    ("gist", "https://gist.githubusercontent.com/u/0abc/raw/notes.md", HACKMD, "https://gist.githubusercontent.com/u/0abc/raw/notes.md"),
    ("other-server-keeps-query", "https://example.org/aBc?view", HACKMD, "https://example.org/aBc?view"),
    ("local-base", f"{LOCAL}/aBc?view", LOCAL, f"{LOCAL}/aBc/download"),
    ("local-base-team", f"{LOCAL}/@team/aBc", LOCAL, f"{LOCAL}/@team/aBc/download"),
    ("local-other-port", "http://127.0.0.1:9/aBc?view", LOCAL, "http://127.0.0.1:9/aBc?view"),
    ("hackmd-io-not-the-base", "https://hackmd.io/aBc?view", LOCAL, "https://hackmd.io/aBc?view"),
    ("codimd-below-a-path", f"{CODIMD}/aBc?both", CODIMD, f"{CODIMD}/aBc/download"),
    ("codimd-published", f"{CODIMD}/s/aBc", CODIMD, f"{CODIMD}/s/aBc/download"),
    ("codimd-host-other-path", "https://pad.example.org/wiki/aBc", CODIMD, "https://pad.example.org/wiki/aBc"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("link", "base", "address"),
    [pytest.param(link, base, address, id=name) for name, link, base, address in SHAPES],
)
def test_download_address(link: str, base: str, address: str) -> None:
    assert download_url(link, base) == address


NOT_NOTES = [
    ("front-page", "https://hackmd.io/"),
    ("front-page-bare", "https://hackmd.io"),
    ("team-profile", "https://hackmd.io/@jupyter"),
    ("note-sub-page", "https://hackmd.io/aBc/edit"),
    ("three-segments", "https://hackmd.io/@jupyter/book/note"),
    ("team-as-second", "https://hackmd.io/aBc/@team"),
]


@pytest.mark.parametrize(
    "link", [pytest.param(link, id=name) for name, link in NOT_NOTES]
)  # fmt: skip
def test_hackmd_links_that_are_not_notes(link: str) -> None:
    with pytest.raises(FetchError, match="not a link to a HackMD note") as raised:
        download_url(link, HACKMD)
    assert str(raised.value).startswith(f"{link}: ")


@pytest.mark.parametrize("link", ["ftp://hackmd.io/aBc", "hackmd.io/aBc", "file:///etc/passwd"])
def test_only_http_links(link: str) -> None:
    with pytest.raises(FetchError, match="not an http"):
        download_url(link, HACKMD)


# --- a loopback server that answers like HackMD -----------------------------------------

NOTE = """\
# Team Meeting - May

###### tags: `team-compass`

[TOC]

Date: Thursday 2 May 2024

Passcode: 884422

## Roll call

* Ana Lima / Org / \\@analima
  * joined late
* Ben Okafor / Org / \\@benokafor

## Agenda items

* Release plan [Ana, 10 min]
  * cut it on Friday
"""

SIGN_IN = """<!DOCTYPE html>
<html lang="en"><head><title>Sign in - HackMD</title></head>
<body><form action="/login"><input name="email"></form></body></html>
"""


@dataclass
class Server:
    """The loopback server's address and the paths it was asked for."""

    url: str
    paths: list[str] = field(default_factory=list)


_RELEASE = threading.Event()
"""Set at teardown so that a slow answer stops waiting."""


class HackMDLike(BaseHTTPRequestHandler):
    """Answers as HackMD does for the notes the tests name by path."""

    server_version = "HackMDLike/1"
    paths: list[str]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read what was asked from ``paths``."""

    def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (the time-out test)
            pass

    def do_GET(self) -> None:
        self.paths.append(self.path)
        path = self.path.split("?")[0]
        markdown = "text/markdown; charset=UTF-8"
        if path in ("/public/download", "/@team/public/download", "/s/public/download"):
            self._send(200, markdown, NOTE.encode())
        elif path == "/raw/2024-05-02.md":
            self._send(200, "text/plain; charset=utf-8", NOTE.encode())
        elif path == "/private/download":
            self._send(200, "text/html; charset=utf-8", SIGN_IN.encode())
        elif path == "/private-redirect/download":
            self._send(302, "text/plain", b"", Location="/login?next=/private-redirect")
        elif path == "/login":
            self._send(200, "text/html; charset=utf-8", SIGN_IN.encode())
        elif path == "/html-as-text/download":
            self._send(200, "text/plain", SIGN_IN.encode())
        elif path == "/forbidden/download":
            self._send(403, "text/html", b"<html>Forbidden</html>")
        elif path == "/broken/download":
            self._send(500, "text/html", b"<html>Internal error</html>")
        elif path == "/empty/download":
            self._send(200, markdown, b"\n")
        elif path == "/picture/download":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00")
        elif path == "/binary/download":
            self._send(200, "application/octet-stream", b"\x00\x01\x02 not text")
        elif path == "/page.html":
            self._send(200, "text/html", SIGN_IN.encode())
        elif path == "/slow/download":
            _RELEASE.wait(5)
            self._send(200, markdown, NOTE.encode())
        else:
            self._send(404, "text/html", b"<!DOCTYPE html><html>404 Not Found</html>")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    paths: list[str] = []
    handler = type("Handler", (HackMDLike,), {"paths": paths})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _RELEASE.clear()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", paths)
    finally:
        _RELEASE.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback only: no proxy from the environment, no HackMD server from it."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("MINUTES_HACKMD_URL", raising=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nplugins:\n  - minutes\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    return config


def _written(site: Path) -> list[Path]:
    return sorted(p for p in (site.parent / "docs").rglob("*") if p.is_file())


TARGET = Path("docs/meetings/team-compass/2024-05-02.md")


@pytest.mark.parametrize(
    ("link", "asked"),
    [
        ("/public", "/public/download"),
        ("/public?view", "/public/download"),
        ("/public?edit", "/public/download"),
        ("/public?both", "/public/download"),
        ("/public?view#Agenda-items", "/public/download"),
        ("/@team/public", "/@team/public/download"),
        ("/s/public", "/s/public/download"),
        ("/public/download", "/public/download"),
    ],
)
def test_import_a_public_note_from_its_link(
    server: Server, site: Path, capsys: pytest.CaptureFixture[str], link: str, asked: str
) -> None:
    """What ``import FILE`` does, on the note's ``/download`` answer."""
    url = server.url + link
    before = len(server.paths)
    argv = ["import", url, "--hackmd-url", server.url, "--config", str(site)]
    assert main(argv) == 0
    assert server.paths[before:] == [asked]
    target = site.parent / TARGET
    expected = normalise_export(NOTE.encode())
    assert target.read_text(encoding="utf-8") == expected.text
    out, err = capsys.readouterr()
    assert out.strip() == str(target)
    assert err.startswith(f"fetched: {server.url}{asked}\n")
    assert "changed: re-indented" in err
    assert "changed: removed 1 [TOC] line" in err


def test_the_hackmd_server_can_come_from_the_environment(
    server: Server, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTES_HACKMD_URL", server.url)
    assert main(["import", f"{server.url}/public?view", "--config", str(site)]) == 0
    assert server.paths[-1] == "/public/download"
    assert (site.parent / TARGET).exists()


def test_the_option_wins_over_the_environment(
    server: Server, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTES_HACKMD_URL", "https://hackmd.io")
    argv = ["import", f"{server.url}/s/public", "--hackmd-url", server.url, "--config", str(site)]
    assert main(argv) == 0
    assert server.paths[-1] == "/s/public/download"


def test_any_other_link_is_fetched_as_it_is(server: Server, site: Path) -> None:
    """A raw file on another server (here: the loopback server, HackMD being hackmd.io)."""
    url = f"{server.url}/raw/2024-05-02.md"
    assert main(["import", url, "--date", "2024-05-03", "--config", str(site)]) == 0
    assert server.paths[-1] == "/raw/2024-05-02.md"
    assert (site.parent / "docs/meetings/team-compass/2024-05-03.md").exists()


# (link, on HackMD (else another server), options, phrase of the one-line error)
REFUSALS = [
    ("private-sign-in-page", "/private?view", True, [], "the note is private"),
    ("private-redirect-to-sign-in", "/private-redirect", True, [], "sign-in page"),
    ("html-labelled-as-text", "/html-as-text", True, [], "the note is private"),
    ("forbidden", "/forbidden", True, [], "HTTP 403: the note is private"),
    ("not-found", "/missing?view", True, [], "not found (HTTP 404"),
    ("server-error", "/broken", True, [], "HTTP 500"),
    ("empty", "/empty", True, [], "empty document"),
    ("picture", "/picture", True, [], "image/png, not Markdown"),
    ("binary", "/binary", True, [], "binary data, not Markdown"),
    ("web-page-elsewhere", "/page.html", False, [], "web page, not Markdown"),
    ("not-found-elsewhere", "/nothing.md", False, [], "HTTP 404"),
    ("not-a-note-shape", "/@team", True, [], "not a link to a HackMD note"),
    ("slow", "/slow", True, ["--timeout", "0.5"], "no answer from"),
]


@pytest.mark.parametrize(
    ("link", "on_hackmd", "options", "phrase"),
    [pytest.param(*row[1:], id=row[0]) for row in REFUSALS],
)
def test_a_link_that_gives_no_note_is_one_line_exit_1_nothing_written(
    server: Server,
    site: Path,
    capsys: pytest.CaptureFixture[str],
    link: str,
    on_hackmd: bool,
    options: list[str],
    phrase: str,
) -> None:
    url = server.url + link
    base = ["--hackmd-url", server.url] if on_hackmd else []
    started = time.monotonic()
    assert main(["import", url, *base, *options, "--config", str(site)]) == 1
    assert time.monotonic() - started < 4, "the time-out must cut a slow answer short"
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"minutes import: {url}: ")
    assert phrase in err
    assert _written(site) == []


def test_an_unreachable_server_is_one_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/aBc"
    assert main(["import", url, "--hackmd-url", base, "--config", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"minutes import: {url}: could not fetch {url}/download: ")
    assert err.count("\n") == 1
    assert _written(site) == []


def test_a_note_that_would_overwrite_one_is_refused(
    server: Server, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = site.parent / TARGET
    target.parent.mkdir(parents=True)
    target.write_text("mine\n", encoding="utf-8")
    url = f"{server.url}/public"
    assert main(["import", url, "--hackmd-url", server.url, "--config", str(site)]) == 1
    assert target.read_text(encoding="utf-8") == "mine\n"
    err = capsys.readouterr().err
    assert err == f"minutes import: {url}: {target} exists; not overwriting it\n"


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_timeout_must_be_seconds_above_zero(
    site: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["import", "https://hackmd.io/aBc", "--timeout", value, "--config", str(site)])
    assert raised.value.code == 2
    assert "seconds above 0" in capsys.readouterr().err


def test_a_missing_file_is_one_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "no-such-export.md", "--config", str(site)]) == 1
    assert (
        capsys.readouterr().err == "minutes import: no-such-export.md: No such file or directory\n"
    )


class ForwardProxy(BaseHTTPRequestHandler):
    """A plain HTTP proxy: receives the absolute URL and answers for it."""

    asked: list[str]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.asked.append(self.path)
        body = NOTE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_proxy_from_the_environment_is_honoured(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link's host does not exist: only the proxy (on loopback) can answer for it."""
    asked: list[str] = []
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), type("P", (ForwardProxy,), {"asked": asked}))
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
        monkeypatch.delenv("NO_PROXY")
        url = "http://notes.invalid/team/2024-05-02.md"
        assert main(["import", url, "--config", str(site)]) == 0
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(5)
    assert asked == ["http://notes.invalid/team/2024-05-02.md"]
    assert (site.parent / TARGET).exists()
