"""One pipeline run at a time per data directory: an advisory file lock (``<home>/.run.lock``).

A second run (a UI rerun during the nightly, two terminals) waits for the first instead of failing
or interleaving writes; it gives up with a clear error after ``timeout_s``. The lock is released by
the kernel when the holder dies, so a killed run never leaves it stuck.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLockTimeout(TimeoutError):
    pass


@contextmanager
def run_lock(path: Path, timeout_s: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced and on_wait:
                    holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another run"
                    on_wait(f"waiting for {holder} to finish (lock {path})")
                    announced = True
                if time.monotonic() >= deadline:
                    raise RunLockTimeout(
                        f"another targetwatch run still holds {path} after {timeout_s:.0f}s; "
                        "let it finish, or raise TARGETWATCH_LOCK_TIMEOUT"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
