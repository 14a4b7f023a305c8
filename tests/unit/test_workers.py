"""Who renders which page (``plugin/parallel.py``): the main process from the start of
the list, the workers from its end, each page exactly once, across forked processes."""

from __future__ import annotations

import os

import pytest

from mkdocs_minutes.plugin.parallel import _Claims


def test_the_main_process_and_a_worker_meet_in_the_middle() -> None:
    claims = _Claims(5)
    assert claims.by_worker() == 4
    assert claims.by_main(0) and claims.by_main(1)
    assert claims.by_worker() == 3
    assert claims.by_main(2)
    assert claims.by_worker() is None, "every page is claimed"
    assert not claims.by_main(3) and not claims.by_main(4), "the worker's pages"


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
