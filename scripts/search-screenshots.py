"""Screenshots of the search page for the docs (docs/assets/search-page-{light,dark}.png).

`python scripts/search-screenshots.py [OUT_DIR]` generates a small synthetic archive (the
benchmark's generator: no real notes leave the test corpus), builds it with the demo's
light and dark palettes, opens the search page with a query, a filter and newest-first
order in headless Chromium (/usr/bin/chromium) on loopback, and saves one screenshot per
scheme. Look at them before committing: they are what the docs show.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
from run import CHROMIUM, CHROMIUM_ARGS, static_server  # noqa: E402

PALETTES = """\
theme:
  name: material
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: deep orange
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: deep orange
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""

QUERY = "search/?q=release&series=community&sort=newest"


def build(root: Path) -> Path:
    """The archive, built with the demo's palettes; its site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    generate.generate(root, 60, 8)
    config = root / "minutes.yml"
    text = config.read_text(encoding="utf-8")
    head, _, rest = text.partition("theme:")
    rest = rest.split("\n", 1)[1]
    while rest.startswith((" ", "\t")):
        rest = rest.split("\n", 1)[1]
    config.write_text(head + PALETTES + rest, encoding="utf-8")
    loaded = load_config(str(config), site_dir=str(root / "site"))
    mkdocs_build(loaded)
    return root / "site"


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "assets"
    with tempfile.TemporaryDirectory() as temp:
        site = build(Path(temp))
        with static_server(site) as server, sync_playwright() as pw:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    color_scheme=scheme, viewport={"width": 1200, "height": 860}
                )
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith(base) else route.abort()
                    ),
                )
                page = context.new_page()
                page.goto(base + QUERY)
                page.wait_for_function(
                    "() => document.querySelector('[data-minutes-results]')"
                    ".getAttribute('data-minutes-search') === 'done'"
                )
                page.wait_for_timeout(1500)  # the counts beside the choices
                path = out / f"search-page-{scheme}.png"
                page.screenshot(path=str(path))
                print(path)
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
