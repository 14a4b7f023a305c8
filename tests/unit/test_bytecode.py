"""The theme's compiled templates kept between serve builds (``plugin/bytecode.py``)."""

from __future__ import annotations

import jinja2
import pytest

from mkdocs_minutes.plugin.bytecode import ThemeBytecode


class CountingEnvironment(jinja2.Environment):
    """An environment that counts the templates it compiles from source."""

    compiled = 0

    def _compile(self, source: str, filename: str):  # type: ignore[override]
        CountingEnvironment.compiled += 1
        return super()._compile(source, filename)


def _render(session: ThemeBytecode, sources: dict[str, str], **options: object) -> str:
    """A new environment per build, as MkDocs makes one, rendering ``main.html``."""
    env = CountingEnvironment(loader=jinja2.DictLoader(sources), **options)
    session.attach(env)
    return env.get_template("main.html").render(title="Minutes")


@pytest.fixture(autouse=True)
def _count() -> None:
    CountingEnvironment.compiled = 0


def test_second_build_loads_the_compiled_templates() -> None:
    session = ThemeBytecode()
    sources = {"main.html": "{% include 'head.html' %}<h1>{{ title }}</h1>", "head.html": "<head>"}
    assert _render(session, sources) == "<head><h1>Minutes</h1>"
    assert CountingEnvironment.compiled == 2
    assert _render(session, sources) == "<head><h1>Minutes</h1>"
    assert CountingEnvironment.compiled == 2


def test_an_edited_template_is_compiled_again() -> None:
    session = ThemeBytecode()
    _render(session, {"main.html": "<h1>{{ title }}</h1>"})
    assert _render(session, {"main.html": "<h2>{{ title }}</h2>"}) == "<h2>Minutes</h2>"
    assert CountingEnvironment.compiled == 2


def test_other_compiler_settings_have_their_own_cache() -> None:
    session = ThemeBytecode()
    sources = {"main.html": "{% if title %}\n<h1>{{ title }}</h1>\n{% endif %}\n"}
    plain = _render(session, sources)
    trimmed = _render(session, sources, trim_blocks=True)
    assert plain == "\n<h1>Minutes</h1>\n"
    assert trimmed == "<h1>Minutes</h1>\n"
    assert CountingEnvironment.compiled == 2


def test_an_environment_with_its_own_cache_keeps_it() -> None:
    own = jinja2.bccache.FileSystemBytecodeCache()
    env = jinja2.Environment(loader=jinja2.DictLoader({}), bytecode_cache=own)
    ThemeBytecode().attach(env)
    assert env.bytecode_cache is own
