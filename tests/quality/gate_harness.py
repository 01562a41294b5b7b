"""The pipeline's stages as plain functions, for planting anomalies in copies of the sample site.

Faster than a Dagster run per mutation, and it exercises the same code: the ingest functions, `dbt
build`, the quality checks (``expectations.runner``) and the publish step. One test in
test_gate_mutations.py runs the real Dagster job to prove the blocking is wired there too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from expectations.publish import Publication, PublishBlocked
from expectations.runner import CheckOutcome, run_all, write_outcomes
from ingest.crawl import CrawlState, crawl_source
from ingest.http import Fetcher, build_session
from ingest.parse_snapshots import parse_snapshots
from ingest.settings import SAMPLE_SITE_DIR, Settings, load_settings
from ingest.snapshots import SnapshotStore
from ingest.sources import load_sources
from orchestration.publishing import publish_home

TODAY = "2026-11-27"


@dataclass
class GateResult:
    dbt_failures: set[str] = field(default_factory=set)  # generic test names of failing dbt tests
    errors: set[str] = field(default_factory=set)  # failing ERROR checks of the quality gate
    warnings: set[str] = field(default_factory=set)  # failing WARN checks
    outcomes: list[CheckOutcome] = field(default_factory=list)
    publication: Publication | None = None
    blocked: PublishBlocked | None = None

    @property
    def failed_checks(self) -> set[str]:
        return self.dbt_failures | self.errors


def copy_site(target: Path) -> Path:
    shutil.copytree(SAMPLE_SITE_DIR, target)
    return target


def settings_for(home: Path, site: Path) -> Settings:
    return load_settings(
        {
            "TARGETWATCH_HOME": str(home),
            "TARGETWATCH_SITE": str(site),
            "TARGETWATCH_TODAY": TODAY,
            "TARGETWATCH_FETCH_DELAY": "0",
        }
    )


def ingest(settings: Settings) -> None:
    sources = load_sources(settings.sources_file)
    session = build_session(settings.user_agent, settings.site_root)
    store = SnapshotStore(settings.raw_dir)
    for source in sources:
        fetcher = Fetcher(session, (source.root_url(settings.site_root),), delay_s=0)
        state = CrawlState(settings.state_dir / f"crawl_state_{source.id}.json")
        crawl_source(source, settings.site_root, fetcher, store, state)
    parse_snapshots(store, sources, settings.aliases_file, settings.observations_dir, settings.quarantine_dir)


def dbt_build(settings: Settings) -> set[str]:
    target = settings.home / "dbt_target"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--project-dir",
            str(settings.dbt_project_dir),
            "--profiles-dir",
            str(settings.dbt_project_dir),
            "--target-path",
            str(target),
        ],
        env={**os.environ, **settings.dbt_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    results = json.loads((target / "run_results.json").read_text())
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    failed = [r["unique_id"] for r in results["results"] if r["status"] in ("fail", "error")]
    not_tests = [u for u in failed if not u.startswith("test.")]
    if not_tests:
        raise AssertionError(f"dbt models failed (not a test): {not_tests}\n{result.stdout[-3000:]}")
    return {(nodes[u].get("test_metadata") or {}).get("name", nodes[u]["name"]) for u in failed}


def run_gate(settings: Settings, with_gx: bool = False) -> GateResult:
    """ingest → dbt build → quality checks → publish, stopping where the real job would."""
    ingest(settings)
    gate = GateResult(dbt_failures=dbt_build(settings))
    if gate.dbt_failures:
        return gate  # dbt build failed: the job stops before the quality gate and the publish
    gate.outcomes = run_all(settings.warehouse_path, settings.raw_dir, settings.effective_today(), with_gx=with_gx)
    import datetime as dt

    write_outcomes(gate.outcomes, settings.quality_dir, dt.datetime.now(dt.UTC))
    gate.errors = {o.name for o in gate.outcomes if o.severity == "ERROR" and not o.passed}
    gate.warnings = {o.name for o in gate.outcomes if o.severity == "WARN" and not o.passed}
    try:
        gate.publication = publish_home(settings, run_id=None)
    except PublishBlocked as exc:
        gate.blocked = exc
    return gate


# ---- editing pages of a site copy ---------------------------------------------------------------
def page_titled(site: Path, title: str) -> Path:
    """The release whose <h1> is ``title`` (pages may be GBK: compare decoded text)."""
    from ingest.decode import decode_bytes

    for path in sorted(site.rglob("t*.html")):
        if f"<h1>{title}</h1>" in decode_bytes(path.read_bytes()).text:
            return path
    raise AssertionError(f"no page titled {title!r} in {site}")


def edit_page(path: Path, edit) -> None:
    from ingest.decode import decode_bytes

    decoded = decode_bytes(path.read_bytes())
    changed = edit(decoded.text)
    assert changed != decoded.text, f"the edit changed nothing in {path.name}"
    path.write_bytes(changed.encode(decoded.encoding))


def set_table_cell(html: str, row_label: str, column: int, value: str) -> str:
    """Replace cell ``column`` (0 = label) of the table row whose label starts with ``row_label``."""
    pattern = re.compile(r"<tr><td>" + re.escape(row_label) + r"[^<]*</td>(?:<td>[^<]*</td>)*</tr>")
    match = pattern.search(html)
    assert match, f"no row {row_label!r}"
    cells = re.findall(r"<td>([^<]*)</td>", match.group(0))
    cells[column] = value
    row = "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    return html[: match.start()] + row + html[match.end() :]


def table_cell(html: str, row_label: str, column: int) -> str:
    match = re.search(r"<tr><td>" + re.escape(row_label) + r"[^<]*</td>(?:<td>[^<]*</td>)*</tr>", html)
    assert match, f"no row {row_label!r}"
    return re.findall(r"<td>([^<]*)</td>", match.group(0))[column]


def unlink_release(site: Path, page: Path) -> None:
    """Delete a release and its link from every list page."""
    name = page.name
    for listing in page.parent.parent.glob("index*.html"):
        text = listing.read_text(encoding="utf-8")
        kept = "\n".join(line for line in text.splitlines() if name not in line)
        listing.write_text(kept + "\n", encoding="utf-8")
    page.unlink()


def add_release(site: Path, column: str, name: str, html: str, encoding: str = "utf-8") -> Path:
    """Add a release page and link it from the column's first list page."""
    folder = site / column / name[1:7]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(html.encode(encoding))
    listing = site / column / "index.html"
    text = listing.read_text(encoding="utf-8")
    link = f'<li><a href="./{name[1:7]}/{name}">added</a></li>'
    listing.write_text(text.replace("</ul>", link + "\n</ul>", 1), encoding="utf-8")
    return path
