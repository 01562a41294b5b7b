"""Floors: the same work without our machinery, measured on the same inputs in the same run.

* Parsing: a bare loop — decode (UTF-8, else GB18030), ``lxml`` parse, every table row's label and
  numbers, every paragraph's "增长/下降 x%" clauses — against ``parse_document`` (encoding detection,
  layout detection, periods, units, aliases, provenance, quarantine) plus building the Arrow table, both
  in one process over the same documents, already in memory.
* Transformation: the compiled SQL of every dbt model (``compiled_code`` in the manifest the pipeline's
  dbt build wrote), executed in dependency order in one DuckDB connection — against ``dbt run`` of the
  same models, as a nightly run runs it (dbt reuses its parse of the project) and as the first run in
  a new data directory does (dbt parses the project again). Seeds are inputs, copied, not timed;
  tests' SQL is timed separately against the dbt build of the pipeline run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from lxml import etree

from tests.bench.measure import median

if TYPE_CHECKING:
    from ingest.parsers.registry import ParseOutcome
    from ingest.snapshots import Snapshot

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_GROWTH = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:同比)?(增长|下降)(-?\d+(?:\.\d+)?)%")
_HTML = etree.HTMLParser(remove_comments=True, no_network=True)


def bare_parse(content: bytes) -> list[tuple]:
    """The floor: the figures of a page with nothing but lxml and two regular expressions."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("gb18030", "replace")
    root = etree.fromstring(text, _HTML)
    title = root.find(".//title")
    label = "".join(title.itertext()) if title is not None else ""
    figures: list[tuple] = [("title", label)]
    for row in root.iter("tr"):
        cells = ["".join(cell.itertext()).strip() for cell in row if cell.tag in ("td", "th")]
        if len(cells) >= 2:
            numbers = [float(c) for c in cells[1:] if _NUMBER.fullmatch(c)]
            if numbers:
                figures.append((cells[0], *numbers))
    for paragraph in root.iter("p"):
        for match in _GROWTH.finditer("".join(paragraph.itertext())):
            figures.append((match.group(1), float(match.group(3))))
    return figures


def _time(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    seconds, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = fn()
        seconds.append(time.perf_counter() - started)
    return median(seconds), count


def _by_layout(documents: list[tuple[Snapshot, bytes]], parse_one: Callable, repeat: int) -> dict[str, dict]:
    """``parse_document`` (no Arrow conversion) vs the floor per layout, each document timed alone (its
    fastest of ``repeat``): which layouts cost more than the floor, and by how much."""
    from ingest.quarantine import Quarantined

    layouts: dict[str, dict] = {}
    for snapshot, content in documents:
        ours_s = floor_s = float("inf")
        layout = "quarantined"
        for _ in range(repeat):
            started = time.perf_counter()
            with contextlib.suppress(Quarantined):
                layout = parse_one(snapshot, content).layout
            ours_s = min(ours_s, time.perf_counter() - started)
            started = time.perf_counter()
            bare_parse(content)
            floor_s = min(floor_s, time.perf_counter() - started)
        entry = layouts.setdefault(layout, {"documents": 0, "ours_s": 0.0, "floor_s": 0.0})
        entry["documents"] += 1
        entry["ours_s"] += ours_s
        entry["floor_s"] += floor_s
    for entry in layouts.values():
        entry["throughput_vs_floor"] = round(entry["floor_s"] / entry["ours_s"], 3)
        entry["ours_s"], entry["floor_s"] = round(entry["ours_s"], 3), round(entry["floor_s"], 3)
    return dict(sorted(layouts.items(), key=lambda item: -item[1]["documents"]))


def parse_floor(raw_dir: Path, aliases_file: Path, sample: int, repeat: int) -> dict:
    """Documents per second: bare loop vs our parsers, on up to ``sample`` documents (every k-th)."""
    from ingest.memory import collection_paused
    from ingest.observations import Observation, to_table
    from ingest.parse_snapshots import CHUNK_DOCUMENTS
    from ingest.parsers.aliases import AliasTable
    from ingest.parsers.base import DocumentInfo
    from ingest.parsers.registry import parse_document
    from ingest.quarantine import Quarantined
    from ingest.snapshots import SnapshotStore

    snapshots = [s for s in SnapshotStore(raw_dir).all() if s.sidecar.parser != "list"]
    step = max(1, len(snapshots) // sample)
    chosen = snapshots[::step][:sample]
    documents = [(s, s.path.read_bytes()) for s in chosen]
    aliases = AliasTable.load(aliases_file)

    def parse_one(snapshot: Snapshot, content: bytes) -> ParseOutcome:
        sidecar = snapshot.sidecar
        info = DocumentInfo(
            sidecar.source_id, "000000", sidecar.url, snapshot.sha256, dt.datetime.fromisoformat(sidecar.fetched_at)
        )
        return parse_document(
            content,
            info,
            aliases,
            parser=sidecar.parser,
            content_type=sidecar.headers.get("content-type"),
            encoding_hint=sidecar.encoding_hint,
        )

    def ours() -> int:  # the pipeline's loop (ingest.parse_snapshots._parse_chunk) on documents in memory
        figures = 0
        for start in range(0, len(documents), CHUNK_DOCUMENTS):
            batch: list[Observation] = []
            with collection_paused():
                for snapshot, content in documents[start : start + CHUNK_DOCUMENTS]:
                    try:
                        batch.extend(parse_one(snapshot, content).observations)
                    except Quarantined:
                        continue
                figures += to_table(batch).num_rows if batch else 0
                batch.clear()
        return figures

    def floor() -> int:
        return sum(len(bare_parse(content)) for _, content in documents)

    ours()  # warm-up: the first call pays lazy imports (pandas, via pyarrow)
    ours_s, ours_figures = _time(ours, repeat)
    floor_s, floor_figures = _time(floor, repeat)
    n = len(documents)
    by_layout = _by_layout(documents, parse_one, repeat)
    return {
        "documents": n,
        "of_documents": len(snapshots),
        "ours_s": round(ours_s, 3),
        "floor_s": round(floor_s, 3),
        "ours_docs_per_s": round(n / ours_s, 1),
        "floor_docs_per_s": round(n / floor_s, 1),
        "ours_figures": ours_figures,
        "floor_rows": floor_figures,
        "throughput_vs_floor": round(floor_s / ours_s, 3),
        "by_layout": by_layout,
    }


def _ordered(manifest: dict, kind: str) -> list[dict]:
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == kind}
    done: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        for parent in manifest["nodes"].get(key, {}).get("depends_on", {}).get("nodes", []):
            if parent in nodes:
                visit(parent)
        done.append(key)

    for key in sorted(nodes):
        visit(key)
    return [nodes[k] for k in done]


def sql_floor(home: Path, scratch: Path, repeat: int) -> dict:
    """The dbt models' compiled SQL (and the tests' SQL) run directly in DuckDB, into a fresh file."""
    manifest = json.loads((home / "dbt_target" / "manifest.json").read_text(encoding="utf-8"))
    models = _ordered(manifest, "model")
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n.get("compiled_code")]
    model_times, test_times = [], []
    for _ in range(repeat):
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir(parents=True)
        conn = duckdb.connect(str(scratch / "warehouse.duckdb"))  # the catalog dbt's SQL names: "warehouse"
        try:
            conn.execute(f"attach '{home / 'warehouse.duckdb'}' as source (read_only)")
            conn.execute("create schema seeds")
            for (table,) in conn.execute(
                "select table_name from duckdb_tables() where database_name = 'source' and schema_name = 'seeds'"
            ).fetchall():
                conn.execute(f'create table seeds."{table}" as from source.seeds."{table}"')
            conn.execute("detach source")
            started = time.perf_counter()
            for node in models:
                schema = node["schema"]
                conn.execute(f'create schema if not exists "{schema}"')
                kind = "view" if node["config"]["materialized"] == "view" else "table"
                conn.execute(f"create {kind} {node['relation_name']} as {node['compiled_code']}")
            model_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            for node in tests:
                conn.execute(f"select count(*) from ({node['compiled_code']}) as t").fetchone()
            test_times.append(time.perf_counter() - started)
        finally:
            conn.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        "models": len(models),
        "tests": len(tests),
        "models_s": round(median(model_times), 3),
        "tests_s": round(median(test_times), 3),
    }


def _dbt_run_once(project_dir: Path, target: Path, logs: Path, env: Mapping[str, str]) -> tuple[float, float, bool]:
    """(wall, dbt's own elapsed time, whether dbt re-parsed the whole project) of one ``dbt run``."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    started = time.perf_counter()
    result = subprocess.run(
        [
            dbt,
            "run",
            "--quiet",
            "--project-dir",
            str(project_dir),
            "--profiles-dir",
            str(project_dir),
            "--target-path",
            str(target),
            "--log-path",
            str(logs),
        ],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"dbt run failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    elapsed = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["elapsed_time"]
    log = (logs / "dbt.log").read_text(encoding="utf-8", errors="replace")
    full_parse = "Unable to do partial parsing" in log.rsplit("Running with dbt=", 1)[-1]
    return wall, elapsed, full_parse


def dbt_run(home: Path, scratch: Path, env: Mapping[str, str], project_dir: Path, repeat: int) -> dict:
    """``dbt run`` of the same models, two ways:

    * **nightly**: in the data directory, as the next nightly run runs it (its warehouse, its
      ``dbt_target``): dbt reuses its parse of the project (partial parsing).
    * **first run in a data directory**: on a copy of the warehouse and of ``dbt_target`` under
      ``scratch``: the warehouse path in the profile differs, so dbt parses the whole project again, as
      the first run in a new data directory does.
    """
    nightly = [_dbt_run_once(project_dir, home / "dbt_target", scratch / "logs-nightly", env) for _ in range(repeat)]
    first = []
    for _ in range(repeat):
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir(parents=True)
        shutil.copy2(home / "warehouse.duckdb", scratch / "warehouse.duckdb")
        shutil.copytree(home / "dbt_target", scratch / "dbt_target")
        run_env = {**env, "TARGETWATCH_WAREHOUSE_PATH": str(scratch / "warehouse.duckdb")}
        first.append(_dbt_run_once(project_dir, scratch / "dbt_target", scratch / "logs", run_env))
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        "wall_s": round(median([r[0] for r in nightly]), 3),
        "dbt_elapsed_s": round(median([r[1] for r in nightly]), 3),
        "full_parse": any(r[2] for r in nightly),
        "first_run_wall_s": round(median([r[0] for r in first]), 3),
        "first_run_dbt_elapsed_s": round(median([r[1] for r in first]), 3),
        "first_run_full_parse": all(r[2] for r in first),
    }
