"""The theme's compiled templates, kept in memory from one ``mkdocs serve`` build to the next.

MkDocs makes a new Jinja environment for every build, and each build compiles the
theme's templates again: Material's ``main.html`` with its partials, ``404.html`` and
``sitemap.xml``, about 30 templates and 0.15 s of every rebuild after an edit (measured
at 1,000 meetings). Jinja's bytecode cache is the documented way to skip that: it keys a
template by name and checks it against a checksum of its source, so an edited override
in ``custom_dir`` compiles again and an unchanged one is loaded as it was compiled. What
else changes the compiled code (the environment's extensions and syntax options, an
``mkdocs.yml`` edited during the session) selects a cache of its own.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

MAX_TEMPLATES = 500
"""A theme has a few dozen templates; this bounds what a long session could collect."""


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by Jinja's bucket key, for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            # Jinja drops the bytecode itself when the checksum is not the source's.
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if len(self.compiled) >= MAX_TEMPLATES and bucket.key not in self.compiled:
            self.compiled.clear()
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.compiled.clear()


class ThemeBytecode:
    """One :class:`MemoryBytecodeCache` per kind of environment the session has built with."""

    def __init__(self) -> None:
        self.caches: dict[tuple, MemoryBytecodeCache] = {}

    def attach(self, env: jinja2.Environment) -> None:
        """Give ``env`` the compiled templates of the environments like it (none when it
        has a bytecode cache of its own)."""
        if env.bytecode_cache is not None:
            return
        kind = _compiler_settings(env)
        if kind not in self.caches:
            if len(self.caches) >= 4:
                self.caches.clear()
            self.caches[kind] = MemoryBytecodeCache()
        env.bytecode_cache = self.caches[kind]


def _compiler_settings(env: jinja2.Environment) -> tuple:
    """What makes Jinja compile one template source to different code."""
    return (
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        repr(env.autoescape) if not callable(env.autoescape) else env.autoescape.__qualname__,
        env.finalize is not None,
    )
