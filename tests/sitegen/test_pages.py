"""The pages: conventions the parsers rely on, honesty labels, real figures, encodings, links."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import lxml.html

from ingest.decode import decode_bytes
from ingest.settings import PROJECT_ROOT
from ingest.sitegen.real_figures import FIGURES_FILE, real_uses
from ingest.sitegen.review import CHANGCHUN_2024, NOT_MENTIONED, OUTCOMES
from ingest.sitegen.timing import month_end

REPORT_2024 = PROJECT_ROOT / "ingest" / "catalog" / "samples" / "changchun-2024-work-report.txt"
SHARED_FIGURES = PROJECT_ROOT.parent / "shared" / "reference" / "published-figures.csv"
QUARTERS = {1: "一季度", 2: "上半年", 3: "前三季度"}


def _by_headline(articles):
    return {page.headline: page for page in articles}


def test_the_site_has_every_release_of_2023_and_2024(articles):
    headlines = set(_by_headline(articles))
    for year in (2023, 2024):
        assert {f"{year}年1-{m}月主要经济指标" for m in range(2, 13)} <= headlines
        for q, word in QUARTERS.items():
            assert {f"{year}年{word}全市经济运行情况", f"{year}年{word}全市地区生产总值"} <= headlines, q
        assert {f"{year}年全市经济运行情况", f"{year}年全市地区生产总值"} <= headlines
    assert {"长春市2023年国民经济和社会发展统计公报", "2025年长春市政府工作报告"} <= headlines
    assert len(articles) == 40


def test_pages_follow_the_conventions_the_parsers_rely_on(articles):
    for page in articles:
        root = page.root
        publisher = "长春市人民政府" if page.path.startswith("szf/") else "长春市统计局"
        assert root.xpath("//title")[0].text_content() == f"{page.headline}_{publisher}", page.path
        assert len(root.xpath("//div[@class='article']/h1")) == 1
        pubdate = page.meta("PubDate")[0]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", pubdate)
        date = root.xpath("//div[@class='info']/span[@class='date']")[0].text_content()
        assert date == f"发布时间:{pubdate[:10]}"
        assert pubdate[:8].replace("-", "") == Path(page.path).parent.name, "TRS folder is the publication month"
        assert f"/t{pubdate[:10].replace('-', '')}_" in page.path
        assert root.xpath("//div[@class='article']//div[@id='zoom']"), page.path
        tables = root.xpath("//*[@id='zoom']//table")
        for table in tables:
            assert table.xpath("./tr[1]/th"), "the first row is the header"


def test_every_page_says_it_is_synthetic_outside_the_article_body(articles):
    for page in articles:
        banners = page.root.xpath("//div[@class='synthetic-banner']")
        assert len(banners) == 1 and not banners[0].xpath("ancestor::*[@id='zoom' or @class='article']")
        text = banners[0].text_content()
        assert text.startswith("本页为合成示例数据(SYNTHETIC SAMPLE DATA),并非长春市")
        real = page.meta("targetwatch:real-figure")
        assert page.meta("targetwatch:synthetic") == ["partial" if real else "true"], page.path
        assert (f"其中{len(real)}项为公开报道的真实数字" in text) == bool(real)


def test_list_pages_are_labelled_too(site):
    for path in site.rglob("index*.html"):
        page = lxml.html.document_fromstring(path.read_bytes().decode("utf-8"))
        assert page.xpath("//meta[@name='targetwatch:synthetic']/@content") == ["true"]
        assert "SYNTHETIC SAMPLE DATA" in page.xpath("//div[@class='synthetic-banner']")[0].text_content()


def test_every_used_real_figure_is_printed_unaltered_with_its_source(articles):
    metas = [(page, meta) for page in articles for meta in page.meta("targetwatch:real-figure")]
    for use in real_uses():
        figure = use.figure
        carried = [
            (page, meta)
            for page, meta in metas
            if meta.endswith("|" + figure.source_url)
            and meta.split("|")[2:4] in ([figure.value, figure.yoy], ["", figure.yoy], [figure.value, ""])
        ]
        assert carried, f"{figure.indicator_zh} {figure.period} is on no page"
        for page, meta in carried:
            indicator, period, value, yoy, _ = meta.split("|")
            body = page.body_text
            assert indicator in body, (page.path, meta)
            for number in (value, yoy.lstrip("-")):
                assert not number or number in body, (page.path, meta)
            year, month = use.year, use.month
            assert period in (str(year), f"{year}-01..{month:02d}")
    assert len(metas) == 50


def test_real_figure_metas_cite_only_the_reference_file(articles):
    cited = {(f.source_url, f.value, f.yoy) for f in (u.figure for u in real_uses())}
    for page in articles:
        for meta in page.meta("targetwatch:real-figure"):
            _, _, value, yoy, url = meta.split("|")
            assert any(url == u and value in ("", v) and yoy in ("", y) for u, v, y in cited), meta


def test_the_bundled_copy_of_published_figures_matches_the_reference():
    if SHARED_FIGURES.exists():  # the project never reads ../shared at run time; CI may not have it
        assert FIGURES_FILE.read_bytes() == SHARED_FIGURES.read_bytes()


def test_expected_figures_are_what_the_pages_print(articles, expected):
    pages = {page.path: page for page in articles}
    assert len(expected) > 1000
    for row in expected:
        body = pages[row["path"]].body_text
        if row["quote"]:
            assert row["quote"] in body
            continue
        assert _written(row["indicator"], body), row
        for number in (row["value"], row["yoy_pct"].lstrip("-")):
            if number:
                assert any(form in body for form in _printed_forms(number)), row


def _written(name: str, body: str) -> bool:
    """The name is on the page, whole or shared out ("批发零售业、住宿餐饮业零售额")."""
    return name in body or any(name[:k] in body and name[k:] in body for k in range(2, len(name) - 1))


def _printed_forms(number: str) -> list[str]:
    """How prose prints a rate: 6.0, 增长1.3倍 (130.0), 持平 (0.0)."""
    forms = [number, f"{float(number) / 100:.1f}倍"]
    return [*forms, "持平"] if float(number) == 0 else forms


def test_gbk_pages_decode_cleanly_with_and_without_a_declaration(articles):
    declared = [p for p in articles if b"charset=gb2312" in p.content[:600]]
    undeclared = [p for p in articles if b"charset" not in p.content[:600]]
    assert len(declared) >= 3 and len(undeclared) >= 2
    for page in declared + undeclared:
        assert page.encoding == "gb18030"
        assert page.text == page.content.decode("gbk")
        assert "\ufffd" not in page.text
    utf8 = [p for p in articles if b'<meta charset="utf-8">' in p.content[:200]]
    assert len(utf8) > len(declared) + len(undeclared)
    assert all(decode_bytes(p.content).encoding == "utf-8" for p in utf8)


def test_every_release_is_linked_from_its_columns_list_pages_newest_first(site, articles):
    for column in ("tjj/tjsj", "tjj/tjgb", "szf/gzbg"):
        folder = site / column
        pages = sorted(folder.glob("index*.html"), key=lambda p: int(p.stem.partition("_")[2] or 0))
        assert pages[0].name == "index.html"
        assert [p.name for p in pages[1:]] == [f"index_{n}.html" for n in range(1, len(pages))]
        linked: list[tuple[str, str]] = []
        for page in pages:
            root = lxml.html.document_fromstring(page.read_bytes().decode("utf-8"))
            items = root.xpath("//ul[@class='list']/li")
            assert 1 <= len(items) <= 15
            for item in items:
                href = item.xpath("./a/@href")[0]
                linked.append(
                    (
                        (page.parent / href).resolve().relative_to(site.resolve()).as_posix(),
                        item.xpath("./span[@class='date']")[0].text_content(),
                    )
                )
            if len(pages) > 1:
                assert root.xpath("//div[@class='page']//a[contains(@href, 'index')]")
        mine = sorted(p.path for p in articles if p.path.startswith(column + "/"))
        assert sorted(path for path, _ in linked) == mine
        dates = [date for _, date in linked]
        assert dates == sorted(dates, reverse=True)
    assert len(list((site / "tjj/tjsj").glob("index*.html"))) >= 3


def test_release_dates_are_realistic(articles):
    for page in articles:
        published = dt.date.fromisoformat(page.meta("PubDate")[0][:10])
        assert published.weekday() < 5
        headline = page.headline
        if match := re.fullmatch(r"(\d{4})年1-(\d+)月主要经济指标", headline):
            lag = (published - month_end(int(match[1]), int(match[2]))).days
            assert 21 <= lag <= 45, headline
        elif "地区生产总值" in headline or "经济运行情况" in headline:
            year = int(headline[:4])
            quarter = next((q for q, w in QUARTERS.items() if w in headline), 4)
            lag = (published - month_end(year, quarter * 3)).days
            assert 24 <= lag <= 35, headline
        elif "统计公报" in headline:
            assert published.year == 2024 and 3 <= published.month <= 5
        else:
            assert (published.year, published.month) == (2025, 1)


def test_prose_releases_use_the_real_wording(articles):
    prose = [p for p in articles if "经济运行情况" in p.headline]
    text = "".join(p.body_text for p in prose)
    for phrase in (
        "同比(下同)",
        "分别增长",
        "下降",
        "个百分点",
        "倍",
        "全体居民人均可支配收入",
        "城镇常住居民",
        "农村常住居民",
    ):
        assert phrase in text, phrase
    assert "规上工业总产值增长10.7%,比上年全年加快1.8个百分点" in text  # the real statement
    dashes = {m for m in re.findall(r"1([-—–~～])\d+月", text)}
    assert len(dashes) >= 3
    assert all("同比(下同)" in p.body_text for p in prose)


def test_the_communique_has_numbered_sections_and_footnotes(articles):
    page = _by_headline(articles)["长春市2023年国民经济和社会发展统计公报"]
    body = page.body_text
    assert page.meta("PubDate")[0] >= "2024-03"
    for heading in ("一、综合", "二、农业", "三、工业和建筑业", "四、固定资产投资", "九、人民生活和社会保障"):
        assert heading in body
    assert "初步核算,全年全市实现地区生产总值[2]7002.06亿元" in body
    assert re.search(r"粮食产量\d+\.\d万吨", body) and "年末常住人口" in body


def test_the_review_reports_the_2024_targets_in_the_reports_own_words(articles):
    page = _by_headline(articles)["2025年长春市政府工作报告"]
    body = page.body_text
    assert "一、2024年工作回顾" in body and "二、2025年工作安排" in body
    report = REPORT_2024.read_text(encoding="utf-8")
    items = [item for _, section in CHANGCHUN_2024 for item in section]
    for item in items:
        assert item.phrase in report, item.phrase
        assert item.phrase in body, item.phrase
    for phrase in NOT_MENTIONED:
        assert phrase in report and phrase not in body, phrase
    outcomes = Counter(item.outcome for item in items)
    assert set(outcomes) <= set(OUTCOMES)
    assert outcomes["achieved"] > outcomes["missed_narrowly"] >= 8 and outcomes["missed"] >= 6
    assert len(items) + len(NOT_MENTIONED) >= 80
    for text in (
        "新增“专精特新”企业326户",
        "实施投资5000万元以上项目1381个",
        "地铁6号线开通运营",
        "地区生产总值预计增长6.6%",
    ):
        assert text in body
