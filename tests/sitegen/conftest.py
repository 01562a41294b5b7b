"""One generated Changchun site per test session, read back as pages."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from ingest.decode import decode_bytes
from ingest.sitegen import DEFAULT_SEED, generate
from ingest.sitegen.build import build_truth
from ingest.sitegen.changchun import changchun_scenario
from ingest.sitegen.truth import Truth

ARTICLE = re.compile(r"/t(\d{8})_(\d+)\.html$")


@dataclass(frozen=True)
class SitePage:
    path: str  # relative to the site root
    content: bytes
    text: str  # decoded with ingest.decode
    encoding: str
    root: lxml.html.HtmlElement

    @property
    def headline(self) -> str:
        return self.root.xpath("//div[@class='article']/h1")[0].text_content()

    def meta(self, name: str) -> list[str]:
        return [m.get("content") for m in self.root.xpath(f"//meta[@name='{name}']")]

    @property
    def body_text(self) -> str:
        return self.root.xpath("//*[@id='zoom']")[0].text_content()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sitegen") / "site"
    generate(out)
    return out


@pytest.fixture(scope="session")
def articles(site: Path) -> list[SitePage]:
    pages = []
    for path in sorted(site.rglob("t*.html")):
        content = path.read_bytes()
        decoded = decode_bytes(content)
        pages.append(
            SitePage(
                path.relative_to(site).as_posix(),
                content,
                decoded.text,
                decoded.encoding,
                lxml.html.document_fromstring(decoded.text),
            )
        )
    return pages


@pytest.fixture(scope="session")
def expected(site: Path) -> list[dict[str, str]]:
    with (site / "expected_figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def truth() -> Truth:
    return build_truth(changchun_scenario(DEFAULT_SEED, 2024))
