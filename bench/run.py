"""Run the benchmark (issues 8 and 15) and print its figures as Markdown tables.

`python bench/run.py [--sizes 100,1000] [--with-5000] [--repeats 3] [--skip-serve]
[--skip-search] [--out results.md]`

For each N it generates (or reuses) the archive under `.cache/bench/N`, then:

1. builds `baseline.yml`, then `minutes.yml` cold (no `.cache/`), then `minutes.yml` warm
   (the cache the cold build left), `--repeats` times each, every build a fresh
   `python -m mkdocs build -q` child whose wall time, CPU time (all its processes) and
   peak RSS come from `os.wait4`; a failing build is reported and the run goes on;
2. one-note edit, for the baseline and for minutes: starts the serve command the README
   recommends (`--dirty`), appends a unique word to the newest community note, and times
   the file write until the serve log says "Reloading browsers" and until the meeting's
   page serves the word; then checks the search index has the word and still has the
   other pages;
3. search: serves the built site with a gzip-ing static server, opens the home page cold in
   headless Chromium, presses `/`, types a common then a rare term, and times the last
   keystroke until the first result appears; counts the bytes sent;
4. topic discovery (issue 13): parses the notes once in this process and times
   `discover_topics` alone over the archive's meetings (median of three runs), to set
   beside the minutes build it is part of.

Every network access is to 127.0.0.1, every loop has a timeout, and every child process
started here is stopped by its own process-group id. Nothing here asserts a time: the
figures are for people to read (and for the README's table).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.server
import importlib.metadata
import json
import mimetypes
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

REPO = Path(__file__).resolve().parents[1]
CONFIGS = ("baseline", "minutes", "minutes-warm")
"""The builds of each N: the plain Material site, the minutes site with no ``.cache/``
(cold) and the minutes site again with the cache its cold build left (warm)."""
DEFAULT_SERVE_CMD = (
    "python -m mkdocs serve -f {config}.yml -a 127.0.0.1:{port} --livereload --dirty"
)
EDIT_SITES = ("baseline", "minutes")
"""The sites whose one-note edit is timed: the baseline's own dirty rebuild is the bar."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The environment of every child: no proxy (loopback only), no upgrade banner in logs.
CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONUNBUFFERED": "1",
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --------------------------------------------------------------------------- processes --
@dataclass(frozen=True)
class BuildRun:
    """One `mkdocs build`: whether it worked, its wall time, its peak memory and the CPU
    time of all its processes."""

    config: str
    ok: bool
    seconds: float
    peak_rss_mb: float
    error: str = ""
    cpu_s: float = 0.0
    """User and system time of the build and every process it waited for (its workers,
    Pagefind): on two cores a build cannot take less wall time than half of this."""


def _stop_group(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop a child started with `start_new_session=True`, by its own process group id."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)


def run_build(archive: Path, config: str, timeout: float) -> BuildRun:
    """Build `config` in a child process; measure wall time and peak RSS with `os.wait4`.
    ``minutes-warm`` builds ``minutes.yml`` (the caller keeps or clears its cache).

    `ru_maxrss` from `wait4` is the child's own peak, or that of a descendant it waited for
    if larger (Linux), so a helper binary the build runs (Pagefind) counts by its own peak.
    """
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        f"{config.removesuffix('-warm')}.yml",
    ]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=archive,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=CHILD_ENV,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-2:]
    ok = proc.returncode == 0
    error = "" if ok else f"exit {proc.returncode}: " + " | ".join(t.strip() for t in tail)[-300:]
    if not ok and seconds >= timeout:
        error = f"timed out after {timeout:.0f} s"
    cpu = usage.ru_utime + usage.ru_stime
    return BuildRun(config, ok, seconds, usage.ru_maxrss / 1024, error, cpu)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """GET a loopback URL without any proxy; (status, body), status 0 when unreachable."""
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"refusing a non-loopback URL: {url}")
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), b""
    except (OSError, urllib.error.URLError):
        return 0, b""


def poll(check: Callable[[], bool], timeout: float, interval: float = 0.05) -> float | None:
    """Call `check()` until it is true; seconds it took, or None on timeout."""
    start = time.perf_counter()
    while True:
        if check():
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            return None
        time.sleep(interval)


# ------------------------------------------------------------------------ archive cache --
def ensure_archive(cache: Path, notes: int, seed: int) -> tuple[Path, dict[str, object]]:
    """Generate the archive for N under `cache/N`, unless an identical one is there."""
    out = cache / str(notes)
    manifest_path = out / "bench.json"
    if manifest_path.is_file():
        with contextlib.suppress(ValueError):
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if (
                manifest.get("generator") == generate.GENERATOR_VERSION
                and manifest.get("notes") == notes
                and manifest.get("seed") == seed
            ):
                return out, manifest
    return out, generate.generate(out, notes, seed)


# ---------------------------------------------------------------------------- one edit --
@dataclass
class EditResult:
    """The one-note edit under the serve command."""

    ok: bool
    startup_s: float | None = None
    page_s: float | None = None
    reload_s: float | None = None
    """From the file write to the serve log's "Reloading browsers" (the rebuild done)."""
    index: str = ""
    note: str = ""


def serve_argv(serve_cmd: str, port: int, config: str = "minutes") -> list[str]:
    """The serve command as argv: `{port}` and `{config}` filled in, `python` meaning this
    interpreter."""
    argv = shlex.split(serve_cmd.replace("PORT", "{port}").format(port=port, config=config))
    if argv and argv[0] in ("python", "python3"):
        argv[0] = sys.executable
    return argv


def edit_test(
    archive: Path,
    manifest: dict[str, object],
    serve_cmd: str,
    timeout: float,
    config: str = "minutes",
    edits: int = 5,
    settle: float = 3.0,
) -> EditResult:
    """Time a one-note edit of the site ``config`` under `serve_cmd`: from the file write
    to the log's "Reloading browsers", and until the page serves the word. The median of
    ``edits`` edits in one session: the serve command notices a change by polling the
    files every half second, so one edit's time varies by that much."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page_url = base + str(manifest["edit_url"])
    note = archive / str(manifest["edit_note"])
    rare = str(manifest["rare_term"])
    log_path = archive / f"serve-{config}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            serve_argv(serve_cmd, port, config),
            cwd=archive,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=CHILD_ENV,
            start_new_session=True,
        )
        try:
            startup = poll(
                lambda: proc.poll() is not None or fetch(page_url)[0] == 200, timeout, 0.25
            )
            if proc.poll() is not None:
                return EditResult(False, note=f"serve exited ({proc.returncode}), see {log_path}")
            if startup is None:
                return EditResult(False, note=f"not serving after {timeout:.0f} s")
            if b"assets/minutes/search.js" in fetch(page_url)[1]:
                # Pagefind: the first index is written in the background after the first
                # build; edit once it is served, so the edit's index is a rebuild's.
                ready = check_pagefind(base, rare.lower(), rare, timeout)
                if not ready.startswith("fresh"):
                    return EditResult(False, startup, note=f"first index: {ready}")
            time.sleep(1.0)  # let the file watcher take its first snapshot (it polls)
            original = note.read_bytes()
            reloads_s: list[float] = []
            pages_s: list[float] = []
            index = ""
            for _ in range(max(1, edits)):
                word = "benchedit" + secrets.token_hex(4)
                reloads = _reloads(log_path)
                try:
                    start = time.perf_counter()
                    note.write_bytes(original + f"\n\nEdited by the benchmark: {word}\n".encode())
                    reloaded = poll(lambda: _reloads(log_path) > reloads, timeout, 0.02)  # noqa: B023
                    seen = poll(lambda: word.encode() in fetch(page_url)[1], timeout)  # noqa: B023
                    if seen is None or reloaded is None:
                        return EditResult(
                            False, startup, note=f"page never showed the edit ({timeout:.0f} s)"
                        )
                    pages_s.append(time.perf_counter() - start)
                    reloads_s.append(reloaded)
                    found = check_index(base, word, rare)
                    if not index or index.startswith("fresh"):
                        index = found  # the first edit whose index was late, else the last
                finally:
                    note.write_bytes(original)
                    # Wait for the rebuild of the restored note, so the next step starts calm.
                    poll(lambda: _reloads(log_path) > reloads + 1, timeout, 0.1)  # noqa: B023
                    # ... and for the restored note's search index, written after the pages;
                    # a random part, so the edits fall anywhere in the watcher's polling
                    # period (at fixed spacing they would all fall at one point of it).
                    time.sleep(settle + random.uniform(0.0, 0.5))
            return EditResult(
                True,
                startup,
                statistics.median(pages_s),
                statistics.median(reloads_s),
                index,
                note=f"median of {len(reloads_s)} edits"
                + (f": {', '.join(f'{r:.2f}' for r in reloads_s)} s" if len(reloads_s) > 1 else ""),
            )
        finally:
            _stop_group(proc)


def _reloads(log_path: Path) -> int:
    """How many rebuilds the serve log reports done ("Reloading browsers")."""
    return log_path.read_bytes().count(b"Reloading browsers")


def check_index(base: str, word: str, rare: str, timeout: float = 10.0) -> str:
    """Say whether the served search index has the edit and still has the other pages."""
    if fetch(base + "pagefind/minutes.json")[0] == 200:
        return check_pagefind(base, word, rare, max(timeout, 120.0))
    url = base + "search/search_index.json"
    start = time.perf_counter()
    body = b""

    def fresh() -> bool:
        nonlocal body
        body = fetch(url, timeout=30)[1]
        return word.encode() in body

    waited = poll(fresh, timeout, 0.2)
    if waited is None:
        return "stale: the edit is not in search/search_index.json" if body else "no index"
    complete = rare.encode() in body
    after = time.perf_counter() - start
    state = "complete" if complete else "INCOMPLETE (other pages dropped)"
    return f"fresh after {after:.1f} s, {state}"


def check_pagefind(base: str, word: str, rare: str, timeout: float) -> str:
    """Poll the served Pagefind bundles until a search for ``word`` finds it (reading only
    the chunks whose word range holds it); then check the rare term of another note is
    still found (the index is complete)."""
    from mkdocs_minutes.search.bundle import BundleFormatError, has_word

    def served(name: str) -> bytes:
        status, body = fetch(base + "pagefind/" + name, timeout=30)
        if status != 200:
            raise OSError(f"{name}: HTTP {status}")
        return body

    def found(term: str) -> bool:
        try:
            return has_word(served, term)
        except (OSError, ValueError, KeyError, IndexError, BundleFormatError):
            return False  # a bundle being swapped in

    start = time.perf_counter()
    if poll(lambda: found(word.lower()), timeout, 0.1) is None:
        return f"stale: the edit is not in the Pagefind index after {timeout:.0f} s"
    after = time.perf_counter() - start
    state = "complete" if found(rare.lower()) else "INCOMPLETE (another note's word is gone)"
    return f"fresh after {after:.1f} s, {state}"


# ------------------------------------------------------------------------------ search --
class CountingGzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site like a static host: gzip text types when the client accepts it.

    Bodies are compressed once (level 6, as common hosts do) and kept in memory, i.e.
    pre-gzipped; files in formats that are already compressed (Pagefind's chunks, images,
    fonts) go as they are. Every body byte sent is counted on the server.
    """

    server: CountingServer

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the benchmark prints its own tables."""

    def do_GET(self) -> None:
        """Serve one file (or a folder's index.html), gzip-encoded when accepted."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        ctype = _content_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        body, encoded = self.server.body(path, accepts and _compressible(ctype))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self.server.count(len(body))


def _content_type(path: str) -> str:
    """The Content-Type a static host sends for `path`."""
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def _compressible(ctype: str) -> bool:
    """Types a static host compresses: text, JSON, JavaScript, SVG, XML."""
    base = ctype.split(";")[0].strip()
    return base.startswith("text/") or base in {
        "application/javascript",
        "application/x-javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
        "application/manifest+json",
    }


class CountingServer(http.server.ThreadingHTTPServer):
    """A threaded loopback server for one site folder that counts body bytes sent."""

    daemon_threads = True

    def __init__(self, site: Path) -> None:
        """Bind to a free port on 127.0.0.1 and serve `site`."""
        self.site = site
        self.sent = 0
        self.requests = 0
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, bool], bytes] = {}

        def handler(*args: object, **kwargs: object) -> CountingGzipHandler:
            return CountingGzipHandler(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        super().__init__(("127.0.0.1", 0), handler)

    def body(self, path: str, gz: bool) -> tuple[bytes, bool]:
        """The bytes to send for `path`, gzip-compressed when `gz`."""
        key = (path, gz)
        with self._lock:
            if key not in self._cache:
                raw = Path(path).read_bytes()
                self._cache[key] = gzip.compress(raw, compresslevel=6, mtime=0) if gz else raw
            return self._cache[key], gz

    def precompress(self) -> int:
        """Gzip, before any timing, every file a visit plus a search may fetch.

        That is everything compressible but the per-page HTML (only the home page is
        visited), so compression time never counts as search time, as on a static host.
        """
        count = 0
        for file in sorted(self.site.rglob("*")):
            if not file.is_file() or (file.suffix == ".html" and file.parent != self.site):
                continue
            if _compressible(_content_type(str(file))):
                self.body(str(file), True)
                count += 1
        return count

    def count(self, n: int) -> None:
        """Add one response of `n` body bytes."""
        with self._lock:
            self.sent += n
            self.requests += 1

    def reset(self) -> None:
        """Start counting afresh (the cold visit)."""
        with self._lock:
            self.sent = 0
            self.requests = 0


@contextlib.contextmanager
def static_server(site: Path) -> Iterator[CountingServer]:
    """Run a `CountingServer` for `site` in a thread for the duration of the block."""
    server = CountingServer(site)
    server.precompress()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


#: Installed in the page before its scripts: times the input event that completes the
#: term and the first later DOM change that shows a result element.
PROBE_JS = """
(selector) => {
  const b = (window.__bench = {term: null, lastKey: 0, first: 0, done: 0});
  document.addEventListener('input', (e) => {
    const t = e.target;
    if (b.term !== null && !b.lastKey && t && t.value === b.term) b.lastKey = performance.now();
  }, true);
  const hasResult = (node) => node && node.nodeType === 1 &&
    (node.matches(selector) || node.querySelector(selector) || node.closest(selector));
  const observer = new MutationObserver((records) => {
    if (!b.lastKey) return;
    const now = performance.now();
    if (!b.first && records.some((r) => hasResult(r.target) ||
        Array.from(r.addedNodes).some(hasResult))) b.first = now;
    // The plugin's script marks its result list once every part of the index answered.
    if (b.first && !b.done && records.some((r) => r.type === 'attributes' &&
        r.target.getAttribute('data-minutes-search') === 'done')) b.done = now;
  });
  const start = () => observer.observe(document.documentElement,
    {childList: true, subtree: true, characterData: true, attributes: true,
     attributeFilter: ['data-minutes-search']});
  if (document.documentElement) start(); else addEventListener('DOMContentLoaded', start);
}
"""


@dataclass
class SearchResult:
    """Search in headless Chromium on one built site."""

    site: str
    ok: bool
    common_ms: float | None = None
    common_done_ms: float | None = None
    """After the last key, until the whole ranking shows (the plugin's list marks it)."""
    common_from_load_ms: float | None = None
    rare_ms: float | None = None
    rare_link: str = ""
    kib: float | None = None
    requests: int | None = None
    note: str = ""


def search_test(
    site: Path,
    label: str,
    common: str,
    rare: str,
    selector: str,
    key: str,
    type_delay: int,
    timeout: float,
    screenshots: Path | None = None,
) -> SearchResult:
    """Cold visit to the home page, `key` to focus search, type two terms, time results."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        return SearchResult(label, False, note="Playwright is not installed")
    if not Path(CHROMIUM).exists():
        return SearchResult(label, False, note=f"{CHROMIUM} is missing")
    if not (site / "index.html").is_file():
        return SearchResult(label, False, note=f"no built site at {site}")
    result = SearchResult(label, False)
    with static_server(site) as server, sync_playwright() as pw:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            # Loopback only: anything else (web fonts from a CDN) is refused at once.
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1"
                    else route.abort()
                ),
            )
            page = context.new_page()
            page.add_init_script(f"({PROBE_JS})({json.dumps(selector)})")
            server.reset()
            page.goto(base, wait_until="load", timeout=timeout * 1000)
            page.keyboard.press(key)
            result.common_ms, result.common_from_load_ms = _time_term(
                page, common, type_delay, timeout
            )
            with contextlib.suppress(PlaywrightError):
                page.wait_for_function("() => window.__bench.done > 0", timeout=10000)
                done, last = page.evaluate("() => [window.__bench.done, window.__bench.lastKey]")
                result.common_done_ms = max(0.0, done - last)
            _shot(page, screenshots, f"{label}-common.png")
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            with contextlib.suppress(PlaywrightError):
                page.wait_for_function(
                    f"() => !document.querySelector({json.dumps(selector)})", timeout=5000
                )
            result.rare_ms, _ = _time_term(page, rare, type_delay, timeout)
            _shot(page, screenshots, f"{label}-rare.png")
            link = page.evaluate(
                "(s) => { const e = document.querySelector(s); if (!e) return '';"
                " const a = e.matches('a') ? e : e.querySelector('a') || e.closest('a');"
                " return a ? a.getAttribute('href') : ''; }",
                selector,
            )
            result.rare_link = str(link or "").removeprefix(base.rstrip("/"))
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=10000)
            result.kib = server.sent / 1024
            result.requests = server.requests
            result.ok = result.common_ms is not None and result.rare_ms is not None
            if not result.ok:
                result.note = f"no result element `{selector}` within {timeout:.0f} s"
        except PlaywrightError as exc:
            result.note = f"browser error: {str(exc).splitlines()[0]}"
        finally:
            browser.close()
    return result


def _shot(page: object, folder: Path | None, name: str) -> None:
    """Save a screenshot when `--screenshots` is given, to check what was measured."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name))  # type: ignore[attr-defined]


def _time_term(
    page: object, term: str, delay: int, timeout: float
) -> tuple[float | None, float | None]:
    """Type `term`; (ms from its last keystroke to a result, ms from navigation start)."""
    from playwright.sync_api import Error as PlaywrightError

    page.evaluate(  # type: ignore[attr-defined]
        "(t) => { Object.assign(window.__bench, {term: t, lastKey: 0, first: 0, done: 0}); }",
        term,
    )
    page.keyboard.type(term, delay=delay)  # type: ignore[attr-defined]
    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => window.__bench.first > 0", timeout=timeout * 1000, polling=20
        )
    except PlaywrightError:
        return None, None
    last, first = page.evaluate(  # type: ignore[attr-defined]
        "() => [window.__bench.lastKey, window.__bench.first]"
    )
    return max(0.0, first - last), first


# ----------------------------------------------------------------------- search page --
@dataclass
class PageResult:
    """The search page opened cold with a query (and a filter) in its URL."""

    query: str
    ok: bool
    first_ms: float | None = None
    """From navigation start to the first result in ``[data-minutes-results]``."""
    results: str = ""
    """The page's own count line (``412 meetings matching ...``)."""
    kib: float | None = None
    requests: int | None = None
    note: str = ""


PAGE_PROBE_JS = """
() => {
  const b = (window.__benchPage = {first: 0});
  const seen = () => document.querySelector("[data-minutes-results] > li");
  const observer = new MutationObserver(() => {
    if (!b.first && seen()) { b.first = performance.now(); observer.disconnect(); }
  });
  const start = () => observer.observe(document.documentElement, {childList: true, subtree: true});
  if (document.documentElement) start(); else addEventListener("DOMContentLoaded", start);
}
"""


def search_page_test(site: Path, queries: Sequence[str], timeout: float) -> list[PageResult]:
    """Open ``search/?<query>`` cold for each query; time the first result, count bytes."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [PageResult(q, False, note="Playwright is not installed") for q in queries]
    if not (site / "search" / "index.html").is_file():
        return [PageResult(q, False, note="no search page") for q in queries]
    found: list[PageResult] = []
    with static_server(site) as server, sync_playwright() as pw:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                result = PageResult(query, False)
                context = browser.new_context()
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1"
                        else route.abort()
                    ),
                )
                page = context.new_page()
                page.add_init_script(f"({PAGE_PROBE_JS})()")
                server.reset()
                try:
                    page.goto(base + "search/?" + query, timeout=timeout * 1000)
                    page.wait_for_function(
                        "() => window.__benchPage.first > 0", timeout=timeout * 1000, polling=20
                    )
                    result.first_ms = page.evaluate("() => window.__benchPage.first")
                    with contextlib.suppress(PlaywrightError):
                        page.wait_for_load_state("networkidle", timeout=10000)
                    result.results = page.locator("[data-minutes-status]").inner_text()
                    result.kib = server.sent / 1024
                    result.requests = server.requests
                    result.ok = True
                except PlaywrightError as exc:
                    result.note = f"browser error: {str(exc).splitlines()[0]}"
                finally:
                    context.close()
                found.append(result)
        finally:
            browser.close()
    return found


@dataclass(frozen=True)
class IndexResult:
    """The Pagefind index of the built minutes site, written again in this process."""

    seconds: float
    bundles: int
    peak_mb: float | None
    """The largest resident size of one Pagefind process (its ``VmHWM``)."""


def measure_index(archive: Path) -> IndexResult:
    """Index ``site-minutes`` as the build does (same indexer, same pages), to read the
    largest Pagefind process apart from the build's own Python process."""
    from mkdocs_minutes.archive import Archive
    from mkdocs_minutes.archive.registry import load_people, load_topics
    from mkdocs_minutes.notes.folder import read_notes
    from mkdocs_minutes.search import PagefindIndexer

    docs = archive / "docs"
    built = Archive.build(
        read_notes(docs / "meetings"),
        people=load_people(docs / "people.yml"),
        topics=load_topics(docs / "topics.yml"),
    )
    indexer = PagefindIndexer(built, None, notes_dir="meetings")
    stats = indexer.finish(archive / "site-minutes")
    return IndexResult(stats.seconds, stats.shards, stats.peak_mb)


# ------------------------------------------------------------------- topic discovery --
@dataclass(frozen=True)
class DiscoveryResult:
    """Topic discovery timed over one archive."""

    meetings: int
    topics: int
    seconds: float
    """Median wall time of `discover_topics` alone over three runs."""
    cpu_seconds: float
    """Median CPU time of the same runs (steadier on a shared machine)."""
    index_cpu_seconds: float
    """Median CPU time the archive index takes more with discovery than without: finding
    the topics, putting items on their timelines, and the topics' histories."""


def measure_discovery(archive: Path) -> DiscoveryResult:
    """Parse the archive's notes once, then time topic discovery alone and in the index."""
    from mkdocs_minutes.archive import Archive
    from mkdocs_minutes.archive.discovery import discover_topics
    from mkdocs_minutes.archive.registry import load_topics
    from mkdocs_minutes.notes.folder import read_notes

    notes = read_notes(archive / "docs" / "meetings")
    registry = archive / "docs" / "topics.yml"
    topics = load_topics(registry) if registry.exists() else ()
    built = Archive.build(notes, topics=topics, discover=False)
    names = built.known_names()
    times: list[float] = []
    cpu: list[float] = []
    found = 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        found = len(discover_topics(built.meetings, names=names).topics)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    index: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(3):
        for discover in (False, True):
            start_cpu = time.process_time()
            Archive.build(notes, topics=topics, discover=discover)
            index[discover].append(time.process_time() - start_cpu)
    return DiscoveryResult(
        len(built.meetings),
        found,
        statistics.median(times),
        statistics.median(cpu),
        statistics.median(index[True]) - statistics.median(index[False]),
    )


# ----------------------------------------------------------------------------- reports --
@dataclass
class SizeResult:
    """Everything measured at one N."""

    notes: int
    manifest: dict[str, object]
    builds: list[BuildRun] = field(default_factory=list)
    edits: dict[str, EditResult] = field(default_factory=dict)
    """The one-note edit per site (``baseline``, ``minutes``)."""
    search: list[SearchResult] = field(default_factory=list)
    discovery: DiscoveryResult | None = None
    pages: list[PageResult] = field(default_factory=list)
    index: IndexResult | None = None

    def ok_runs(self, config: str) -> list[BuildRun]:
        """The successful builds of `config`."""
        return [b for b in self.builds if b.config == config and b.ok]

    def median_s(self, config: str) -> float | None:
        """Median wall time of the successful builds of `config`."""
        runs = self.ok_runs(config)
        return statistics.median(b.seconds for b in runs) if runs else None

    def median_cpu_s(self, config: str) -> float | None:
        """Median CPU time (all processes) of the successful builds of `config`."""
        runs = self.ok_runs(config)
        return statistics.median(b.cpu_s for b in runs) if runs else None

    def peak_mb(self, config: str) -> float | None:
        """Largest peak RSS over the successful builds of `config`."""
        runs = self.ok_runs(config)
        return max(b.peak_rss_mb for b in runs) if runs else None

    def per_note_ms(self, config: str) -> float | None:
        """Median build time divided by N, in milliseconds."""
        median = self.median_s(config)
        return None if median is None else median * 1000 / self.notes


def _fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    """Format a figure, or an em dash when it was not measured."""
    return "—" if value is None else f"{value:{spec}}{suffix}"


def _ratio(a: float | None, b: float | None) -> float | None:
    """a / b when both are known."""
    return None if a is None or b is None or b == 0 else a / b


def _version(dist: str) -> str:
    """Installed version of a distribution, or 'not installed'."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    """One line naming the machine and the software versions the figures come from."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    versions = ", ".join(
        f"{d} {_version(d)}"
        for d in ("mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-minutes", "pagefind")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def report(results: Sequence[SizeResult], args: argparse.Namespace) -> str:
    """All figures as Markdown: machine, builds, linearity, edit, search, targets."""
    lines = [
        f"# Benchmark results ({dt.date.today().isoformat()})",
        "",
        f"Machine: {machine()}.",
        "",
        f"Archives: `bench/generate.py --seed {args.seed}`; {args.repeats} builds of each "
        "site per N, alternating; medians of wall time, largest peak RSS.",
        "",
        "## Full builds",
        "",
        "| N | site | builds ok | median s | per-note ms | CPU s, all processes "
        "| peak RSS MB | time vs baseline | CPU vs baseline | memory vs baseline |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for config in CONFIGS:
            runs = [b for b in r.builds if b.config == config]
            if not runs:
                continue
            ok = r.ok_runs(config)
            time_ratio = _ratio(r.median_s(config), r.median_s("baseline"))
            cpu_ratio = _ratio(r.median_cpu_s(config), r.median_cpu_s("baseline"))
            mem_ratio = _ratio(r.peak_mb(config), r.peak_mb("baseline"))
            lines.append(
                f"| {r.notes} | {config} | {len(ok)}/{len(runs)} | {_fmt(r.median_s(config))} "
                f"| {_fmt(r.per_note_ms(config), '.1f')} | {_fmt(r.median_cpu_s(config), '.1f')} "
                f"| {_fmt(r.peak_mb(config), '.0f')} | {_fmt(time_ratio, '.2f', 'x')} "
                f"| {_fmt(cpu_ratio, '.2f', 'x')} | {_fmt(mem_ratio, '.2f', 'x')} |"
            )
    failures = [(r.notes, b) for r in results for b in r.builds if not b.ok]
    if failures:
        lines += ["", "Failed builds:", ""]
        lines += [f"- N={n} {b.config}: {b.error}" for n, b in failures]
    by_n = {r.notes: r for r in results}
    if 1000 in by_n and 5000 in by_n:
        lines += [
            "",
            "## Linearity (per-note ms at 5,000 / at 1,000)",
            "",
            "| site | per-note ms at 1,000 | at 5,000 | ratio |",
            "|---|---:|---:|---:|",
        ]
        for config in CONFIGS:
            a, b = by_n[1000].per_note_ms(config), by_n[5000].per_note_ms(config)
            lines.append(
                f"| {config} | {_fmt(a, '.1f')} | {_fmt(b, '.1f')} | {_fmt(_ratio(b, a), '.2f', 'x')} |"
            )
    if not args.skip_serve:
        lines += [
            "",
            "## One-note edit",
            "",
            f"Serve command: `{args.serve_cmd}`.",
            "",
            'Save to "Reloading browsers": from the file write to the serve log\'s line '
            "saying the rebuild is done; page served: until the page shows the edit. "
            f"Each the median of {args.edits} edits in one serve session (the serve command "
            "polls the files every half second).",
            "",
            '| N | site | first serve s | save to "Reloading browsers" s | page served s '
            "| vs baseline | search index | note |",
            "|---:|---|---:|---:|---:|---:|---|---|",
        ]
        for r in results:
            base = r.edits.get("baseline")
            for site, e in r.edits.items():
                ratio = _ratio(e.reload_s, base.reload_s if base else None)
                lines.append(
                    f"| {r.notes} | {site} | {_fmt(e.startup_s, '.1f')} "
                    f"| {_fmt(e.reload_s, '.2f')} | {_fmt(e.page_s, '.2f')} "
                    f"| {_fmt(ratio, '.2f', 'x')} | {e.index or '—'} | {e.note} |"
                )
    if not args.skip_search:
        lines += [
            "",
            "## Search (headless Chromium, cold visit to the home page)",
            "",
            f"Result selector `{args.result_selector}`; key `{args.search_key}` focuses the "
            f"search box; {args.type_delay} ms between keystrokes. Bytes: gzip-compressed "
            "body bytes the static server sent for the home page and the search.",
            "",
            "| N | site | common term | ms after last key | whole ranking ms | ms from page load "
            "| rare term | ms after last key | first result | KB sent | requests | note |",
            "|---:|---|---|---:|---:|---:|---|---:|---|---:|---:|---|",
        ]
        for r in results:
            for s in r.search:
                lines.append(
                    f"| {r.notes} | {s.site} | {r.manifest['common_term']} "
                    f"| {_fmt(s.common_ms, '.0f')} | {_fmt(s.common_done_ms, '.0f')} "
                    f"| {_fmt(s.common_from_load_ms, '.0f')} "
                    f"| {r.manifest['rare_term']} | {_fmt(s.rare_ms, '.0f')} "
                    f"| {s.rare_link or '—'} | {_fmt(s.kib, '.0f')} | {s.requests or '—'} "
                    f"| {s.note} |"
                )
    lines += search_page_lines(results) + index_lines(results)
    measured = [r for r in results if r.discovery is not None]
    if measured:
        lines += [
            "",
            "## Topic discovery (issue 13)",
            "",
            "`discover_topics` alone, in one process, median of three runs (wall and CPU); "
            "then the CPU time the archive index takes more with discovery than without "
            "(finding topics and putting items on their timelines). Shares are of the "
            "median minutes build at the same N.",
            "",
            "| N | meetings | topics found | discovery s | CPU s | index CPU s more "
            "| share of the build (discovery, index) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in measured:
            d = r.discovery
            assert d is not None
            share = _ratio(d.seconds, r.median_s("minutes"))
            index_share = _ratio(d.index_cpu_seconds, r.median_s("minutes"))
            lines.append(
                f"| {r.notes} | {d.meetings} | {d.topics} | {d.seconds:.2f} | {d.cpu_seconds:.2f} "
                f"| {d.index_cpu_seconds:.2f} | {_fmt(share and share * 100, '.1f', '%')}, "
                f"{_fmt(index_share and index_share * 100, '.1f', '%')} |"
            )
    lines += [
        "",
        "## Targets of issue 15 (at 1,000 notes; search at 5,000)",
        "",
        "| | baseline | minutes | minutes / baseline | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    lines += targets(by_n)
    return "\n".join(lines) + "\n"


def search_page_lines(results: Sequence[SizeResult]) -> list[str]:
    """The report's search page table (empty when it was not measured)."""
    lines: list[str] = []
    paged = [r for r in results if r.pages]
    if paged:
        lines += [
            "",
            "## Search page (headless Chromium, cold visit to search/?q=...)",
            "",
            "First result: from navigation start to the first result in the page's list. "
            "Bytes as above: the page, its scripts, the index's files and the results.",
            "",
            "| N | URL | first result ms | results | KB sent | requests | note |",
            "|---:|---|---:|---|---:|---:|---|",
        ]
        for r in paged:
            for page in r.pages:
                lines.append(
                    f"| {r.notes} | `search/?{page.query}` | {_fmt(page.first_ms, '.0f')} "
                    f"| {page.results or '—'} | {_fmt(page.kib, '.0f')} "
                    f"| {page.requests or '—'} | {page.note} |"
                )
    return lines


def index_lines(results: Sequence[SizeResult]) -> list[str]:
    """The report's search index table (empty when it was not measured)."""
    lines: list[str] = []
    indexed = [r for r in results if r.index is not None]
    if indexed:
        lines += [
            "",
            "## Search index (written again from the built site, as the build writes it)",
            "",
            "| N | bundles | seconds | largest Pagefind process MB | vs baseline build peak |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in indexed:
            i = r.index
            assert i is not None
            lines.append(
                f"| {r.notes} | {i.bundles} | {i.seconds:.1f} | {_fmt(i.peak_mb, '.0f')} "
                f"| {_fmt(_ratio(i.peak_mb, r.peak_mb('baseline')), '.2f', 'x')} |"
            )
    return lines


def _met(value: float | None, limit: float) -> str:
    return "not run" if value is None else ("yes" if value <= limit else "NO")


def targets(by_n: dict[int, SizeResult]) -> list[str]:
    """The rows of issue 15's table: baseline and minutes side by side, their ratio, the
    target and whether it is met."""
    rows: list[str] = []
    r1 = by_n.get(1000)
    r5 = by_n.get(5000)

    def row(name: str, base: str, value: str, ratio: float | None, target: str, met: str):
        rows.append(f"| {name} | {base} | {value} | {_fmt(ratio, '.2f', 'x')} | {target} | {met} |")

    edits = r1.edits if r1 else {}
    base_s = edits["baseline"].reload_s if "baseline" in edits else None
    edit = edits.get("minutes")
    edit_s = edit.reload_s if edit else None
    ratio = _ratio(edit_s, base_s)
    row(
        'one-note edit under `mkdocs serve --dirty`, save to "Reloading browsers"',
        _fmt(base_s, ".2f", " s"),
        _fmt(edit_s, ".2f", " s"),
        ratio,
        "≤ 1.5x",
        _met(ratio, 1.5),
    )
    fresh = re.search(r"fresh after ([0-9.]+) s", edit.index) if edit and edit.index else None
    after = float(fresh.group(1)) if fresh else None
    row(
        "search index fresh after that edit (after its page)",
        "—",
        _fmt(after, ".1f", " s more"),
        None,
        "≤ 2 s",
        _met(after, 2),
    )
    base = r1.median_s("baseline") if r1 else None
    for name, config, limit in (
        ("full `mkdocs build`, cold (no `.cache/`)", "minutes", 1.25),
        ("full `mkdocs build`, warm (unchanged archive, cache kept)", "minutes-warm", 1.1),
    ):
        value = r1.median_s(config) if r1 else None
        ratio = _ratio(value, base)
        row(
            name,
            _fmt(base, ".1f", " s"),
            _fmt(value, ".1f", " s"),
            ratio,
            f"≤ {limit:g}x",
            _met(ratio, limit),
        )
    peaks = [r1.peak_mb(c) for c in ("minutes", "minutes-warm")] if r1 else []
    if r1 is not None and r1.index is not None:
        peaks.append(r1.index.peak_mb)
    known = [p for p in peaks if p is not None]
    value = max(known) if known else None
    base = r1.peak_mb("baseline") if r1 else None
    ratio = _ratio(value, base)
    row(
        "peak memory: the largest resident size of any one process of the build",
        _fmt(base, ".0f", " MB"),
        _fmt(value, ".0f", " MB"),
        ratio,
        "≤ 1.25x",
        _met(ratio, 1.25),
    )
    searches = {s.site: s for s in (r5.search if r5 else [])}
    lunr_ms = searches["baseline"].common_ms if "baseline" in searches else None
    ours_ms = searches["minutes"].common_ms if "minutes" in searches else None
    row(
        "search for a word in most meetings, 5,000 notes: first result after the last key",
        _fmt(lunr_ms, ".0f", " ms (lunr)"),
        _fmt(ours_ms, ".0f", " ms"),
        _ratio(ours_ms, lunr_ms),
        "≤ 300 ms",
        _met(ours_ms, 300),
    )
    return rows


# -------------------------------------------------------------------------------- main --
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring and bench/README.md."""
    p = argparse.ArgumentParser(description="Benchmark of issues 8 and 15 (builds, edit, search).")
    p.add_argument("--sizes", default="100,1000", help="comma-separated N (default 100,1000)")
    p.add_argument("--with-5000", action="store_true", help="also run N=5000")
    p.add_argument("--repeats", type=int, default=3, help="builds of each site per N")
    p.add_argument("--seed", type=int, default=8, help="generator seed")
    p.add_argument("--skip-serve", action="store_true", help="skip the one-note edit")
    p.add_argument("--edits", type=int, default=5, help="one-note edits per site, median reported")
    p.add_argument("--skip-search", action="store_true", help="skip the browser search")
    p.add_argument(
        "--skip-discovery", action="store_true", help="skip timing topic discovery alone"
    )
    p.add_argument("--out", type=Path, help="also write the Markdown report here")
    p.add_argument(
        "--cache",
        type=Path,
        default=REPO / ".cache" / "bench",
        help="where archives are generated (default .cache/bench)",
    )
    p.add_argument(
        "--configs",
        default=",".join(CONFIGS),
        help="builds per N (default baseline,minutes,minutes-warm)",
    )
    p.add_argument(
        "--serve-cmd",
        default=DEFAULT_SERVE_CMD,
        help="serve command for the edit test, run in the archive folder; "
        "{port} is replaced (default: %(default)s)",
    )
    p.add_argument(
        "--search-sites",
        default="minutes,baseline",
        help="built sites to search in the browser (default minutes,baseline)",
    )
    p.add_argument(
        "--result-selector",
        default=".md-search-result__item",
        help="CSS selector of one search result (default: Material's)",
    )
    p.add_argument("--search-key", default="/", help="key that focuses the search box")
    p.add_argument("--common-term", help="override the archive's common term")
    p.add_argument("--rare-term", help="override the archive's rare term")
    p.add_argument("--type-delay", type=int, default=80, help="ms between keystrokes")
    p.add_argument("--screenshots", type=Path, help="save the search results as PNGs here")
    p.add_argument(
        "--page-filter",
        default="series=infra",
        help="the filter of the search page's second visit (default: series=infra)",
    )
    p.add_argument(
        "--skip-index",
        action="store_true",
        help="skip writing the search index again to read its largest Pagefind process",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=0,
        help="per-step timeout in seconds (default: 120 + 0.5 s per note)",
    )
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.with_5000 and 5000 not in sizes:
        sizes.append(5000)
    args.size_list = sizes
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every step for every N, print the report, write it to `--out` if given."""
    args = parse_args(argv)
    configs = [c for c in args.configs.split(",") if c]
    results: list[SizeResult] = []
    for notes in args.size_list:
        timeout = args.timeout or 120 + 0.5 * notes
        archive, manifest = ensure_archive(args.cache, notes, args.seed)
        if args.common_term:
            manifest["common_term"] = args.common_term
        if args.rare_term:
            manifest["rare_term"] = args.rare_term
        result = SizeResult(notes, manifest)
        results.append(result)
        _say(f"N={notes}: archive {archive} ({manifest['files']} files)")
        failed: set[str] = set()
        for i in range(args.repeats):
            for config in configs:
                if config in failed:
                    continue
                if config == "minutes":  # cold: no cache; minutes-warm then keeps it
                    shutil.rmtree(archive / ".cache", ignore_errors=True)
                run = run_build(archive, config, timeout)
                result.builds.append(run)
                _say(
                    f"  build {config} #{i + 1}: "
                    + (
                        f"{run.seconds:.2f} s ({run.cpu_s:.1f} s CPU), {run.peak_rss_mb:.0f} MB"
                        if run.ok
                        else run.error
                    )
                )
                if not run.ok:
                    failed.add(config)
        if not args.skip_discovery:
            result.discovery = d = measure_discovery(archive)
            _say(
                f"  topic discovery: {d.seconds:.2f} s ({d.cpu_seconds:.2f} s CPU), "
                f"index {d.index_cpu_seconds:.2f} s CPU more, {d.topics} topics"
            )
        if not args.skip_serve:
            for site in [c for c in EDIT_SITES if c in configs]:
                e = result.edits[site] = edit_test(
                    archive, manifest, args.serve_cmd, timeout, site, edits=args.edits
                )
                _say(
                    f"  edit {site}: reload {_fmt(e.reload_s)} s, page {_fmt(e.page_s)} s; "
                    + "; ".join(x for x in (e.index, e.note) if x)
                )
        if not args.skip_search:
            for site in [s for s in args.search_sites.split(",") if s]:
                if not result.ok_runs(site):
                    result.search.append(SearchResult(site, False, note="site did not build"))
                    continue
                s = search_test(
                    archive / f"site-{site}",
                    site,
                    str(manifest["common_term"]),
                    str(manifest["rare_term"]),
                    args.result_selector,
                    args.search_key,
                    args.type_delay,
                    min(timeout, 120),
                    args.screenshots / str(notes) if args.screenshots else None,
                )
                result.search.append(s)
                _say(
                    f"  search {site}: common {_fmt(s.common_ms, '.0f')} ms, rare "
                    f"{_fmt(s.rare_ms, '.0f')} ms, {_fmt(s.kib, '.0f')} KB {s.note}".rstrip()
                )
        if result.ok_runs("minutes"):
            measure_search_side(result, archive, args, timeout)
    text = report(results, args)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


def measure_search_side(
    result: SizeResult, archive: Path, args: argparse.Namespace, timeout: float
) -> None:
    """The search page (unless ``--skip-search``) and the index's largest Pagefind process
    (unless ``--skip-index``), on the built minutes site."""
    if not args.skip_search and "minutes" in args.search_sites.split(","):
        term = urllib.parse.quote(str(result.manifest["common_term"]))
        queries = [f"q={term}", f"q={term}&{args.page_filter}"]
        result.pages = search_page_test(archive / "site-minutes", queries, timeout)
        for page in result.pages:
            _say(
                f"  search page ?{page.query}: first result {_fmt(page.first_ms, '.0f')}"
                f" ms, {_fmt(page.kib, '.0f')} KB {page.note}".rstrip()
            )
    if not args.skip_index:
        result.index = measure_index(archive)
        _say(
            f"  search index: {result.index.bundles} bundles, {result.index.seconds:.1f} s, "
            f"largest Pagefind process {_fmt(result.index.peak_mb, '.0f')} MB"
        )


def _say(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
