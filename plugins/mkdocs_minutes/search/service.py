"""A small synchronous client for Pagefind's indexing service (``pagefind --service``).

The ``pagefind`` Python package ships the binary and an asyncio wrapper, but the wrapper
reads one response per 100 ms poll: the 1,500 pages of a 1,000-meeting archive would take
two and a half minutes. This client speaks the same protocol (base64-encoded JSON
messages, each ended by a comma, on the binary's stdin and stdout), sends requests
without waiting and reads responses on a thread, so a whole archive indexes in seconds.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any


class PagefindError(RuntimeError):
    """Pagefind is missing, died, or refused a request."""


def pagefind_executable() -> Path | None:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH``, the ``pagefind_bin`` wheel, or PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


class PagefindService:
    """One ``pagefind --service`` process; use as a context manager.

    Requests are pipelined: ``add_*`` return at once, :meth:`write` waits until every
    earlier request is answered and raises the first error Pagefind reported.
    """

    def __init__(self, executable: Path | None = None, env: dict[str, str] | None = None) -> None:
        binary = executable or pagefind_executable()
        if binary is None:
            raise PagefindError(
                "the Pagefind binary is not installed (pip install 'pagefind[bin]')"
            )
        environment = {**(env or {}), **os.environ} if env else None
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
        self._next_id = 0
        self._pending: set[int] = set()
        self._awaited: set[int] = set()
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._closed = False
        self._lock = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="pagefind-service", daemon=True)
        self._reader.start()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests ---------------------------------------------------------------------------

    def new_index(self, config: dict[str, Any]) -> int:
        """Create an in-memory index (``force_language``, ``exclude_selectors``, ...)."""
        answer = self._call({"type": "NewIndex", "config": config})
        return int(answer["index_id"])

    def add_html(self, index_id: int, content: str, url: str) -> None:
        """Index an HTML page under ``url`` (Pagefind reads its body, title and ignores)."""
        self._send(
            {
                "type": "AddFile",
                "index_id": index_id,
                "url": url,
                "file_contents": content,
                "file_path": None,
            }
        )

    def wait_until(self, pending: int) -> None:
        """Wait until at most ``pending`` requests are unanswered: the service reads every
        request it is sent into memory at once, so a long run of pages is fed in steps."""
        self._flush()
        with self._lock:
            self._lock.wait_for(lambda: len(self._pending) <= pending or self._closed)
            if len(self._pending) > pending:
                raise PagefindError(self._failure())

    def write(self, index_id: int, output_path: Path) -> None:
        """Wait for every request, then write the bundle (``pagefind.js``, chunks)."""
        self._wait_all()
        self._call({"type": "WriteFiles", "index_id": index_id, "output_path": str(output_path)})

    def peak_mb(self) -> float | None:
        """The process's largest resident size so far (``VmHWM``), where Linux tells it."""
        try:
            status = Path(f"/proc/{self._process.pid}/status").read_text(encoding="ascii")
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def close(self) -> None:
        """End the process (it exits when its stdin closes)."""
        if self._process.poll() is None:
            try:
                if self._process.stdin:
                    self._process.stdin.close()
                self._process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._release()

    def kill(self) -> None:
        """Stop the process at once, abandoning its work."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._release()

    def _release(self) -> None:
        self._reader.join(timeout=5)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError):
                    stream.close()

    # -- protocol ---------------------------------------------------------------------------

    def _send(self, payload: dict[str, Any], *, awaited: bool = False) -> int:
        with self._lock:
            if self._closed:
                raise PagefindError(self._failure())
            self._next_id += 1
            message_id = self._next_id
            self._pending.add(message_id)
            if awaited:
                self._awaited.add(message_id)
        data = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(base64.b64encode(data) + b",")
        except (BrokenPipeError, OSError) as error:
            raise PagefindError(f"Pagefind stopped: {error}") from error
        return message_id

    def _call(self, payload: dict[str, Any]) -> dict[str, Any]:
        message_id = self._send(payload, awaited=True)
        self._flush()
        with self._lock:
            self._lock.wait_for(lambda: message_id in self._answers or self._closed)
            if message_id not in self._answers:
                raise PagefindError(self._failure())
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise PagefindError(f"Pagefind: {answer.get('message')}")
        return answer

    def _wait_all(self) -> None:
        self._flush()
        with self._lock:
            self._lock.wait_for(lambda: not self._pending or self._closed)
            if self._pending:
                raise PagefindError(self._failure())
            if self._errors:
                raise PagefindError(f"Pagefind: {self._errors[0]}")

    def _flush(self) -> None:
        try:
            assert self._process.stdin is not None
            self._process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise PagefindError(f"Pagefind stopped: {error}") from error

    def _failure(self) -> str:
        code = self._process.poll()
        return f"Pagefind stopped (exit status {code})" if code else "Pagefind stopped"

    def _read(self) -> None:
        """Reader thread: split stdout at commas, decode, file answers by message id."""
        stream = self._process.stdout
        assert stream is not None
        buffer = b""
        try:
            while chunk := stream.read1(1 << 16):
                buffer += chunk
                *messages, buffer = buffer.split(b",")
                for message in messages:
                    self._file(json.loads(base64.b64decode(message)))
        except (OSError, ValueError) as error:
            with self._lock:
                self._errors.append(f"unreadable answer: {error}")
        finally:
            with self._lock:
                self._closed = True
                self._lock.notify_all()

    def _file(self, response: dict[str, Any]) -> None:
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        if message_id is None and payload.get("original_message"):
            message_id = json.loads(payload["original_message"]).get("message_id")
        with self._lock:
            if message_id in self._awaited:
                self._awaited.discard(message_id)
                self._answers[message_id] = payload
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            self._pending.discard(message_id)
            self._lock.notify_all()
