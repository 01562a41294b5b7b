"""``python -m tests.bench [--sizes 30,100,300] [--repeat 3] [--out bench-results]`` (what ``make bench`` runs).

Order of work (each `targetwatch run` is a fresh process, as the nightly job is):

1. the machine, and the cost of starting things: the interpreter, the imports of a run, GX, dbt;
2. the sample site: one run with no bytecode cache (a first run after install), then — with Python's
   bytecode cached, as on any machine after the first run — a warm-up run and ``--repeat`` cold runs
   (each in a fresh data directory), then ``--repeat`` reruns with nothing new;
3. generated sites of ``--sizes`` regions (seeded, in a temporary directory, generation not timed): one cold
   run each; the largest also gets a rerun with nothing new, the floors and the analyst queries.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import floors, queries
from tests.bench.measure import Measured, median, run
from tests.bench.stages import STAGES, run_id_from_output, stages

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TODAY = "2026-11-27"  # the test suite's "today": every sample and generated release is in the past
SEED = 20240  # the sample site's seed (ingest.sitegen's default)
GOALS = {
    "noop_share_of_cold": 0.25,
    "parse_vs_floor": 0.5,
    "dbt_vs_sql": 2.0,
    "scale_wall_s": 600.0,
    "scale_peak_mb": 2048.0,
    "query_p95_ms": 100.0,
}


# ---- environment ------------------------------------------------------------------------------
def base_env(pycache: Path | None) -> dict[str, str]:
    """The environment of every measured process: no TARGETWATCH_* from the caller, a fixed "today",
    and Python's bytecode cache under ``pycache`` (None: no cache at all, every import compiles)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TARGETWATCH_", "DAGSTER_", "PYTHONPYCACHE"))}
    env.update({"TARGETWATCH_TODAY": TODAY, "DO_NOT_TRACK": "1"})
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="tw-bench-nopyc-")  # empty: nothing cached
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def machine() -> dict:
    info: dict = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    with contextlib.suppress(AttributeError):  # not on Linux
        info["available_cores"] = len(os.sched_getaffinity(0))
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        info["cpu"] = models[0] if models else None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_total_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    info["bytecode_in_venv"] = any((BIN.parent / "lib").glob("python3*/site-packages/dagster/__pycache__"))
    versions = {}
    for package in (
        "dagster",
        "dagster-dbt",
        "dbt-core",
        "dbt-duckdb",
        "duckdb",
        "great-expectations",
        "pyarrow",
        "lxml",
    ):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            continue
    info["versions"] = versions
    return info


# ---- measured pieces ------------------------------------------------------------------------------
def startup_costs(env: dict[str, str], repeat: int) -> dict:
    """Seconds to start things a run starts (each a fresh process, median of ``repeat``)."""
    python = str(BIN / "python")
    commands = {
        "python_start": [python, "-c", "pass"],
        "run_imports": [
            python,
            "-c",
            "import orchestration.cli.main, orchestration.pipeline, orchestration.definitions",
        ],
        "great_expectations_import": [python, "-c", "import great_expectations"],
        "dbt_start": [str(BIN / "dbt"), "--version"],
    }
    costs = {}
    for name, cmd in commands.items():
        costs[name] = round(median([run(cmd, env, PROJECT_ROOT).wall_s for _ in range(repeat)]), 3)
    return costs


def pipeline_run(home: Path, env: dict[str, str], site: Path | None, sources: Path | None, log: Path) -> dict:
    """One `targetwatch run` in its own process: wall, CPU, memory, stages, what it produced."""
    run_env = dict(env)
    if sources is not None:
        run_env["TARGETWATCH_SOURCES"] = str(sources)
    cmd = [str(BIN / "targetwatch"), "run", "--home", str(home)]
    if site is not None:
        cmd += ["--site", str(site)]
    measured: Measured = run(cmd, run_env, PROJECT_ROOT, log)
    if measured.returncode != 0:
        raise RuntimeError(f"targetwatch run failed (rc {measured.returncode}), see {log}:\n{measured.output[-3000:]}")
    run_id = run_id_from_output(measured.output)
    result = measured.as_dict()
    result["nothing_new"] = "nothing new" in measured.output
    result["stages"] = stages(home, run_id, measured.started_at, measured.wall_s) if run_id else {}
    result["run_id"] = run_id
    return result


def mart_counts(home: Path) -> dict:
    import duckdb

    conn = duckdb.connect(str(home / "published" / "targetwatch.duckdb"), read_only=True)
    try:
        return {
            "documents": conn.execute("select count(*) from documents").fetchone()[0],
            "observations": conn.execute("select count(*) from observations").fetchone()[0],
            "targets": conn.execute("select count(*) from target_status_latest").fetchone()[0],
            "publications": conn.execute("select count(*) from publications").fetchone()[0],
        }
    finally:
        conn.close()


def mart_identity(home: Path) -> tuple[int, int]:
    stat = (home / "published" / "targetwatch.duckdb").stat()
    return stat.st_ino, stat.st_mtime_ns


def generate_site(out: Path, regions: int, env: dict[str, str]) -> dict:
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "python"),
            "-m",
            "ingest.sitegen",
            "--out",
            str(out),
            "--regions",
            str(regions),
            "--seed",
            str(SEED),
        ],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    return {
        "regions": regions,
        "generate_s": round(time.perf_counter() - started, 2),
        "sources": (out / "sources.toml").read_text(encoding="utf-8").count("[[source]]"),
    }


def per_region_catalogs(targets_csv: Path, catalogs_dir: Path) -> int:
    """The generated catalog, one CSV per region in ``<home>/catalogs/`` (as regions are onboarded)."""
    with targets_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        by_region: dict[str, list[dict]] = {}
        for row in reader:
            by_region.setdefault(row["region_code"], []).append(row)
    catalogs_dir.mkdir(parents=True, exist_ok=True)
    for region, rows in by_region.items():
        with (catalogs_dir / f"{region}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return len(by_region)


# ---- the whole bench ---------------------------------------------------------------------------------
def bench(args: argparse.Namespace) -> dict:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tw-bench-"))
    pycache = out / "pycache"
    warm = base_env(pycache)
    results: dict = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "args": vars(args),
        "goals": GOALS,
    }
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    try:
        # ---- sample site -------------------------------------------------------------------------
        if not args.skip_uncached:
            say("sample site: a cold run without any bytecode cache (a first run after install) …")
            results["sample_no_bytecode_cache"] = pipeline_run(
                work / "uncached", base_env(None), None, None, work / "uncached.log"
            )
        say("sample site: warming Python's bytecode cache …")
        pipeline_run(work / "warmup", warm, None, None, work / "warmup.log")
        results["startup_costs"] = startup_costs(warm, args.repeat)
        cold = []
        for i in range(args.repeat):
            say(f"sample site: cold run {i + 1}/{args.repeat} …")
            cold.append(pipeline_run(work / f"sample-{i}", warm, None, None, work / f"sample-{i}.log"))
        home = work / f"sample-{args.repeat - 1}"
        before = (mart_identity(home), mart_counts(home))
        noop = []
        for i in range(args.repeat):
            say(f"sample site: rerun with nothing new {i + 1}/{args.repeat} …")
            noop.append(pipeline_run(home, warm, None, None, work / f"sample-noop-{i}.log"))
        after = (mart_identity(home), mart_counts(home))
        results["sample"] = {
            "counts": before[1],
            "cold": cold,
            "noop": noop,
            "noop_left_mart_untouched": before == after and all(r["nothing_new"] for r in noop),
        }
        # ---- generated sites -------------------------------------------------------------------------
        scale = []
        sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
        for regions in sizes:
            site = work / f"site-{regions}"
            say(f"scale: generating {regions} regions …")
            generated = generate_site(site, regions, warm)
            home = work / f"scale-{regions}"
            generated["catalogs"] = per_region_catalogs(site / "targets.csv", home / "catalogs")
            say(f"scale: cold run on {regions} regions …")
            entry = {
                **generated,
                "cold": pipeline_run(home, warm, site, site / "sources.toml", work / f"scale-{regions}.log"),
            }
            entry["counts"] = mart_counts(home)
            if regions == sizes[-1]:
                say(f"scale: rerun with nothing new on {regions} regions …")
                entry["noop"] = pipeline_run(
                    home, warm, site, site / "sources.toml", work / f"scale-{regions}-noop.log"
                )
                results["floors"] = measure_floors(home, site, warm, args)
                say("scale: analyst queries …")
                results["queries"] = queries.query_latency(
                    home / "published" / "targetwatch.duckdb",
                    PROJECT_ROOT / "docs" / "analyst-guide.md",
                    args.query_repeat,
                )
            scale.append(entry)
            if not args.keep:
                shutil.rmtree(site, ignore_errors=True)
                if regions != sizes[-1]:
                    shutil.rmtree(home, ignore_errors=True)
        results["scale"] = scale
    finally:
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        if args.keep:
            say(f"kept the work directory: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return results


def measure_floors(home: Path, site: Path, env: dict[str, str], args: argparse.Namespace) -> dict:
    from ingest.settings import load_settings

    settings = load_settings(
        {
            **env,
            "TARGETWATCH_HOME": str(home),
            "TARGETWATCH_SITE": str(site),
            "TARGETWATCH_SOURCES": str(site / "sources.toml"),
        }
    )
    print("floors: parsing, bare loop vs our parsers …", file=sys.stderr, flush=True)
    parse = floors.parse_floor(settings.raw_dir, settings.aliases_file, args.parse_sample, args.repeat)
    print("floors: the models' SQL in DuckDB vs dbt run …", file=sys.stderr, flush=True)
    sql = floors.sql_floor(home, home.parent / "sql-floor", args.repeat)
    dbt_env = {**env, **settings.dbt_env()}
    dbt = floors.dbt_run(home, home.parent / "dbt-run", dbt_env, settings.dbt_project_dir, args.repeat)
    return {
        "parse": parse,
        "sql": sql,
        "dbt_run": dbt,
        "dbt_run_vs_sql": round(dbt["wall_s"] / sql["models_s"], 2) if sql["models_s"] else None,
        "dbt_first_run_vs_sql": round(dbt["first_run_wall_s"] / sql["models_s"], 2) if sql["models_s"] else None,
        "dbt_run_execution_vs_sql": round(dbt["dbt_elapsed_s"] / sql["models_s"], 2) if sql["models_s"] else None,
    }


# ---- the table -------------------------------------------------------------------------------------
def summarise(results: dict) -> dict:
    """The figures the goals are about, with their floors."""
    sample = results["sample"]
    cold_wall = median([r["wall_s"] for r in sample["cold"]])
    noop_wall = median([r["wall_s"] for r in sample["noop"]])
    startup = results["startup_costs"]
    summary = {
        "sample_cold_wall_s": round(cold_wall, 2),
        "sample_cold_stages_s": {
            s: round(median([r["stages"].get(s, 0.0) for r in sample["cold"]]), 2) for s in STAGES
        },
        "sample_cold_peak_tree_rss_mb": round(median([r["peak_tree_rss_mb"] for r in sample["cold"]]), 1),
        "sample_cold_max_rss_mb": round(median([r["max_rss_mb"] for r in sample["cold"]]), 1),
        "sample_noop_wall_s": round(noop_wall, 2),
        "noop_share_of_cold": round(noop_wall / cold_wall, 3),
        "startup_share_of_cold": round(
            (
                startup["python_start"]
                + startup["run_imports"]
                + startup["great_expectations_import"]
                + startup["dbt_start"]
            )
            / cold_wall,
            3,
        ),
    }
    if "sample_no_bytecode_cache" in results:
        summary["sample_cold_no_bytecode_cache_wall_s"] = results["sample_no_bytecode_cache"]["wall_s"]
    if results.get("scale"):
        largest = results["scale"][-1]
        summary["scale_regions"] = largest["regions"]
        summary["scale_wall_s"] = largest["cold"]["wall_s"]
        summary["scale_peak_tree_rss_mb"] = largest["cold"]["peak_tree_rss_mb"]
        summary["scale_max_rss_mb"] = largest["cold"]["max_rss_mb"]
        if "noop" in largest:
            summary["scale_noop_wall_s"] = largest["noop"]["wall_s"]
    if "floors" in results:
        summary["parse_vs_floor"] = results["floors"]["parse"]["throughput_vs_floor"]
        summary["dbt_run_vs_sql"] = results["floors"]["dbt_run_vs_sql"]
        summary["dbt_first_run_vs_sql"] = results["floors"]["dbt_first_run_vs_sql"]
    if "queries" in results:
        summary["query_p50_ms"] = results["queries"]["all_p50_ms"]
        summary["query_p95_ms"] = results["queries"]["all_p95_ms"]
        summary["worst_query_p95_ms"] = results["queries"]["worst_query_p95_ms"]
    return summary


def print_table(results: dict) -> None:
    s = results["summary"]
    rows = [
        (
            "cold run, sample site (median)",
            f"{s['sample_cold_wall_s']:.1f} s",
            f"startup share {s['startup_share_of_cold']:.0%} (python+imports+GX+dbt start-up)",
        )
    ]
    rows.append(("  by stage", ", ".join(f"{k} {v:.1f}" for k, v in s["sample_cold_stages_s"].items()), ""))
    rows.append(
        (
            "  peak memory (tree / largest process)",
            f"{s['sample_cold_peak_tree_rss_mb']:.0f} / {s['sample_cold_max_rss_mb']:.0f} MB",
            "",
        )
    )
    if "sample_cold_no_bytecode_cache_wall_s" in s:
        rows.append(
            (
                "cold run, no bytecode cache",
                f"{s['sample_cold_no_bytecode_cache_wall_s']:.1f} s",
                "first run after install",
            )
        )
    rows.append(
        (
            "rerun with nothing new (median)",
            f"{s['sample_noop_wall_s']:.1f} s",
            f"{s['noop_share_of_cold']:.0%} of cold (goal ≤ 25%)",
        )
    )
    for entry in results.get("scale", []):
        c = entry["cold"]
        rows.append(
            (
                f"scale {entry['regions']} regions: {entry['counts']['documents']} docs, "
                f"{entry['counts']['observations']} figures",
                f"{c['wall_s']:.1f} s",
                f"peak {c['peak_tree_rss_mb']:.0f} MB tree / {c['max_rss_mb']:.0f} MB process; "
                + ", ".join(f"{k} {v:.1f}" for k, v in c["stages"].items()),
            )
        )
        if "noop" in entry:
            rows.append(
                (f"  rerun with nothing new ({entry['regions']} regions)", f"{entry['noop']['wall_s']:.1f} s", "")
            )
    if "floors" in results:
        f = results["floors"]
        rows.append(
            (
                "parse: ours vs bare lxml/regex floor",
                f"{f['parse']['ours_docs_per_s']:.0f} vs {f['parse']['floor_docs_per_s']:.0f} docs/s",
                f"{f['parse']['throughput_vs_floor']:.0%} of floor (goal ≥ 50%)",
            )
        )
        rows.append(
            (
                "  by layout (each document alone)",
                "",
                ", ".join(
                    f"{name} ×{v['documents']}: {v['throughput_vs_floor']:.0%}"
                    for name, v in f["parse"].get("by_layout", {}).items()
                ),
            )
        )
        rows.append(
            (
                "transform: dbt run vs the same SQL in DuckDB",
                f"{f['dbt_run']['wall_s']:.1f} vs {f['sql']['models_s']:.1f} s",
                f"{f['dbt_run_vs_sql']:.2f}× (goal ≤ 2×); in a new data directory (dbt parses the project "
                f"again) {f['dbt_run']['first_run_wall_s']:.1f} s = {f['dbt_first_run_vs_sql']:.2f}×",
            )
        )
    if "queries" in results:
        q = results["queries"]
        rows.append(
            (
                "analyst queries at scale",
                f"p50 {q['all_p50_ms']:.1f} ms, p95 {q['all_p95_ms']:.1f} ms",
                f"worst query p95 {q['worst_query_p95_ms']:.1f} ms (goal < 100 ms)",
            )
        )
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<22} {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,100,300", help="regions of the generated sites (default 30,100,300)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the sample runs and floors (median)")
    parser.add_argument("--query-repeat", type=int, default=20, help="runs of each analyst query")
    parser.add_argument("--parse-sample", type=int, default=1500, help="documents in the parse floor comparison")
    parser.add_argument("--out", default=str(PROJECT_ROOT / "bench-results"), help="where the JSON goes")
    parser.add_argument("--skip-uncached", action="store_true", help="skip the run without bytecode cache")
    parser.add_argument("--keep", action="store_true", help="keep the temporary sites and data directories")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = bench(args)
    results["summary"] = summarise(results)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    text = json.dumps(results, indent=1, ensure_ascii=False)
    (out / f"bench-{stamp}.json").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    print_table(results)
    print(f"\nJSON: {out / f'bench-{stamp}.json'} (and latest.json); bench took {results['bench_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
