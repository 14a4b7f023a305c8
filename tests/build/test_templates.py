"""Pages are drawn by templates a site can override (issue 14).

A site puts ``minutes/person.html`` (or any other page template) in its theme's
``custom_dir`` and its person pages change; the package's other templates still apply.
Template output is escaped: a name from a note cannot inject markup into a page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.pages.templates import PACKAGE_TEMPLATES, environment, template_files
from tests.conftest import write_site

NOTE = """\
# Team meeting

Date: 2024-05-02

## Attendees

* Ana Lima / Acme / @analima
* Ben <b>Bold</b> Ode / @bode

## Quick updates

* Ana: shipped the release
"""

OVERRIDE = """\
<h1>{{ person.name }}</h1>
<p class="custom-person">Custom page for {{ person.name }}: {{ history.attended|length }} meetings,
{% for update in updates %}{{ update.text|excerpt(40) }}{% endfor %}</p>
<p><a href="{{ links.meeting(updates[0].meeting, updates[0].anchor) if updates else links.index("people") }}">back</a></p>
"""


def _site(tmp_path: Path, override: str | None) -> Path:
    extra = ""
    if override is not None:
        folder = tmp_path / "overrides" / "minutes"
        folder.mkdir(parents=True)
        (folder / "person.html").write_text(override, encoding="utf-8")
        extra = "theme:\n  name: material\n  custom_dir: overrides\n"
    config_file = write_site(tmp_path, {"2024-05-02.md": NOTE})
    if extra:
        text = config_file.read_text(encoding="utf-8").replace("theme:\n  name: material\n", extra)
        config_file.write_text(text, encoding="utf-8")
    config = load_config(str(config_file), strict=True)
    build(config)
    return Path(config.site_dir)


def test_a_template_in_custom_dir_changes_the_person_page(tmp_path: Path) -> None:
    site = _site(tmp_path, OVERRIDE)
    page = (site / "people" / "analima" / "index.html").read_text(encoding="utf-8")
    assert '<p class="custom-person">Custom page for Ana Lima: 1 meetings,' in page
    assert "shipped the release" in page
    assert '<a href="../../meetings/2024-05-02/#update-analima">back</a>' in page
    assert 'id="ana-lima"' in page, "the template's heading is the page's Markdown heading"
    # Other pages keep the package's templates.
    topics = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert "No topics yet" in topics or "<table>" in topics
    meeting = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    assert '<div class="minutes-header">' in meeting


def test_without_an_override_the_package_template_draws_it(tmp_path: Path) -> None:
    site = _site(tmp_path, None)
    page = (site / "people" / "analima" / "index.html").read_text(encoding="utf-8")
    assert "custom-person" not in page and '<div class="minutes-header">' in page


def test_note_text_is_escaped_in_templates(tmp_path: Path) -> None:
    site = _site(tmp_path, None)
    people = (site / "people" / "index.html").read_text(encoding="utf-8")
    assert ">Ben Bold Ode</a>" in people  # plain text: the tags are not a name's
    meeting = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    assert ">Ben &lt;b&gt;Bold&lt;/b&gt; Ode</a>" in meeting  # as written, escaped


def test_every_page_template_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "about" / "templates.md").read_text(
        encoding="utf-8"
    )
    names = template_files()
    assert names, PACKAGE_TEMPLATES
    for name in names:
        assert f"`{name}`" in docs, f"{name} is not in docs/about/templates.md"
        # Each template's own header comment lists its variables; every one parses.
        environment().get_template(name)
