"""Work shared out to forked processes as it goes, from both ends of a list.

The build has stretches where one core works and the others wait: drawing the generated
pages, rendering them. :class:`Claims` lets the main process take jobs from the start of
a list while forked workers take them from its end, each job done by whoever reaches it
first, so all finish together whatever each job costs. :class:`SharedJobs` runs a list
of jobs that way, the workers' results coming back pickled. POSIX only (``fork``); no
MkDocs import.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import multiprocessing
import os
import pickle
import struct
import tempfile
from collections.abc import Callable
from typing import Any


def return_free_memory() -> None:
    """Give the memory the allocator holds free back to the system (glibc's
    ``malloc_trim``; elsewhere nothing).

    A forked process starts with every page of its parent resident, the free ones too:
    the heap the parent freed after drawing the pages (about 100 MB at 1,000 meetings)
    stays mapped until it is reused, and the child, which never reuses most of it,
    counted it as its own resident memory. The build's own process calls it once, at the
    end of ``on_files``, before it forks the session writer: the writer then starts
    from 233 MB instead of 284 at 1,000 meetings, and rendering, which reuses freed
    memory only where it fits, ends the build at 285 MB instead of 322."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError, ImportError):  # not glibc
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


def settle_forked() -> None:
    """First thing in a forked process: leave what it was forked with to the garbage
    collector's permanent generation (``gc.freeze``).

    A child's full collections would otherwise walk every object of its parent, some
    million at 1,000 meetings (0.2 to 0.5 s each in the render worker and the session
    writer), and walking them writes to each one, so the child copies the pages it
    shares with its parent. What the child makes itself is collected as usual."""
    gc.freeze()


def fork(work: Callable[[], bool]) -> int | None:
    """Run ``work`` in a forked process, which exits with success when it returns true
    (:func:`reap` tells); the process's id, or None where there is no ``fork`` or no
    process left (the caller then does the work itself). Nothing the process does escapes
    it, and what it was forked with goes to the permanent generation (:func:`settle_forked`)."""
    try:
        pid = os.fork() if hasattr(os, "fork") else None
    except OSError:
        return None
    if pid == 0:  # the worker: nothing may escape it
        code = 1
        try:
            settle_forked()
            code = 0 if work() else 1
        finally:
            os._exit(code)
    return pid


def reap(pid: int) -> bool:
    """Wait for a process :func:`fork` started: whether its work succeeded."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0


def run_elsewhere(work: Callable[[], object]) -> Callable[[], bool]:
    """Start ``work`` in a forked process (its result is dropped: it writes a file); the
    function returned waits for it and tells whether it succeeded. Where there is no
    ``fork``, or no process left, ``work`` has run when this returns."""

    def done() -> bool:
        work()
        return True

    pid = fork(done)
    if pid is None:
        work()
        return lambda: True
    return lambda: reap(pid)


class Claims:
    """Who does which job: the main process claims from the start of the list, the
    workers from its end; a job belongs to whoever claims it first. Two counters in
    memory shared across the fork (the first job the main process has not claimed, the
    last job no worker has), changed under a lock shared likewise."""

    def __init__(self, jobs: int) -> None:
        self._lock = multiprocessing.get_context("fork").Lock()
        self._shared = mmap.mmap(-1, 16)  # MAP_SHARED: the workers see the same bytes
        self._set(0, jobs)

    def _get(self) -> tuple[int, int]:
        return struct.unpack_from("<qq", self._shared)  # type: ignore[return-value]

    def _set(self, head: int, tail: int) -> None:
        struct.pack_into("<qq", self._shared, 0, head, tail)

    def by_main(self, position: int) -> bool:
        """Claim the job at ``position`` for the main process, which reaches the jobs in
        order: True unless a worker has claimed it already."""
        with self._lock:
            head, tail = self._get()
            if position >= tail:
                return False
            self._set(max(head, position + 1), tail)
            return True

    def stop(self) -> None:
        """Leave every job not claimed yet to the main process (a build that failed)."""
        with self._lock:
            _, tail = self._get()
            self._set(tail, tail)  # no worker claims past the main process now

    def by_worker(self) -> int | None:
        """Claim the last job nobody has claimed for a worker; None when none is left."""
        with self._lock:
            head, tail = self._get()
            if tail <= head:
                return None
            self._set(head, tail - 1)
            return tail - 1


class SharedJobs:
    """``count`` jobs done by the main process (:meth:`mine`, in order) and by ``workers``
    forked processes, each of which runs ``work(position)`` on the jobs it claims from the
    end and writes the pickled results to a file of its own: a pipe would stop a worker
    whenever the main process, busy with its own jobs, does not read. :meth:`results`
    waits for the workers and gives what they did; a job a worker failed on is missing
    there, and the caller does it itself."""

    def __init__(self, count: int, work: Callable[[int], Any], workers: int) -> None:
        self.claims = Claims(count)
        self._work = work
        self._children: list[tuple[int, Any]] = []
        for _ in range(workers):
            output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by results()
            try:
                pid = os.fork()
            except OSError:  # no memory or process left: fewer workers, or none
                output.close()
                break
            if pid == 0:  # a worker: nothing may escape it
                code = 1
                try:
                    settle_forked()
                    self._run(output)
                    code = 0
                finally:
                    os._exit(code)
            self._children.append((pid, output))

    def _run(self, output: Any) -> None:
        while (position := self.claims.by_worker()) is not None:
            try:
                body = pickle.dumps(self._work(position), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # the main process does it again
                continue
            output.write(struct.pack("<QQ", position, len(body)) + body)
        output.flush()

    @classmethod
    def start(cls, count: int, work: Callable[[int], Any], workers: int) -> SharedJobs | None:
        """:class:`SharedJobs`, or None where processes cannot share a lock (no
        ``fork``, or no POSIX semaphores: some sandboxes): the caller does every job."""
        if workers < 1 or not hasattr(os, "fork"):
            return None
        try:
            return cls(count, work, workers)
        except (OSError, ImportError):
            return None

    @classmethod
    def run(
        cls, count: int, work: Callable[[int], Any], workers: int
    ) -> tuple[dict[int, Any], set[int]]:
        """Every job: this process does its share in order while the workers do theirs
        (all of them here when no worker can be forked); the results by position, and the
        positions done here. A job a worker failed on is missing: the caller does it."""
        shared = cls.start(count, work, workers)
        done: dict[int, Any] = {}
        mine: set[int] = set()
        try:
            for position in range(count):
                if shared is None or shared.mine(position):
                    done[position] = work(position)
                    mine.add(position)
        except BaseException:
            if shared is not None:
                shared.close()  # no worker left behind by a job that failed
            raise
        if shared is not None:
            done.update(shared.results())
        return done, mine

    def close(self) -> None:
        """Stop the workers claiming and reap them, their results dropped (a failure)."""
        self.claims.stop()
        self.results()

    def mine(self, position: int) -> bool:
        """Whether the main process does the job at ``position`` (reached in order)."""
        return self.claims.by_main(position)

    def results(self) -> dict[int, Any]:
        """Wait for the workers: their results by job position."""
        found: dict[int, Any] = {}
        for pid, output in self._children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            with output:
                output.seek(0)
                while len(header := output.read(16)) == 16:
                    position, size = struct.unpack("<QQ", header)
                    body = output.read(size)
                    if len(body) < size:
                        break  # a worker that died half-way: the rest is done here
                    found[position] = pickle.loads(body)
        self._children = []
        return found
