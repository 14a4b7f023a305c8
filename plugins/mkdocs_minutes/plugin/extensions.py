"""The Markdown extensions a site needs for notes, as the plugin adds them (``on_config``).

Material's emoji functions are given as the callables MkDocs would resolve from
``!!python/name:``, which is why this list lives in the plugin layer: the minutes
extension itself (``rendering/extension.py``) knows nothing of Material.
"""

from __future__ import annotations

from typing import Any

from ..rendering.extension import EXTENSION_NAME, RAW_HTML_MODES


def required_extensions(raw_html: str = "sanitize") -> dict[str, dict[str, Any]]:
    """Every Markdown extension notes need, by name, with its configuration.

    The plugin adds these to a site's ``markdown_extensions`` (keeping the site's own
    settings where it has them), so ``plugins: [minutes]`` alone renders notes fully.
    ``pymdownx.magiclink`` is left out on purpose: it doubles the cost of rendering; the
    minutes extension's own single-pattern linkify covers bare URLs.
    """
    if raw_html not in RAW_HTML_MODES:
        raise ValueError(f"raw_html must be one of {RAW_HTML_MODES}, not {raw_html!r}")
    from material.extensions.emoji import to_svg, twemoji

    return {
        "toc": {"permalink": True},
        "admonition": {},
        "attr_list": {},
        "tables": {},
        "pymdownx.details": {},
        "pymdownx.superfences": {},
        "pymdownx.tasklist": {"custom_checkbox": True},
        "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg},
        "pymdownx.tilde": {},
        "pymdownx.tabbed": {"alternate_style": True},
        EXTENSION_NAME: {"raw_html": raw_html},
    }
