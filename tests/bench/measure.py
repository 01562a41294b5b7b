"""Run a command and measure it: wall time, CPU time and peak memory of its whole process tree.

Peak memory is reported two ways: the largest single process (``ru_maxrss`` of the command and the
descendants it waited for, from ``wait4``), and the largest sum of RSS over the live process tree,
sampled from ``/proc`` every 100 ms (an upper bound: pages shared between processes count twice).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_EVERY_S = 0.1


@dataclass
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the command and every descendant it waited for
    max_rss_mb: float  # the largest single process
    peak_tree_rss_mb: float  # the largest sampled sum over the process tree
    returncode: int
    started_at: float  # time.time() when the command was launched
    output: str = field(repr=False, default="")

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("output")
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()}


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KB."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2 :].split()
        pid = int(entry.name)
        children[int(fields[1])].append(pid)
        rss[pid] = int(fields[21])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total * PAGE_KB


def run(cmd: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path | None = None) -> Measured:
    """Run ``cmd`` to completion; its output goes to ``log`` (and is kept in ``Measured.output``)."""
    log = log or Path(os.devnull)
    peak = 0
    started_at = time.time()
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(list(cmd), env=dict(env), cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kb(proc.pid))
                done.wait(SAMPLE_EVERY_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    output = "" if log == Path(os.devnull) else log.read_text(encoding="utf-8", errors="replace")
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        peak_tree_rss_mb=peak / 1024,
        returncode=proc.returncode,
        started_at=started_at,
        output=output,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
