"""Column list pages: ``index.html``, ``index_1.html``, … newest first, with a page bar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

PAGE_SIZE = 12


@dataclass(frozen=True)
class ListEntry:
    href: str  # relative to the column folder: ./202403/t20240320_2901234.html
    headline: str
    published: dt.datetime


def list_filename(page: int) -> str:
    return "index.html" if page == 0 else f"index_{page}.html"


def _page_bar(page: int, pages: int, total: int) -> str:
    links = [f"共{total}条 第{page + 1}/{pages}页"]
    if page > 0:
        links += [f'<a href="{list_filename(0)}">首页</a>', f'<a href="{list_filename(page - 1)}">上一页</a>']
    if page < pages - 1:
        links += [f'<a href="{list_filename(page + 1)}">下一页</a>', f'<a href="{list_filename(pages - 1)}">尾页</a>']
    return '<div class="page">' + " ".join(links) + "</div>"


def render_list_pages(column_name: str, publisher: str, banner: str, entries: list[ListEntry]) -> list[tuple[str, str]]:
    """(file name, HTML) of every list page; entries must be newest first."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    out = []
    for page in range(pages):
        chunk = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        items = "\n".join(
            f'<li><a href="{escape(e.href)}" target="_blank">{escape(e.headline, quote=False)}</a>'
            f'<span class="date">{e.published:%Y-%m-%d}</span></li>'
            for e in chunk
        )
        out.append(
            (
                list_filename(page),
                f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(column_name)}_{escape(publisher)}</title>
<meta name="targetwatch:synthetic" content="true">
</head>
<body>
<div class="header">{escape(publisher)}</div>
<div class="synthetic-banner">{escape(banner, quote=False)}</div>
<div class="column-name">{escape(column_name)}</div>
<ul class="list">
{items}
</ul>
{_page_bar(page, pages, len(entries))}
</body>
</html>
""",
            )
        )
    return out
