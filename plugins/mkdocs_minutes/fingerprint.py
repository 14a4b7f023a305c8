"""What the plugin's caches are keyed by, besides the content they hold.

A cache entry made by one version of the code must never be read by another: a parsed
note or a page from before a parser fix would hide the fix. :func:`code_digest` is a hash
of the package's own source (Python modules and templates), so any change to the code,
released or not, starts every cache afresh. No MkDocs import.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

CACHE_FORMAT = 1
"""Raised when what a cache file holds changes shape without the code changing."""


def package_version() -> str:
    """The installed distribution's version (``0`` when running from a source tree)."""
    try:
        return metadata.version("mkdocs-minutes")
    except metadata.PackageNotFoundError:  # pragma: no cover - not installed
        return "0"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the version and of every source file of the package (code, templates)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CACHE_FORMAT}:{package_version()}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_of(*parts: object) -> str:
    """A short stable hash of some values (their ``repr``, which must be stable)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()
