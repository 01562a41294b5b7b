"""The HTML around every article: a TRS-style page with the conventions the parsers rely on.

``<title>`` = headline + ``_`` + publisher; ``<h1>`` inside ``div.article``; ``PubDate`` meta and a
visible ``span.date`` inside ``div.info``; the body in ``div#zoom``. The synthetic banner sits
outside the article body, and ``targetwatch:*`` meta tags say what is synthetic and what is real.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

CHARSET_TAGS = {
    "utf-8": '<meta charset="utf-8">',
    "gbk": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    "gbk-undeclared": "",
}


@dataclass(frozen=True)
class Article:
    headline: str
    publisher: str  # 长春市统计局 | 长春市人民政府
    source: str  # the 来源 line: 市统计局
    published: dt.datetime
    body: str  # HTML inside div#zoom
    synthetic: str  # true | partial
    banner: str
    real_meta: tuple[str, ...] = ()


def banner_text(region_name: str, publisher: str, real_count: int, synthetic_region: bool) -> str:
    text = f"本页为合成示例数据(SYNTHETIC SAMPLE DATA),并非{publisher}发布的数字"
    if synthetic_region:
        text += f";“{region_name}”是虚构的地区"
    if real_count:
        text += f";其中{real_count}项为公开报道的真实数字,来源见页面元数据 targetwatch:real-figure"
    return text + "。由 targetwatch 的 ingest/sitegen 生成,仅供演示和测试。"


def paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{escape(t, quote=False)}</p>" for t in texts)


def table(rows: list[list[str]]) -> str:
    """A bordered table; the first row is the header."""
    lines = ['<table border="1" cellspacing="0" cellpadding="2">']
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        cells = "".join(f"<{tag}>{escape(cell, quote=False)}</{tag}>" for cell in row)
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def render_article(article: Article, charset: str) -> str:
    date = article.published.strftime("%Y-%m-%d")
    metas = [
        CHARSET_TAGS[charset],
        f"<title>{escape(article.headline)}_{escape(article.publisher)}</title>",
        f'<meta name="ArticleTitle" content="{escape(article.headline)}">',
        f'<meta name="PubDate" content="{article.published.strftime("%Y-%m-%d %H:%M")}">',
        f'<meta name="ContentSource" content="{escape(article.publisher)}">',
        f'<meta name="targetwatch:synthetic" content="{article.synthetic}">',
        *(f'<meta name="targetwatch:real-figure" content="{escape(m)}">' for m in article.real_meta),
    ]
    head = "\n".join(m for m in metas if m)
    source = f'<span class="source">来源:{escape(article.source)}</span>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{head}
</head>
<body>
<div class="header">{escape(article.publisher)}</div>
<div class="synthetic-banner">{escape(article.banner, quote=False)}</div>
<div class="article">
<h1>{escape(article.headline, quote=False)}</h1>
<div class="info"><span class="date">发布时间:{date}</span> {source}</div>
<div id="zoom">
{article.body}
</div>
</div>
<div class="footer">主办:{escape(article.publisher)}(合成示例站点)</div>
</body>
</html>
"""
