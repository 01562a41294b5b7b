"""What every fuzzed document must satisfy, and the corpus and mutations the fuzz tests draw from.

The invariant (DESIGN §3, "a document that cannot be parsed is quarantined with a reason; it never
yields silent zeros"), checked by :func:`check_document` for any bytes whatsoever:

* ``parse_document`` returns a ``ParseOutcome`` or raises ``Quarantined`` with a known reason —
  nothing else, and never ``parser_error`` (that reason means a parser crashed: a bug);
* it returns within ``PER_DOCUMENT_S`` seconds (a SIGALRM timer turns a hang into a failure);
* every observation has a quote, finite numbers, and each number it carries is printed in its quote
  (and that printed token is in the page): no figure — no zero in particular — that the page did
  not print.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import signal
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.decode import DecodeError, decode_bytes
from ingest.observations import PERIOD_KINDS, Observation
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo
from ingest.parsers.numbers import to_simplified
from ingest.parsers.registry import ParseOutcome, parse_document
from ingest.quarantine import REASONS, Quarantined
from ingest.settings import PROJECT_ROOT, SAMPLE_SITE_DIR

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "bulletins"
ALIASES = AliasTable.load(PROJECT_ROOT / "dbt_project" / "seeds" / "indicator_aliases.csv")
PER_DOCUMENT_S = 5.0  # a document taking longer counts as a hang (typical: 1–10 ms)

# The local soak profile (tests only read it): TARGETWATCH_RELIABILITY_SOAK=1 multiplies every fuzz
# example count by 20 (TARGETWATCH_FUZZ_SCALE=N by N), publishes after every month of the backfill and
# adds a killed-at-the-swap `targetwatch run` to the kill chain. The CI profile keeps the fuzzing near
# 30–40 s of CPU in all.
SOAK = os.environ.get("TARGETWATCH_RELIABILITY_SOAK") == "1"
SCALE = max(1, int(os.environ.get("TARGETWATCH_FUZZ_SCALE") or (20 if SOAK else 1)))


def corpus_paths() -> list[Path]:
    """Every real page of the sample site (releases, not list pages) and every bulletin fixture."""
    site = sorted(p for p in SAMPLE_SITE_DIR.rglob("*.html") if not p.name.startswith("index"))
    return site + sorted(FIXTURES.glob("*.html"))


CORPUS: list[bytes] = [p.read_bytes() for p in corpus_paths()]


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` in a parser can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"parsing took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_NUMBER_TOKEN = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def _numbers(text: str) -> dict[str, float]:
    found = {}
    for token in _NUMBER_TOKEN.findall(text):
        with contextlib.suppress(ValueError, OverflowError):
            found[token] = float(token.replace(",", ""))
    return found


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _printed(number: float, quote: str, page_text: str, *, growth: bool) -> bool:
    """``number`` is a figure the quote prints (and the page holds the printed token).

    A growth may be printed as a rate (下降2.1% → −2.1), a multiple (增长1.2倍 → +120), an index
    (上年同月=100 → 102.3 → +2.3) or as 持平 (0)."""
    if growth and number == 0 and "持平" in quote:
        return True
    for token, printed in _numbers(unicodedata.normalize("NFKC", quote)).items():
        candidates = [printed]
        if growth:
            candidates += [printed * 100, printed - 100, 100 - printed]
        if any(_close(abs(number), abs(c)) for c in candidates) and token.lstrip("-") in page_text:
            return True
    return False


@dataclass
class Verdict:
    quarantined: str | None  # the reason, or None when the document parsed
    observations: int


def check_figures(
    indicator_raw: str, value: float | None, unit: str | None, yoy_pct: float | None, quote: str, page_text: str
) -> None:
    """Each number an observation carries is finite and printed in its quote (and the page)."""
    assert quote and quote.strip(), f"observation of {indicator_raw!r} without a quote"
    for name, number in (("value", value), ("yoy_pct", yoy_pct)):
        if number is None:
            continue
        if name == "value" and unit == "done":  # a completed milestone (开通运营): 1.0 by definition
            assert number == 1.0, (indicator_raw, number)
            continue
        assert math.isfinite(number), f"{name}={number!r} is not finite ({quote!r})"
        assert _printed(number, quote, page_text, growth=name == "yoy_pct"), (
            f"{name}={number!r} of {indicator_raw!r} is not printed in its quote {quote!r}"
        )


def check_observation(obs: Observation, page_text: str) -> None:
    assert obs.period_kind in PERIOD_KINDS
    assert obs.period_start <= obs.period_end
    check_figures(obs.indicator_raw, obs.value, obs.unit, obs.yoy_pct, obs.quote, page_text)


def _page_text(content: bytes, content_type: str | None, hint: str) -> str:
    try:
        text = decode_bytes(content, content_type, hint).text
    except DecodeError:
        return ""
    return unicodedata.normalize("NFKC", to_simplified(text))  # parsers read full-width digits too


def check_document(content: bytes, parser: str = "auto", content_type: str | None = None, hint: str = "") -> Verdict:
    """Parse ``content`` under the invariant of this module; return what happened."""
    info = DocumentInfo("fuzz", "220100", "https://example.invalid/fuzz.html", hashlib.sha256(content).hexdigest())
    started = time.perf_counter()
    with time_limit(PER_DOCUMENT_S):
        try:
            outcome: ParseOutcome = parse_document(
                content, info, ALIASES, parser=parser, content_type=content_type, encoding_hint=hint
            )
        except Quarantined as exc:
            assert exc.reason in REASONS, exc.reason
            assert exc.reason != "parser_error", f"a parser crashed: {exc.message}"
            assert exc.message, "a quarantine without a message"
            return Verdict(exc.reason, 0)
    elapsed = time.perf_counter() - started
    assert elapsed < PER_DOCUMENT_S, elapsed
    page_text = _page_text(content, content_type, hint)
    for obs in outcome.observations:
        assert obs.document_sha256 == info.sha256
        check_observation(obs, page_text)
    return Verdict(None, len(outcome.observations))
