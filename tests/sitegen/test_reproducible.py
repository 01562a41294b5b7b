"""The committed sample site is exactly what the generator writes by default."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from ingest.decode import decode_bytes
from ingest.settings import SAMPLE_SITE_DIR
from ingest.sitegen import generate

REGENERATE = "python -m ingest.sitegen --out ingest/sample_site --replace"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _real_metas_by_headline(root: Path) -> dict[str, list[str]]:
    metas = {}
    for path in root.rglob("t*.html"):
        page = lxml.html.document_fromstring(decode_bytes(path.read_bytes()).text)
        headline = page.xpath("//h1")[0].text_content()
        metas[headline] = [m.get("content") for m in page.xpath("//meta[@name='targetwatch:real-figure']")]
    return metas


def test_the_default_run_reproduces_the_committed_sample_site_byte_for_byte(site):
    generated, committed = _files(site), _files(SAMPLE_SITE_DIR)
    assert sorted(generated) == sorted(committed), f"the file lists differ; regenerate: {REGENERATE}"
    changed = [name for name in generated if generated[name] != committed[name]]
    assert changed == [], f"regenerate: {REGENERATE}"


def test_another_seed_redraws_synthetic_figures_but_keeps_every_real_one(site, tmp_path):
    generate(tmp_path / "other", seed=7)
    mine, other = _files(site), _files(tmp_path / "other")
    assert mine["expected_figures.csv"] != other["expected_figures.csv"]
    assert _real_metas_by_headline(site) == _real_metas_by_headline(tmp_path / "other")
