"""What `targetwatch run` shows while it works: one line per step, live counters, warnings — no debug noise.

Plain Python: the pipeline (orchestration/pipeline.py) translates Dagster's events and dbt's output into
calls on :class:`RunProgress`; this module decides what people see. On a terminal a counter is one line
rewritten in place; elsewhere (a log file, CI, a test) counters are printed as lines, at most every few
seconds, so a long crawl still shows it is alive.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

# dbt's progress lines: "12 of 78 OK created sql table model marts.targets ...... [OK in 0.1s]"
DBT_RESULT = re.compile(r"^\s*(?P<done>\d+) of (?P<total>\d+) (?P<result>OK|PASS|WARN|ERROR|FAIL|SKIP)\b(?P<rest>.*)$")
DBT_DONE = re.compile(r"^\s*Done\. (?P<summary>PASS=\d+.*)$")
# ingest progress messages: "crawled 14/300 sources", "parsed 25/40 documents"
COUNTER = re.compile(r"(?P<done>\d+)/(?P<total>\d+)")


def step_label(step_key: str) -> str:
    """A step of the nightly job, named for people."""
    return {
        "crawl_sources": "crawl sources",
        "parse_documents": "parse documents",
        "warehouse_models": "build the warehouse (dbt)",
        "quality_gate": "quality gate",
        "quality__anomalies": "anomalies table",
        "publish_mart": "publish",
    }.get(step_key, step_key.replace("__", "/"))


NOT_RUN = re.compile(r"^Dependencies for step (?P<step>\S+) (failed|were not executed)")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _n(metadata: Mapping[str, object], key: str) -> int:
    value = metadata.get(key)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def describe_materialization(asset: str, metadata: Mapping[str, object]) -> str | None:
    """A short account of what a step produced, from its asset metadata (None: nothing worth a line)."""
    if asset.startswith("ingest/raw/"):
        parts = [
            _plural(_n(metadata, "discovered"), "release") + " listed",
            f"{_n(metadata, 'fetched')} fetched",
            f"{_n(metadata, 'new_snapshots')} new",
        ]
        if _n(metadata, "not_modified"):
            parts.append(f"{_n(metadata, 'not_modified')} not modified")
        if _n(metadata, "failures"):
            parts.append(f"{_n(metadata, 'failures')} failed")
        return ", ".join(parts)
    if asset == "ingest/documents":
        text = (
            _plural(_n(metadata, "documents"), "document") + f" ({_n(metadata, 'parsed_now')} parsed now, "
            f"{_n(metadata, 'reused_from_cache')} unchanged)"
        )
        if _n(metadata, "quarantined"):
            text += f", {_n(metadata, 'quarantined')} quarantined"
        return text
    if asset == "ingest/observations":
        text = _plural(_n(metadata, "observations"), "figure")
        if _n(metadata, "synthetic_observations"):
            text += f" ({_n(metadata, 'synthetic_observations')} synthetic)"
        return text
    if asset == "publish/published_mart":
        statuses = ", ".join(
            f"{k.removeprefix('status_')} {v}" for k, v in sorted(metadata.items()) if k.startswith("status_")
        )
        return (
            f"{_n(metadata, 'targets')} targets ({statuses}), {_n(metadata, 'observations')} figures "
            f"from {_n(metadata, 'documents_used')} documents"
        )
    return None


@dataclass
class _Step:
    key: str
    label: str
    started: float
    details: list[str] = field(default_factory=list)
    warnings: int = 0
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    dbt_done: int = 0
    dbt_total: int = 0
    dbt_summary: str = ""
    last_counter_line: float = 0.0
    crawled: dict[str, int] = field(default_factory=dict)  # raw-documents totals of a step crawling many sources


class RunProgress:
    """Renders a run's progress for people.

    ``echo`` receives whole lines (kept in logs and tests). ``live``, when given (a terminal), shows the
    current counter on one line rewritten in place. ``every_s`` throttles counter lines without a terminal.
    """

    def __init__(
        self,
        echo: Callable[[str], None],
        *,
        live: TextIO | None = None,
        every_s: float = 5.0,
        max_warnings_per_step: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.echo = echo
        self.live = live
        self.every_s = every_s
        self.max_warnings = max_warnings_per_step
        self.clock = clock
        self.steps: dict[str, _Step] = {}
        self.current: _Step | None = None
        self._live_shown = False
        self._last_live = 0.0
        self.failed: list[str] = []
        self.nothing_new_message: str | None = None

    # ---- output ------------------------------------------------------------------------------------
    def _line(self, text: str) -> None:
        self._clear_live()
        self.echo(text)

    def _clear_live(self) -> None:
        if self.live is not None and self._live_shown:
            self.live.write("\r\x1b[K")
            self.live.flush()
            self._live_shown = False

    def _show_live(self, text: str, force: bool = False) -> None:
        assert self.live is not None
        now = self.clock()
        if not force and now - self._last_live < 0.1:
            return
        self._last_live = now
        self.live.write("\r\x1b[K" + text[:118])
        self.live.flush()
        self._live_shown = True

    def _step(self, key: str | None) -> _Step | None:
        if key is None:
            return self.current
        return self.steps.get(key)

    # ---- events ------------------------------------------------------------------------------------
    def step_started(self, key: str) -> None:
        step = _Step(key, step_label(key), self.clock())
        step.last_counter_line = step.started
        self.steps[key] = step
        self.current = step
        if self.live is not None:
            self._show_live(f"… {step.label}", force=True)
        else:
            self._line(f"… {step.label}")

    def counter(self, key: str | None, message: str) -> None:
        """A progress message with an 'n/m' counter from the step (crawl, parse)."""
        step = self._step(key)
        if step is None or not COUNTER.search(message):
            return
        prefix, sep, rest = message.partition(": ")
        if sep and prefix in step.label:  # "changchun_stats_releases: 3/38 …" under "crawl changchun_stats_releases"
            message = rest
        if self.live is not None:
            self._show_live(f"… {step.label}: {message}")
            return
        now = self.clock()
        if now - step.last_counter_line >= self.every_s:
            step.last_counter_line = now
            self._line(f"    {message}")

    def dbt_line(self, line: str) -> None:
        """One line of dbt's output (the pipeline passes them here instead of printing them)."""
        step = self.current
        if step is None:
            return
        match = DBT_RESULT.match(line)
        if match:
            step.dbt_done += 1
            step.dbt_total = int(match.group("total"))
            if match.group("result") in ("ERROR", "FAIL", "WARN"):
                self.warning(step.key, f"dbt {match.group('result')}: {' '.join(match.group('rest').split())}")
            self.counter(step.key, f"{step.dbt_done}/{step.dbt_total} dbt nodes")
            return
        done = DBT_DONE.match(line)
        if done:
            step.dbt_summary = "dbt " + done.group("summary").strip()

    def materialized(self, key: str | None, asset: str, metadata: Mapping[str, object]) -> None:
        step = self._step(key)
        if step is not None and asset.startswith("ingest/raw/"):
            step.crawled["sources"] = step.crawled.get("sources", 0) + 1
            for name in ("discovered", "fetched", "new_snapshots", "not_modified", "failures"):
                step.crawled[name] = step.crawled.get(name, 0) + _n(metadata, name)
            if step.crawled["sources"] > 1:
                return
        text = describe_materialization(asset, metadata)
        if step is not None and text:
            step.details.append(text)

    def check_evaluated(self, key: str | None, name: str, passed: bool, severity: str) -> None:
        step = self._step(key)
        if step is None:
            return
        if passed:
            step.checks_passed += 1
        else:
            step.checks_failed.append(f"{name} [{severity}]")

    def note(self, message: str) -> None:
        """A line outside any step, e.g. that the run waits for another one to finish."""
        self._line(f"  · {message.strip()}")

    def warning(self, key: str | None, message: str) -> None:
        step = self._step(key)
        first_line = message.strip().splitlines()[0] if message.strip() else message
        not_run = NOT_RUN.match(first_line)
        if not_run:  # Dagster's wording for steps after a failure: one short line each
            self._line(f"– {step_label(not_run.group('step'))} not run (an upstream step failed)")
            return
        if step is None:
            self._line(f"  ! {first_line}")
            return
        step.warnings += 1
        if step.warnings <= self.max_warnings:
            self._line(f"  ! {first_line}")

    def step_finished(self, key: str) -> None:
        step = self.steps.get(key) or _Step(key, step_label(key), self.clock())
        details = list(step.details)
        if step.crawled.get("sources", 0) > 1:  # one line for all sources, not one per source
            details = [
                f"{step.crawled['sources']} sources: " + describe_materialization("ingest/raw/*", step.crawled),
                *details[1:],
            ]
        if step.dbt_summary:
            details.append(step.dbt_summary)
        elif step.dbt_total:
            details.append(f"{step.dbt_done} dbt nodes")
        if (step.checks_passed or step.checks_failed) and not step.dbt_total:  # dbt's own summary covers its tests
            total = step.checks_passed + len(step.checks_failed)
            text = f"{total} checks, {step.checks_passed} passed"
            if step.checks_failed:
                text += f"; not passed: {', '.join(step.checks_failed)}"
            details.append(text)
        hidden = step.warnings - self.max_warnings
        if hidden > 0:
            details.append(f"{hidden} more warnings in the full log")
        seconds = self.clock() - step.started
        self._line(f"✓ {step.label}" + (f" — {'; '.join(details)}" if details else "") + f" ({seconds:.1f}s)")
        if self.current is step:
            self.current = None

    def step_failed(self, key: str, message: str) -> None:
        step = self.steps.get(key)
        label = step.label if step else step_label(key)
        self.failed.append(key)
        first = message.strip().splitlines()[0] if message.strip() else "failed"
        self._line(f"✗ {label} — {first}")

    def nothing_new(self, message: str) -> None:
        """The run has nothing new to publish: the steps after parsing are skipped, not failed."""
        self.nothing_new_message = message
        self._line(f"  · {message.strip()}")

    def step_skipped(self, key: str) -> None:
        if self.nothing_new_message:
            self._line(f"– {step_label(key)} skipped (nothing new)")
        else:
            self._line(f"– {step_label(key)} skipped (a blocking check failed upstream)")

    def close(self) -> None:
        self._clear_live()
