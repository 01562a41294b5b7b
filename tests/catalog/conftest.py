from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog.extract import extract_targets, read_report
from ingest.catalog.model import ProposedTarget
from ingest.catalog.review import load_catalog

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT / "ingest" / "catalog" / "samples" / "changchun-2024-work-report.txt"
SEEDS = PROJECT / "dbt_project" / "seeds"
# The sections of the 2024 report: its two-line headings, and the opening targets paragraph.
REPORT_HEADINGS = {
    "主要预期目标",
    "实施创新驱动发展战略 塑造发展新动能新优势",
    "推动产业结构优化升级 提升产业体系现代化水平",
    "千方百计扩大需求 增强经济发展内生动力",
    "全面深化改革开放 更好服务和融入新发展格局",
    "深入实施城市更新 全面提升城市功能品质",
    "扎实推进乡村振兴 加快打造现代化农业强市",
    "切实保障改善民生 让群众共享振兴发展成果",
    "统筹发展与安全 坚决维护社会大局和谐稳定",
    "坚持党的全面领导 不断加强政府自身建设",
}


@pytest.fixture(scope="session")
def sample_text() -> str:
    return read_report(SAMPLE)


@pytest.fixture(scope="session")
def proposals(sample_text: str) -> list[ProposedTarget]:
    return extract_targets(sample_text, region_code="220100")


@pytest.fixture(scope="session")
def catalog() -> list[dict[str, str]]:
    return load_catalog(SEEDS / "targets.csv")
