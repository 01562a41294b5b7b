"""What every face shares: opening the published mart read-only, the status vocabulary, number formats."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# One vocabulary everywhere (DESIGN §4), in the order people read it: done, fine, worry, behind, failed, unknown.
STATUS_ORDER = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
STATUS_LABELS = {
    "achieved": ("已完成", "Achieved"),
    "on_track": ("符合进度", "On track"),
    "at_risk": ("有风险", "At risk"),
    "off_track": ("落后", "Off track"),
    "missed": ("未完成", "Missed"),
    "no_data": ("无数据", "No data"),
}
# Terminal styles (rich) per status.
STATUS_STYLES = {
    "achieved": "bold green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "bold red",
    "missed": "red",
    "no_data": "dim",
}
COMPARATORS = {
    # comparator: (zh prefix, zh suffix, en wording)
    "at_least": ("", "以上", "at least"),
    "about": ("", "左右", "about"),
    "at_most": ("控制在", "以内", "at most"),
    "more_than": ("超过", "", "more than"),
    "reach": ("达到", "", "reach"),
    "strive": ("力争", "", "strive for"),
}
METRIC_LABELS = {
    "growth_pct": ("增速", "growth"),
    "level": ("总量", "level"),
    "count": ("数量", "count"),
    "share_pct": ("比重", "share"),
    "pp_change": ("百分点变化", "change in pp"),
    "relation": ("同步关系", "relation"),
    "milestone": ("里程碑", "milestone"),
}
LANGS = ("zh", "en")

NEXT_STEP = "run `targetwatch run` first (or point --home/--mart at a data directory that has one)"


class MartError(Exception):
    """The published mart cannot be read; the message says what to do next."""


@contextmanager
def open_mart(mart_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a published mart, or a :class:`MartError` that says what to do."""
    mart_path = Path(mart_path)
    if not mart_path.is_file():
        raise MartError(f"no published mart at {mart_path}: {NEXT_STEP}")
    try:
        conn = duckdb.connect(str(mart_path), read_only=True)
    except duckdb.Error as exc:
        raise MartError(f"cannot open the mart {mart_path}: {str(exc).splitlines()[0]}") from exc
    try:
        yield conn
    except duckdb.CatalogException as exc:
        raise MartError(
            f"the mart {mart_path} lacks a table or column this version reads ({str(exc).splitlines()[0]}); "
            "rerun `targetwatch run` to publish a current one"
        ) from exc
    except duckdb.BinderException as exc:
        raise MartError(
            f"the mart {mart_path} does not have the columns this version reads ({str(exc).splitlines()[0]}); "
            "rerun `targetwatch run` to publish a current one"
        ) from exc
    finally:
        conn.close()


def fetch_dicts(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    relation = conn.execute(sql, params or [])
    names = [d[0] for d in relation.description]
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def status_label(status: str | None, lang: str) -> str:
    zh, en = STATUS_LABELS.get(status or "", (status or "", status or ""))
    return zh if lang == "zh" else en


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def fmt_num(value: object, digits: int = 2) -> str:
    """A figure as people write it: at most ``digits`` decimals, no trailing zeros, no float noise."""
    if not is_number(value):
        return ""
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]
    return "0" if text in ("-0", "") else text


def fmt_pct(fraction: object, digits: int = 1) -> str:
    """0.9932 → '99.3%'."""
    return f"{float(fraction) * 100:.{digits}f}%" if is_number(fraction) else ""  # type: ignore[arg-type]


def fmt_pp(value: object) -> str:
    """A signed gap in percentage points: '+0.1 pp', '−1.1 pp'."""
    if not is_number(value):
        return ""
    number = round(float(value), 2)  # type: ignore[arg-type]
    sign = "+" if number > 0 else ("−" if number < 0 else "±")
    return f"{sign}{fmt_num(abs(number))} pp"


def with_unit(value: object, unit: str | None, lang: str = "en") -> str:
    """'2250 亿元' (en) / '2250亿元' (zh); '6.5%' in both."""
    text = fmt_num(value)
    if not text:
        return ""
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" or lang == "zh" else f"{text} {unit}"


def target_wording(comparator: str | None, value: object, unit: str | None, lang: str) -> str:
    """'6.5%以上' / 'at least 6.5%'; milestones (no value) read 'done' / '完成'."""
    if not is_number(value):
        return "完成" if lang == "zh" else "done"
    if lang != "zh" and unit in ("个百分点", "百分点"):
        unit = "pp"
    amount = with_unit(value, unit, lang)
    prefix, suffix, en = COMPARATORS.get(comparator or "", ("", "", comparator or ""))
    if lang == "zh":
        return f"{prefix}{amount}{suffix}"
    return f"{en} {amount}".strip()
