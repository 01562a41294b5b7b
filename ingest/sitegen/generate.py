"""Load inputs (scenarios) / process (truth → documents) / save outputs (the site and its manifest)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ingest.sitegen.build import build_truth
from ingest.sitegen.changchun import changchun_scenario
from ingest.sitegen.scale import sources_toml, target_rows, targets_csv
from ingest.sitegen.scenario import Scenario
from ingest.sitegen.site import Summary, expected_figures_csv, write_file, write_region
from ingest.sitegen.synthetic import synthetic_scenario
from ingest.sitegen.truth import SiteGenError, Truth

DEFAULT_SEED = 20240
DEFAULT_YEARS = (2023, 2024)
MANIFEST = "_sitegen.json"
EXPECTED = "expected_figures.csv"
ATTEMPTS = 5


def check_years(years: tuple[int, ...]) -> tuple[int, ...]:
    ordered = tuple(sorted(set(years)))
    if not ordered:
        raise SiteGenError("give at least one year")
    if ordered != tuple(range(ordered[0], ordered[-1] + 1)):
        raise SiteGenError(f"years must be consecutive, got {', '.join(map(str, ordered))}")
    return ordered


def prepare_output(out: Path, replace: bool) -> None:
    """An empty output folder; ``replace`` empties one that holds a generated (or placeholder) site."""
    if out.exists() and any(out.iterdir()):
        if not replace:
            raise SiteGenError(f"{out} is not empty; pass --replace to regenerate a site there")
        generated = (out / MANIFEST).exists() or all(p.suffix == ".html" for p in out.rglob("*") if p.is_file())
        if not generated:
            raise SiteGenError(f"{out} does not look like a generated site (no {MANIFEST}); not deleting it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _synthetic(seed: int, number: int, years: tuple[int, ...]) -> tuple[Scenario, Truth]:
    """A synthetic region whose drawn paths are consistent (re-drawn, deterministically, if not)."""
    for attempt in range(ATTEMPTS):
        scenario = synthetic_scenario(seed, number, years, attempt)
        try:
            return scenario, build_truth(scenario)
        except SiteGenError:
            continue
    raise SiteGenError(f"synthetic region {number}: no consistent draw in {ATTEMPTS} attempts")


def generate(
    out: Path, seed: int = DEFAULT_SEED, regions: int = 1, years: tuple[int, ...] = DEFAULT_YEARS, replace: bool = False
) -> Summary:
    """Write a site into ``out``: Changchun (``regions == 1``) or ``regions`` synthetic regions."""
    years = check_years(years)
    if regions < 1:
        raise SiteGenError("--regions must be at least 1")
    prepare_output(out, replace)
    summary = Summary()
    if regions == 1:
        scenario = changchun_scenario(seed, years[-1])
        if years[0] < scenario.years[0]:
            raise SiteGenError(f"the Changchun scenario starts in {scenario.years[0]}")
        documents = write_region(out, scenario, build_truth(scenario), years, summary)
        write_file(out, EXPECTED, expected_figures_csv(documents))
    else:
        scenarios, rows = [], []
        for number in range(1, regions + 1):
            scenario, truth = _synthetic(seed, number, years)
            write_region(out, scenario, truth, years, summary)
            scenarios.append(scenario.region)
            rows.extend(target_rows(scenario.region, truth, years[-1], scenario.rng("targets")))
        max_pages = max(5, -(-19 * len(years) // 12) + 1)
        write_file(out, "sources.toml", sources_toml(scenarios, max_pages).encode("utf-8"))
        write_file(out, "targets.csv", targets_csv(rows).encode("utf-8"))
    manifest = {"generator": "ingest.sitegen", "seed": seed, "years": list(years), **summary.as_dict()}
    write_file(out, MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())
    return summary
