"""The HTML report: what it says equals the mart, it is self-contained, and nothing from the web can inject."""

from __future__ import annotations

import html.parser
import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.faces.charts import ChartSpec, Series, render_svg
from orchestration.faces.report import render_report, safe_href
from tests.faces.conftest import GDP_GROWTH, RETAIL_LEVEL, invoke

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")


class Page(html.parser.HTMLParser):
    """What a test needs from the report: elements with their attributes, and the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if (tag is None or t == tag) and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


@pytest.fixture
def report(published_run) -> str:
    """The report the publish step wrote (not a re-render): what users open."""
    return published_run.settings.report_path.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
class TestPublishedReport:
    def test_counts_per_status_equal_the_marts(self, report, mart):
        page = Page(report)
        counts = dict(mart.execute("select status, count(*) from target_status_latest group by 1").fetchall())
        cards = {a["data-status"]: a for a in page.find("div") if "card" in (a.get("class") or "").split()}
        assert set(cards) == set(STATUSES)
        shown = [int(attrs["data-count"]) for _, attrs in page.elements if attrs.get("data-count") is not None]
        assert shown == [counts.get(s, 0) for s in STATUSES]
        assert page.find("p", **{"data-total": str(sum(counts.values()))})
        # each target row carries its status, and the rows add up to the same counts
        rows = page.find("article")
        assert {s: sum(1 for r in rows if r["data-status"] == s) for s in STATUSES} == {
            s: counts.get(s, 0) for s in STATUSES
        }

    def test_every_target_is_present_once_with_its_marts_status(self, report, mart):
        page = Page(report)
        expected = dict(mart.execute("select target_id, status from target_status_latest").fetchall())
        rows = {a["data-target-id"]: a["data-status"] for a in page.find("article")}
        assert len(page.find("article")) == len(expected)
        assert rows == expected

    def test_known_targets_show_their_figures_reasons_and_sources(self, report, mart):
        for target_id in (GDP_GROWTH, RETAIL_LEVEL):
            row = mart.execute(
                "select title_zh, title_en, reason_zh, reason_en, document_url, status from target_status_latest "
                "where target_id = ?",
                [target_id],
            ).fetchone()
            title_zh, title_en, reason_zh, reason_en, document_url, status = row
            article = re.search(rf'<article[^>]*data-target-id="{re.escape(target_id)}".*?</article>', report, re.S)
            assert article, target_id
            block = html.unescape(article.group(0))
            for text in (title_zh, title_en, reason_zh, reason_en):
                assert text in block
            if document_url:
                assert f'href="{document_url}"' in article.group(0)
            if status in ("on_track", "at_risk", "off_track") and target_id == RETAIL_LEVEL:
                assert 'class="pace"' in article.group(0)  # the expected pace mark on the progress bar

    def test_statistically_tracked_targets_have_a_ytd_chart(self, report, mart):
        tracked = {
            r[0]
            for r in mart.execute("""
            select t.target_id from targets t
            join indicator_ytd y on y.region_code = t.region_code and y.indicator_id = t.indicator_id
                and y.year = t.plan_year and not y.is_pp_change
            where t.metric in ('growth_pct', 'level', 'count')
            group by t.target_id having count(distinct y.month) >= 2""").fetchall()
        }
        charts = {a["data-target-id"] for a in Page(report).find("figure")}
        assert GDP_GROWTH in tracked and RETAIL_LEVEL in tracked
        assert charts == tracked
        gdp = re.search(rf'<figure[^>]*data-target-id="{GDP_GROWTH}".*?</figure>', report, re.S).group(0)
        assert (
            gdp.count("<circle")
            == mart.execute(
                "select count(*) from indicator_ytd where indicator_id = 'gdp' and year = 2024 and not is_pp_change "
                "and yoy_pct is not null"
            ).fetchone()[0]
        )
        assert 'class="target"' in gdp and 'class="lastyear"' in gdp

    def test_synthetic_banner_and_marks(self, report, mart):
        assert mart.execute("select bool_or(is_synthetic) from observations").fetchone()[0]
        page = Page(report)
        assert page.find("div", id="synthetic-banner")
        assert "SYNTHETIC" in report and "合成示例数据" in report
        synthetic_rows = mart.execute("select count(*) from target_status_latest where is_synthetic").fetchone()[0]
        assert report.count('class="badge synthetic-badge"') >= synthetic_rows

    def test_anomalies_sources_and_publication_are_listed(self, report, mart):
        page = Page(report)
        checks = dict(mart.execute("select check_name, count(*) from anomalies group by 1").fetchall())
        assert {a["data-check"] for a in page.find("details") if a.get("data-check")} == set(checks)
        for check, rows in checks.items():
            assert re.search(rf"<code>{re.escape(check)}</code> — {rows} ", report)
        for (url,) in mart.execute("select document_url from documents").fetchall():
            assert f'href="{html.escape(url)}"' in report
        for (url,) in mart.execute(
            "select distinct citation_url from observations where citation_url is not null"
        ).fetchall():
            assert f'href="{html.escape(url)}"' in report
        publication_id = mart.execute(
            "select publication_id from publications order by published_at desc limit 1"
        ).fetchone()[0]
        assert f"<code>{publication_id}</code>" in report

    def test_self_contained_no_external_scripts_styles_images_or_fonts(self, report):
        page = Page(report)
        assert not page.find("link"), "no stylesheet links: the CSS is inline"
        assert not page.find("img"), "no images: charts are inline SVG"
        assert not page.find("iframe")
        for tag, attrs in page.elements:
            if tag in ("script", "img", "link", "iframe", "source", "video", "audio", "embed", "object"):
                for key in ("src", "href", "data"):
                    assert not attrs.get(key), f"<{tag} {key}={attrs.get(key)}>: the report must not load anything"
        styles = "".join(re.findall(r"<style>(.*?)</style>", report, re.S))
        assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
        assert 'name="viewport"' in report  # readable on a phone

    def test_the_report_command_renders_it_again(self, published_run, mart, tmp_path):
        out = tmp_path / "report-en.html"
        result = invoke("report", "--home", str(published_run.settings.home), "--out", str(out), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert 'id="lang-en" class="lang-radio" aria-label="English" checked' in text
        targets = mart.execute("select count(*) from target_status_latest").fetchone()[0]
        assert len(Page(text).find("article")) == targets
        assert [p.name for p in tmp_path.iterdir()] == ["report-en.html"]  # no temporary file left

    def test_rendering_is_fast(self, published_run):
        started = time.perf_counter()
        render_report(published_run.settings.published_mart_path)
        assert time.perf_counter() - started < 2.0


@pytest.mark.slow
@pytest.mark.xdist_group("pipeline")
def test_text_from_the_web_is_escaped_and_only_safe_links_are_links(published_run, tmp_path):
    """Titles, quotes and URLs come from web pages: none of them may become markup or a javascript: link."""
    mart = tmp_path / "evil.duckdb"
    shutil.copyfile(published_run.settings.published_mart_path, mart)
    conn = duckdb.connect(str(mart))
    conn.execute(
        "update target_status_latest set title_en = '<script>alert(1)</script>', "
        "figure_quote = '\"><img src=x onerror=alert(2)>', document_url = 'javascript:alert(3)' "
        "where target_id = ?",
        [GDP_GROWTH],
    )
    conn.execute(
        "update documents set title = '<b onmouseover=alert(4)>t</b>' where document_sha256 = "
        "(select min(document_sha256) from documents)"
    )
    conn.execute("update observations set is_synthetic = false")
    conn.close()
    text = render_report(mart, "en")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<b onmouseover" not in text
    assert 'href="javascript:' not in text
    assert "<script" not in text
    assert 'id="synthetic-banner"' not in text  # nothing synthetic any more: no banner


def test_a_missing_mart_says_what_to_do(tmp_path):
    result = invoke("report", "--home", str(tmp_path), "--out", str(tmp_path / "r.html"))
    assert result.exit_code == 1
    assert "run `targetwatch run` first" in result.stderr
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://tjj.changchun.gov.cn/a.html", True),
        ("http://x.cn/?a=1&b=2", True),
        ("file:///tmp/a.html", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("", False),
    ],
)
def test_only_web_and_file_urls_become_links(url, linked):
    href = safe_href(url)
    assert (href is not None) is linked
    if href:
        assert "<" not in href and '"' not in href


def test_chart_draws_the_path_the_target_and_last_year():
    svg = render_svg(
        ChartSpec(
            aria_label='GDP "growth" <2024>',
            series=[
                Series([(3, 6.0), (6, 5.5), (9, 5.8), (12, 6.1)], "lastyear"),
                Series([(3, 7.1), (6, 6.0)], "path"),
            ],
            target=6.5,
            unit="%",
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 2
    assert 'class="target"' in svg and 'class="lastyear"' in svg
    assert 'aria-label="GDP &quot;growth&quot; &lt;2024&gt;"' in svg
    target_y = float(re.search(r'class="target" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"', svg).group(1))
    dots = [float(y) for y in re.findall(r'<circle class="dot" cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert dots[0] < target_y < dots[1]  # 7.1 above the 6.5 line, 6.0 below it (SVG y grows downwards)
    assert render_svg(ChartSpec(aria_label="empty")) == ""


def test_report_file_is_replaced_whole(tmp_path, monkeypatch):
    """write_report never leaves a half-written file where the report is expected."""
    from orchestration.faces import report as report_module

    out = tmp_path / "report.html"
    out.write_text("previous", encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(report_module, "render_report", broken)
    with pytest.raises(RuntimeError):
        report_module.write_report(Path("unused.duckdb"), out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
