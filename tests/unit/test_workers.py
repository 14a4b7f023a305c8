"""Who renders which page (``plugin/parallel.py``): the main process from the start of
the list, the workers from its end, each page exactly once, across forked processes."""

from __future__ import annotations

import os

import pytest

from mkdocs_minutes.workers import Claims as _Claims


def test_the_main_process_and_a_worker_meet_in_the_middle() -> None:
    claims = _Claims(5)
    assert claims.by_worker() == 4
    assert claims.by_main(0) and claims.by_main(1)
    assert claims.by_worker() == 3
    assert claims.by_main(2)
    assert claims.by_worker() is None, "every page is claimed"
    assert not claims.by_main(3) and not claims.by_main(4), "the worker's pages"


def test_stopped_claims_leave_every_job_left_to_the_main_process() -> None:
    """A failed build stops the workers: they claim nothing more."""
    claims = _Claims(6)
    assert claims.by_worker() == 5 and claims.by_main(0)
    claims.stop()
    assert claims.by_worker() is None
    assert claims.by_main(3), "an unclaimed job is the main process's"


def test_a_page_the_main_process_skips_is_left_to_it() -> None:
    """The main process may reach a later page first (one MkDocs does not render is never
    asked for): the pages before it are the main process's, never a worker's."""
    claims = _Claims(4)
    assert claims.by_main(2)
    assert claims.by_worker() == 3
    assert claims.by_worker() is None
    assert claims.by_main(1) is True


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_workers_in_other_processes_claim_each_page_once() -> None:
    pages = 3000
    claims = _Claims(pages)
    pipes = []
    for _ in range(3):
        read_fd, write_fd = os.pipe()
        if os.fork() == 0:  # a worker
            os.close(read_fd)
            taken = []
            while (position := claims.by_worker()) is not None:
                taken.append(position)
            os.write(write_fd, ",".join(map(str, taken)).encode() or b"-")
            os._exit(0)
        os.close(write_fd)
        pipes.append(read_fd)
    mine = [p for p in range(pages) if claims.by_main(p)]
    theirs = []
    for read_fd in pipes:
        with os.fdopen(read_fd, "rb") as stream:
            text = stream.read().decode()
        theirs += [int(p) for p in text.split(",") if p not in ("", "-")]
        os.wait()
    assert sorted(mine + theirs) == list(range(pages)), "each page claimed exactly once"
    assert mine == list(range(len(mine))), "the main process's pages are the first ones"


def _archive_notes(count: int) -> list:
    from mkdocs_minutes.notes import parse_note

    notes = []
    for day in range(count):
        date = f"2024-{1 + day // 28:02}-{1 + day % 28:02}"
        text = (
            f"# Community call {date}\n\n## Attendees\n\n"
            f"* Ana Lima / Org / @ana\n* Ben Ode / Uni / @bode{day % 5}\n\n"
            f"## Quick updates\n\n* Ana: released {day} \u2014 see #1{day % 7}\n"
            f"* Ben: reviewed \u2728 {day}\n\n"
            f"## Agenda\n\n### Federation {day} [Ana - 5 mins]\n\n- point {day}\n\n"
            f"## Action items\n\n- [ ] Ana: write the post\n"
        )
        notes.append(parse_note(f"community/{date}.md", text.encode(), default_repo="org/repo"))
    return notes


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_pages_drawn_by_a_worker_are_the_pages_drawn_here(forked: list[int]) -> None:
    """A cold build draws pages in a forked worker too: the same Markdown for every page,
    the same links recorded (each target with the same first page linking it), and a memo
    with which the next build draws nothing again. With a compact memo (``mkdocs build``)
    the pages are handed over compressed, never held all at once as text."""
    from mkdocs_minutes.archive import Archive
    from mkdocs_minutes.pages.site import PagesMemo, build_site_pages, unpacked

    def texts(pages: dict[str, str | bytes]) -> dict[str, str]:
        return {src: unpacked(markdown) for src, markdown in pages.items()}

    notes = _archive_notes(60)
    archive = Archive.build(notes)

    def site(workers: int, memo: PagesMemo) -> object:
        return build_site_pages(
            archive,
            notes,
            notes_dir="meetings",
            existing=set(),
            site_has_index=False,
            memo=memo,
            workers=workers,
        )

    alone = site(0, PagesMemo())
    memo = PagesMemo()
    memo.compact = True
    shared = site(1, memo)
    assert len(forked) == 1
    assert texts(shared.pages) == texts(alone.pages)
    assert texts(shared.rewrites) == texts(alone.rewrites)
    assert shared.links.targets == alone.links.targets
    # The pages the memo keeps (meetings, people, topics, actions); indexes and issue
    # pages are drawn as text.
    kept = [src for src in shared.pages if not src.startswith("refs/") and "index" not in src]
    assert len(kept) > 60 and all(isinstance(shared.pages[src], bytes) for src in kept)
    assert all(isinstance(m, str) for m in alone.pages.values())
    assert shared.markdown_of(next(iter(shared.pages))) == next(iter(alone.pages.values()))
    again = site(1, memo)
    assert memo.drawn == 0 and texts(again.pages) == texts(alone.pages)
    # and the memo's pages, read back, stay compressed
    assert all(isinstance(again.pages[src], bytes) for src in kept)


def test_jobs_are_all_done_here_when_no_worker_can_be_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A system out of processes or memory (``fork`` fails): the main process does every
    job; where processes cannot share a lock, no workers are started at all."""
    from mkdocs_minutes import workers

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    shared = workers.SharedJobs.start(10, lambda i: i, workers=2)
    assert shared is not None
    assert all(shared.mine(i) for i in range(10)) and shared.results() == {}

    def no_lock(self: object, jobs: int) -> None:
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(workers.Claims, "__init__", no_lock)
    assert workers.SharedJobs.start(10, lambda i: i, workers=2) is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_a_page_that_fails_to_draw_leaves_no_worker_behind(
    monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """A template error in the main process stops the workers and reaps them."""
    from mkdocs_minutes.archive import Archive
    from mkdocs_minutes.pages.site import build_site_pages

    notes = _archive_notes(60)
    archive = Archive.build(notes)

    def broken(*args: object) -> str:
        raise RuntimeError("a template error")

    monkeypatch.setattr("mkdocs_minutes.pages.site.meeting_markdown", broken)
    with pytest.raises(RuntimeError, match="a template error"):
        build_site_pages(
            archive, notes, notes_dir="meetings", existing=set(), site_has_index=False, workers=1
        )
    assert forked
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("compact", [False, True], ids=["serve", "build"])
def test_parts_of_a_kept_page_are_kept_only_under_serve(compact: bool) -> None:
    """A person page's and a meeting page's parts (templates drawn inside a page the memo
    keeps whole) are kept for ``serve``'s next edit, not in a ``mkdocs build``'s memo,
    which is kept for the next process; the pages are the same either way."""
    from mkdocs_minutes.archive import Archive
    from mkdocs_minutes.pages.site import PagesMemo, build_site_pages, unpacked

    notes = _archive_notes(8)
    archive = Archive.build(notes)
    memo = PagesMemo()
    memo.compact = compact
    site = build_site_pages(
        archive, notes, notes_dir="meetings", existing=set(), site_has_index=False, memo=memo
    )
    plain = build_site_pages(
        archive, notes, notes_dir="meetings", existing=set(), site_has_index=False
    )
    assert {src: unpacked(md) for src, md in site.pages.items()} == plain.pages
    templates = {template for template, _ in memo._drawn}
    parts = {"minutes/person.html#markdown", "minutes/meeting-header.html"}
    assert {"person", "meeting", "minutes/people.html#markdown"} <= templates
    assert not parts & templates if compact else parts <= templates


def test_a_cleared_memo_draws_again_and_keeps_its_compactness() -> None:
    from mkdocs_minutes.pages.site import PagesMemo

    memo = PagesMemo()
    memo.compact = memo.feeds.compact = True
    kept = memo.put(("person", "people/x.md"), ("inputs",), "# X\n", set())
    assert isinstance(kept, bytes)
    assert memo.get(("person", "people/x.md"), ("inputs",)) is not None
    memo.clear()
    assert memo.get(("person", "people/x.md"), ("inputs",)) is None
    assert memo.compact and memo.feeds.compact


def test_returning_free_memory_in_a_process_keeps_its_objects() -> None:
    from mkdocs_minutes.workers import return_free_memory

    kept = ["x" * 10_000 for _ in range(100)]
    del kept[::2]
    return_free_memory()
    assert kept == ["x" * 10_000] * 50


@pytest.mark.parametrize(("command", "trims"), [("build", 3), ("serve", 0)])
def test_a_build_gives_free_memory_back_every_so_many_pages(
    monkeypatch: pytest.MonkeyPatch, command: str, trims: int
) -> None:
    """``mkdocs build`` trims its heap every ``TRIM_EVERY`` pages it renders or writes;
    ``serve`` keeps its heap for the next rebuild."""
    import mkdocs_minutes.plugin as plugin_module

    calls: list[int] = []
    monkeypatch.setattr(plugin_module, "return_free_memory", lambda: calls.append(1))
    plugin = plugin_module.MinutesPlugin()
    plugin.command = command
    for _ in range(3 * plugin_module.TRIM_EVERY + plugin_module.TRIM_EVERY // 2):
        plugin._trim_heap_now_and_then()
    assert len(calls) == trims


def test_work_run_elsewhere_writes_its_file_and_says_so(tmp_path, forked: list[int]) -> None:
    import gc

    from mkdocs_minutes.workers import run_elsewhere

    target = tmp_path / "out.json"
    done = run_elsewhere(lambda: target.write_text(str(gc.get_freeze_count()), encoding="utf-8"))
    assert done() is True
    assert len(forked) == 1
    # The child left what it was forked with to gc's permanent generation.
    assert int(target.read_text(encoding="utf-8")) > 0 and gc.get_freeze_count() == 0

    def fails() -> None:
        raise OSError("disk full")

    assert run_elsewhere(fails)() is False  # the caller then does the work itself


def test_work_runs_here_where_no_process_can_be_forked(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_minutes.workers import run_elsewhere

    def no_fork() -> int:
        raise OSError("no process left")

    monkeypatch.setattr(os, "fork", no_fork)
    ran: list[int] = []
    done = run_elsewhere(lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()] and done() is True
