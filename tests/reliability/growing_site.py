"""The bundled sample site as it grew, release by release: `show(month)` makes the site at one fixed URL
look as it did at the end of that month (list pages link only releases published by then)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ingest.settings import SAMPLE_SITE_DIR

_ITEM = re.compile(
    r'<li><a href="(?P<href>[^"]+)"[^>]*>[^<]*</a><span class="date">(?P<date>\d{4}-\d{2}-\d{2})</span></li>'
)
_LIST = re.compile(r'(<ul class="list">\n)(.*?)(</ul>)', re.DOTALL)


def _columns(site: Path) -> dict[Path, list[tuple[str, str]]]:
    """Column folder → its list items (the <li> line, release date), newest first, across index pages."""
    columns: dict[Path, list[tuple[str, str]]] = {}
    for first in sorted(site.rglob("index.html")):
        pages = [first, *sorted(first.parent.glob("index_*.html"), key=lambda p: int(p.stem.split("_")[1]))]
        items = [(m.group(0), m.group("date")) for page in pages for m in _ITEM.finditer(page.read_text("utf-8"))]
        columns[first.parent.relative_to(site)] = items
    return columns


class GrowingSite:
    """Site copies per month under ``root``; ``url`` (``root/site`` → the month shown) never changes."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.link = root / "site"
        self.url = self.link.as_uri() + "/"  # kept as given: settings resolve no file:// URL
        self.columns = _columns(SAMPLE_SITE_DIR)
        self.months = sorted({date[:7] for items in self.columns.values() for _, date in items})

    def _build(self, month: str | None) -> Path:
        target = self.root / f"site-{month or 'all'}"
        if target.exists():
            return target
        shutil.copytree(SAMPLE_SITE_DIR, target)
        if month is None:
            return target  # the bundled site itself, list pages and all
        for column, items in self.columns.items():
            shown = "".join(line + "\n" for line, date in items if date[:7] <= month)
            folder = target / column
            for extra in folder.glob("index_*.html"):
                extra.unlink()
            index = folder / "index.html"
            html = _LIST.sub(lambda m, shown=shown: m.group(1) + shown + m.group(3), index.read_text("utf-8"), count=1)
            html = re.sub(r'<div class="page">.*?</div>', "", html, flags=re.DOTALL)
            index.write_text(html, encoding="utf-8")
        return target

    def show(self, month: str | None) -> None:
        """Point the site URL at the site as of ``month`` (``None``: as bundled, every release)."""
        target = self._build(month)
        tmp = self.root / ".site.tmp"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target.name)
        tmp.replace(self.link)
