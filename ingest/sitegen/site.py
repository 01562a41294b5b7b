"""The site writer: plan a region's documents, render them, encode them, write them with list pages.

Three columns per region, as in ``ingest/sources.toml``:

=============  ==========================================================================
``tjj/tjsj/``  monthly tables (1-2月 … 1-12月), quarterly prose releases and GDP releases
``tjj/tjgb/``  the annual communique of every published year but the last
``szf/gzbg/``  the next January's work report, with the review of the last published year
=============  ==========================================================================
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.sitegen import timing
from ingest.sitegen.render.communique import communique_headline, render_communique
from ingest.sitegen.render.figures import FigureSheet, ShownFigure
from ingest.sitegen.render.gdp import gdp_headline, render_gdp
from ingest.sitegen.render.listing import ListEntry, render_list_pages
from ingest.sitegen.render.page import Article, banner_text, render_article
from ingest.sitegen.render.prose import prose_headline, render_prose
from ingest.sitegen.render.review import render_review, review_headline
from ingest.sitegen.render.table import monthly_table_headline, render_monthly_table
from ingest.sitegen.review import GENERIC
from ingest.sitegen.scenario import Region, Scenario
from ingest.sitegen.truth import Truth

COLUMNS = {  # folder → (column name, publisher role)
    "tjj/tjsj": ("统计数据", "bureau"),
    "tjj/tjgb": ("统计公报", "bureau"),
    "szf/gzbg": ("政府工作报告", "government"),
}
LAYOUT_COLUMN = {
    "monthly_table": "tjj/tjsj",
    "prose": "tjj/tjsj",
    "quarterly_gdp": "tjj/tjsj",
    "communique": "tjj/tjgb",
    "work_report_review": "szf/gzbg",
}
CODECS = {"utf-8": "utf-8", "gbk": "gbk", "gbk-undeclared": "gbk"}
EXPECTED_COLUMNS = (
    "path",
    "layout",
    "indicator",
    "period",
    "value",
    "unit",
    "yoy_pct",
    "is_real",
    "citation_url",
    "quote",
)


@dataclass(frozen=True)
class DocPlan:
    key: str  # table-2024-03, prose-2024-03, gdp-2024-03, communique-2023, review-2025
    layout: str
    year: int  # the year the figures are about
    period: int  # month (tables, prose, GDP), 12 (communique, review)
    published: dt.datetime

    @property
    def column(self) -> str:
        return LAYOUT_COLUMN[self.layout]


@dataclass(frozen=True)
class Document:
    plan: DocPlan
    path: str  # relative to the output root
    headline: str
    charset: str  # utf-8 | gbk | gbk-undeclared
    content: bytes
    figures: tuple[ShownFigure, ...]


@dataclass
class Summary:
    documents: Counter = field(default_factory=Counter)  # layout → count
    encodings: Counter = field(default_factory=Counter)  # charset → count
    list_pages: int = 0
    figures: int = 0
    real_figures: int = 0
    regions: int = 0
    bytes: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "regions": self.regions,
            "documents": sum(self.documents.values()),
            "documents_by_layout": dict(sorted(self.documents.items())),
            "documents_by_encoding": dict(sorted(self.encodings.items())),
            "list_pages": self.list_pages,
            "figures": self.figures,
            "real_figures": self.real_figures,
        }


def publisher(region: Region, column: str) -> str:
    return region.government if COLUMNS[column][1] == "government" else region.bureau


def plan_documents(s: Scenario, years: tuple[int, ...]) -> list[DocPlan]:
    plans: list[DocPlan] = []
    for year in years:
        for month in range(2, 13):
            key = f"table-{year}-{month:02d}"
            plans.append(
                DocPlan(key, "monthly_table", year, month, timing.monthly_release(s.rng("date", key), year, month))
            )
        for quarter in range(1, 5):
            month = quarter * 3
            rng = s.rng("date", f"gdp-{year}-{month:02d}")
            gdp = timing.gdp_release(rng, year, quarter)
            plans.append(DocPlan(f"gdp-{year}-{month:02d}", "quarterly_gdp", year, month, gdp))
            plans.append(DocPlan(f"prose-{year}-{month:02d}", "prose", year, month, timing.prose_release(rng, gdp)))
    for year in years[:-1]:
        key = f"communique-{year}"
        plans.append(DocPlan(key, "communique", year, 12, timing.communique_release(s.rng("date", key), year)))
    last = years[-1]
    key = f"review-{last + 1}"
    plans.append(DocPlan(key, "work_report_review", last, 12, timing.work_report_release(s.rng("date", key), last + 1)))
    return plans


def _render_body(s: Scenario, truth: Truth, plan: DocPlan, sheet: FigureSheet, prose_index: int) -> tuple[str, str]:
    """(headline, body HTML) of one document."""
    region = s.region
    if plan.layout == "monthly_table":
        return monthly_table_headline(plan.year, plan.period), render_monthly_table(
            sheet, truth, s.details, plan.year, plan.period
        )
    if plan.layout == "prose":
        body = render_prose(sheet, truth, plan.year, plan.period // 3, prose_index)
        return prose_headline(plan.year, plan.period // 3), body
    if plan.layout == "quarterly_gdp":
        return gdp_headline(plan.year, plan.period // 3), render_gdp(sheet, truth, plan.year, plan.period // 3)
    if plan.layout == "communique":
        return communique_headline(region.name, plan.year), render_communique(sheet, truth, region.bureau, plan.year)
    sections = s.review_sections.get(plan.year, GENERIC)
    return review_headline(region.name, plan.year + 1), render_review(sheet, truth, region.name, plan.year, sections)


def region_documents(s: Scenario, truth: Truth, years: tuple[int, ...]) -> list[Document]:
    plans = plan_documents(s, years)
    docids: dict[str, int] = {}
    for site in ("tjj", "szf"):
        mine = [p for p in plans if p.column.startswith(site)]
        for plan, docid in zip(
            mine, timing.assign_docids(s.rng("docids", site), site, [p.published for p in mine]), strict=True
        ):
            docids[plan.key] = docid
    documents = []
    prose_index = 0
    for plan in plans:
        sheet = FigureSheet(s.real)
        headline, body = _render_body(s, truth, plan, sheet, prose_index)
        prose_index += plan.layout == "prose"
        by = publisher(s.region, plan.column)
        article = Article(
            headline=headline,
            publisher=by,
            source="市统计局" if by == s.region.bureau else "市人民政府办公厅",
            published=plan.published,
            body=body,
            synthetic=sheet.synthetic,
            banner=banner_text(s.region.name, by, len(sheet.real_meta), s.region.is_synthetic_region),
            real_meta=tuple(sheet.real_meta),
        )
        charset = s.charset(plan.key)
        content = render_article(article, charset).encode(CODECS[charset])
        path = s.region.prefix + timing.trs_path(plan.column, plan.published, docids[plan.key])
        documents.append(Document(plan, path, headline, charset, content, tuple(sheet.figures)))
    return documents


def list_pages(s: Scenario, documents: list[Document]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every column's list pages."""
    for column, (name, _role) in COLUMNS.items():
        by = publisher(s.region, column)
        mine = sorted(
            (d for d in documents if d.plan.column == column), key=lambda d: (d.plan.published, d.path), reverse=True
        )
        folder = s.region.prefix + column + "/"
        entries = [ListEntry("./" + d.path.removeprefix(folder), d.headline, d.plan.published) for d in mine]
        banner = banner_text(s.region.name, by, 0, s.region.is_synthetic_region).replace("本页", "本栏目", 1)
        for filename, html in render_list_pages(name, by, banner, entries):
            yield folder + filename, html.encode("utf-8")


def write_file(root: Path, relative: str, content: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def expected_figures_csv(documents: list[Document]) -> bytes:
    """Every figure the pages print, in page order: what a perfect parser would read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPECTED_COLUMNS)
    for doc in sorted(documents, key=lambda d: d.path):
        for f in doc.figures:
            writer.writerow(
                [
                    doc.path,
                    doc.plan.layout,
                    f.indicator,
                    f.period,
                    f.value,
                    f.unit,
                    f.yoy,
                    "true" if f.is_real else "false",
                    f.citation_url,
                    f.quote,
                ]
            )
    return buffer.getvalue().encode("utf-8")


def write_region(root: Path, s: Scenario, truth: Truth, years: tuple[int, ...], summary: Summary) -> list[Document]:
    documents = region_documents(s, truth, years)
    for doc in documents:
        write_file(root, doc.path, doc.content)
        summary.documents[doc.plan.layout] += 1
        summary.encodings[doc.charset] += 1
        summary.figures += len(doc.figures)
        summary.real_figures += sum(f.is_real for f in doc.figures)
        summary.bytes += len(doc.content)
    for path, content in list_pages(s, documents):
        write_file(root, path, content)
        summary.list_pages += 1
    summary.regions += 1
    return documents
