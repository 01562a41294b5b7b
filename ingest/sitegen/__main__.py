"""``python -m ingest.sitegen --out DIR [--seed N] [--regions N] [--years 2023,2024] [--replace]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ingest.sitegen.generate import DEFAULT_SEED, DEFAULT_YEARS, generate
from ingest.sitegen.truth import SiteGenError


def _years(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"years are comma-separated, e.g. 2023,2024 (got {text!r})") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.sitegen",
        description="Generate the synthetic sample site (default: Changchun, as committed in ingest/sample_site).",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder (empty, or use --replace)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--regions", type=int, default=1, help="1: Changchun; N>1: N synthetic regions (benchmarks)")
    parser.add_argument("--years", type=_years, default=DEFAULT_YEARS, help="published years (default 2023,2024)")
    parser.add_argument("--replace", action="store_true", help="empty --out first if it holds a generated site")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        summary = generate(args.out, seed=args.seed, regions=args.regions, years=args.years, replace=args.replace)
    except (SiteGenError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    info = summary.as_dict()
    print(
        f"wrote {info['documents']} documents and {info['list_pages']} list pages for {info['regions']} region(s) "
        f"into {args.out} in {elapsed:.1f}s ({summary.bytes / 1e6:.1f} MB, {info['figures']} figures)"
    )
    print(f"  by layout:   {info['documents_by_layout']}")
    print(f"  by encoding: {info['documents_by_encoding']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
