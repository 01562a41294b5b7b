"""Stable target ids: ``<region_code>-<plan_year>-<english-kebab-slug>``, from content, not row order.

A catalog row's slug is its indicator plus what is measured: ``gdp-growth``, ``retail-sales-level``,
``pocket-parks-count``, ``per-capita-disposable-income-vs-gdp``; a milestone is its indicator alone
(``metro-line6-opening``). A proposal whose indicator is not known yet gets a provisional
``target-<hash>`` slug from its wording, for the reviewer to replace.
"""

from __future__ import annotations

import hashlib

_SUFFIX = {
    "growth_pct": "growth",
    "level": "level",
    "count": "count",
    "share_pct": "share",
    "pp_change": "pp-change",
    "milestone": "",
}


def slug(indicator_id: str) -> str:
    return indicator_id.strip().lower().replace("_", "-")


def target_id_for(
    region_code: str, plan_year: int, indicator_id: str, metric: str, related_indicator_id: str = ""
) -> str:
    base = slug(indicator_id)
    if metric == "relation":
        tail = f"{base}-vs-{slug(related_indicator_id)}"
    else:
        suffix = _SUFFIX[metric]
        tail = base if not suffix or base.endswith(suffix) else f"{base}-{suffix}"
    return f"{region_code}-{plan_year}-{tail}"


def provisional_target_id(region_code: str, plan_year: int, *parts: str) -> str:
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:8]
    return f"{region_code}-{plan_year}-target-{digest}"
