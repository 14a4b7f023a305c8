"""No meeting secret reaches any published artefact: every file of a built site is scanned.

Notes pasted from a meeting invitation carry Zoom passcodes (``?pwd=``, ``Passcode:``
lines), meeting passwords and Google Calendar event ids. The site (pages, search index in
either engine, feeds, ``meetings.json``, sitemap) and ``minutes export`` must hold none of
them, compressed or not, while everything else the note says is still published.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.cli import main
from mkdocs_minutes.plugin.config import MinutesConfig
from tests.conftest import write_site

#: Secret values as written in the notes; each ends in digits so no stemmer changes it.
SECRETS = {
    "zoom-link": "ZoomSecretQ1w2e3r4",
    "zoom-bare-link": "BareLinkSecret987",
    "passcode-line": "48291375",
    "password-bold": "hunter2xyz9",
    "calendar-eid": "CalEventSecretXyz42",
    "item-title": "77119955",
    "update": "55773311",
    "archive-file": "ArchivePwd31337",
    "listing-page": "IndexSecret4242",
    "webex": "WebexPwd8080",
}

#: Words next to the secrets that must still be published (the note is not dropped).
KEPT = ["Quokkanomics", "Wombatology", "Platypusware", "Echidnacraft", "Bilbyfest"]

NOTES = {
    "2024-05-02.md": f"""\
        # Team meeting

        Date: 2024-05-02

        Join: [Zoom](https://us02web.zoom.us/j/81234567890?pwd={SECRETS["zoom-link"]})
        Or https://zoom.us/j/123?pwd={SECRETS["zoom-bare-link"]}&uname=x#success
        Meeting ID: 812 3456 7890
        Passcode: {SECRETS["passcode-line"]}
        **Meeting password:** {SECRETS["password-bold"]}
        [Add to calendar](https://calendar.google.com/calendar/event?eid={SECRETS["calendar-eid"]}&ctz=Europe/Zurich)
        Webex: https://x.webex.com/meet/j.php?MTID=m1&PWD={SECRETS["webex"]}

        ## Attendees

        * Alice Smith / Acme / @alice
        * Bob Jones / Beta / @bob

        ## Quick updates

        * Alice: worked on Quokkanomics
        * Bob: the passcode is {SECRETS["update"]} for the Wombatology call

        ## Agenda

        * Platypusware call, Passcode: {SECRETS["item-title"]} [Alice - 5 mins]
            * the recording is on the drive
    """,
    "meeting_notes/2024.md": f"""\
        # 2024 meetings

        ## 2024-06-04

        ### Attendees

        * Alice Smith / @alice

        ### Agenda

        * Echidnacraft at https://zoom.us/j/55?pwd={SECRETS["archive-file"]}

        ## 2024-06-11

        ### Agenda

        * Bilbyfest
    """,
    "index.md": f"""\
        # Our meetings

        Standing call: https://zoom.us/j/999?pwd={SECRETS["listing-page"]}
    """,
}

TOPICS = """\
- id: platypus
  name: Platypus
  match: [platypusware, passcode]
"""


def engines() -> list[str | None]:
    """Every search engine the plugin offers (``None``: the plugin has no such option)."""
    option = getattr(MinutesConfig, "search_engine", None)
    choices = getattr(option, "choices", None)
    return list(choices) if choices else [None]


def decoded(data: bytes) -> bytes:
    """A file's content as a reader gets it: gzip and zlib layers removed (Pagefind's
    fragments, index and metadata are gzip; ``sitemap.xml.gz`` too)."""
    for _ in range(3):
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif data[:1] == b"\x78" and data[1:2] in (b"\x01", b"\x5e", b"\x9c", b"\xda"):
            try:
                data = zlib.decompress(data)
            except zlib.error:
                break
        else:
            break
    return data


def scan(site: Path) -> dict[str, bytes]:
    """Every output file, decompressed, lowercased (search indexes store words folded)."""
    return {
        path.relative_to(site).as_posix(): decoded(path.read_bytes()).lower()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module", params=engines(), ids=lambda e: e or "default")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(f"redact-{request.param or 'default'}")
    options = "topics: topics.yml\n" + (
        f"search_engine: {request.param}\n" if request.param else ""
    )
    config_file = write_site(root, NOTES, plugin_options=options)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    config = load_config(str(config_file))
    build(config)
    return request.param, Path(config.site_dir), scan(Path(config.site_dir))


@pytest.mark.parametrize("kind", list(SECRETS))
def test_no_secret_in_any_output_file(built, kind: str) -> None:
    _, _, files = built
    secret = SECRETS[kind].lower().encode()
    leaks = [name for name, data in files.items() if secret in data]
    assert leaks == [], f"{kind} secret published in {leaks}"


def test_the_scan_reads_compressed_search_files(built) -> None:
    engine, site, files = built
    compressed = [p for p in site.rglob("*") if p.is_file() and p.read_bytes()[:2] == b"\x1f\x8b"]
    assert any(p.name == "sitemap.xml.gz" for p in compressed)
    for path in compressed:
        assert files[path.relative_to(site).as_posix()][:2] != b"\x1f\x8b"
    searchable = [n for n in files if n.endswith((".pf_fragment", "search_index.json"))]
    assert searchable, f"no search index found for engine {engine}"
    # The other words of the notes are in the search index, so the scan would see a leak.
    for word in KEPT:
        assert any(word.lower().encode() in files[n] for n in searchable), word


@pytest.mark.parametrize("word", KEPT)
def test_the_rest_of_the_note_is_published(built, word: str) -> None:
    _, _, files = built
    where = {name for name, data in files.items() if word.lower().encode() in data}
    assert any(name.startswith("meetings/") and name.endswith(".html") for name in where), where
    assert "meetings.json" in where


def test_links_still_lead_to_the_meeting(built) -> None:
    _, site, _ = built
    html = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    assert "https://us02web.zoom.us/j/81234567890?pwd=[redacted]" in html
    assert "Passcode: [redacted]" in html
    assert "Meeting ID: 812 3456 7890" in html
    assert "eid=[redacted]&amp;ctz=Europe/Zurich" in html
    feed = (site / "feed.json").read_text(encoding="utf-8")
    assert "Platypusware call, Passcode: [redacted]" in feed


def test_export_and_check_never_print_a_secret(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, NOTES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["export"]) == 0
    exported = capsys.readouterr()
    document = json.loads(exported.out)
    assert {m["id"] for m in document["meetings"]} >= {"2024-05-02", "meeting_notes/2024-06-04"}
    assert main(["check"]) == 0
    checked = capsys.readouterr()
    printed = (exported.out + exported.err + checked.out + checked.err).lower()
    for kind, secret in SECRETS.items():
        assert secret.lower() not in printed, kind
    assert "Quokkanomics" in exported.out
    # check names each line that held a secret, so the author can clean the source.
    passcode_lines = {
        line.split(": warning: ")[0]
        for line in checked.out.splitlines()
        if "passcode redacted" in line
    }
    assert passcode_lines >= {
        "docs/meetings/2024-05-02.md:5:1",
        "docs/meetings/2024-05-02.md:6:1",
        "docs/meetings/2024-05-02.md:8:1",
        "docs/meetings/2024-05-02.md:9:1",
        "docs/meetings/2024-05-02.md:10:1",
        "docs/meetings/2024-05-02.md:11:1",
        "docs/meetings/2024-05-02.md:21:1",
        "docs/meetings/2024-05-02.md:25:1",
        "docs/meetings/meeting_notes/2024.md:11:1",
        "docs/meetings/index.md:3:1",
    }
