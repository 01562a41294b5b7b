"""``targetwatch parse``: a bulletin → observations, for debugging a new layout."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import click

from ingest.http import Fetcher, FetchError, build_session
from ingest.observations import Observation
from ingest.parsers.aliases import AliasTable
from ingest.parsers.base import DocumentInfo
from ingest.parsers.registry import PARSERS, ParseOutcome, parse_document
from ingest.quarantine import Quarantined
from ingest.settings import DBT_PROJECT_DIR, DEFAULT_USER_AGENT

DEFAULT_ALIASES = DBT_PROJECT_DIR / "seeds" / "indicator_aliases.csv"
FIELDS = list(Observation._fields)
_URL_SCHEMES = ("http", "https", "file")


@dataclasses.dataclass(frozen=True)
class _Raw:
    name: str  # as given on the command line
    url: str
    content: bytes
    content_type: str | None
    fetched_at: dt.datetime | None


def _is_url(text: str) -> bool:
    return urlparse(text).scheme in _URL_SCHEMES


def _read(document: str, timeout: float) -> _Raw:
    if not _is_url(document):
        path = Path(document)
        return _Raw(document, path.resolve().as_uri(), path.read_bytes(), None, None)
    # Fetch exactly this URL once: the fetcher refuses anything else (redirects off it included).
    fetcher = Fetcher(
        build_session(DEFAULT_USER_AGENT, document), allowed_roots=(document,), timeout=(10.0, timeout), delay_s=0.0
    )
    result = fetcher.get(document)
    return _Raw(document, result.final_url, result.content, result.headers.get("content-type"), result.fetched_at)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else value


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _observation_dict(observation: Observation) -> dict[str, Any]:
    return {k: _json_value(v) for k, v in observation._asdict().items()}


def _summary(name: str, outcome: ParseOutcome) -> str:
    unknown = f"; unknown indicators: {'、'.join(outcome.unknown_indicators)}" if outcome.unknown_indicators else ""
    return (
        f"{name}: {outcome.layout}, {outcome.title!r}, released {outcome.release_date or '?'}, "
        f"{outcome.encoding}, {len(outcome.observations)} observations{unknown}"
    )


@click.command("parse")
@click.argument("documents", nargs=-1, required=True, metavar="FILE_OR_URL...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="CSV: one row per observation on stdout, notes on stderr. JSON: one object per document.",
)
@click.option("--source-id", default="cli", show_default=True, help="source_id written into the observations.")
@click.option("--region-code", default="220100", show_default=True, help="Region of the documents (220100 = 长春市).")
@click.option(
    "--parser",
    "parser_name",
    type=click.Choice(["auto", *PARSERS]),
    default="auto",
    show_default=True,
    help="Layout parser; auto detects it from the title and structure.",
)
@click.option(
    "--aliases",
    "aliases_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_ALIASES,
    show_default="dbt_project/seeds/indicator_aliases.csv",
    help="Indicator alias table (indicators.csv beside it marks milestones).",
)
@click.option(
    "--encoding",
    "encoding_hint",
    default="",
    metavar="NAME",
    help="Encoding to try when a page declares none (e.g. gbk).",
)
@click.option("--timeout", default=30.0, show_default=True, help="Read timeout in seconds for URLs.")
@click.option("-q", "--quiet", is_flag=True, help="CSV: no per-document notes or warnings on stderr.")
def parse_command(
    documents: tuple[str, ...],
    output_format: str,
    source_id: str,
    region_code: str,
    parser_name: str,
    aliases_path: Path,
    encoding_hint: str,
    timeout: float,
    quiet: bool,
) -> None:
    """Parse bulletin pages (local files or URLs) and print their observations.

    Each document is decoded, checked (error page, truncation, mojibake), matched to a layout
    (monthly_table, prose, quarterly_gdp, communique, work_report_review) and parsed. A document that
    cannot be read is quarantined: its reason and message are printed instead, and the exit code is 1.
    A URL is fetched once, and only that URL.

    \b
    Examples:
      targetwatch parse data/raw/changchun_stats_releases/2024-04-19/*.html
      targetwatch parse --format json --parser prose page.html
      targetwatch parse https://tjj.changchun.gov.cn/tjsj/202404/t20240419_900002.html
    """
    for document in documents:
        if not _is_url(document) and not Path(document).is_file():
            raise click.BadParameter(
                f"{document!r} is neither a file nor an http(s)/file URL", param_hint="FILE_OR_URL"
            )
    try:
        aliases = AliasTable.load(aliases_path)
    except (OSError, KeyError, ValueError) as exc:
        raise click.ClickException(f"cannot read the alias table {aliases_path}: {exc}") from exc
    failed = False
    reports: list[dict[str, Any]] = []
    writer: csv.DictWriter[str] | None = None
    if output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
    for document in documents:
        try:
            raw = _read(document, timeout)
        except (FetchError, OSError) as exc:
            failed = True
            reports.append({"document": document, "status": "fetch_failed", "message": str(exc)})
            click.echo(f"{document}: not fetched: {exc}", err=True)
            continue
        info = DocumentInfo(source_id, region_code, raw.url, hashlib.sha256(raw.content).hexdigest(), raw.fetched_at)
        try:
            outcome = parse_document(
                raw.content,
                info,
                aliases,
                parser=parser_name,
                content_type=raw.content_type,
                encoding_hint=encoding_hint,
            )
        except Quarantined as exc:
            failed = True
            reports.append(
                {"document": document, "status": "quarantined", "reason": exc.reason, "message": exc.message}
            )
            click.echo(f"{document}: quarantined: {exc.reason}: {exc.message}", err=True)
            continue
        if writer is not None:
            for observation in outcome.observations:
                writer.writerow({k: _cell(v) for k, v in observation._asdict().items()})
            if not quiet:
                click.echo(_summary(document, outcome), err=True)
                for warning in outcome.warnings:
                    click.echo(f"  note: {warning}", err=True)
        reports.append({
            "document": document, "status": "parsed", "layout": outcome.layout, "title": outcome.title,
            "release_date": _json_value(outcome.release_date), "encoding": outcome.encoding,
            "is_synthetic": outcome.is_synthetic, "unknown_indicators": outcome.unknown_indicators,
            "warnings": outcome.warnings, "observations": [_observation_dict(o) for o in outcome.observations],
        })  # fmt: skip
    if output_format == "json":
        click.echo(json.dumps({"documents": reports}, ensure_ascii=False, indent=2))
    if failed:
        click.get_current_context().exit(1)
