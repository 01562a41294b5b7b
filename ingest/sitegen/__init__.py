"""Generate the bundled sample site (``ingest/sample_site``) and national-scale benchmark sites.

``python -m ingest.sitegen --out DIR [--seed N] [--regions N] [--years 2023,2024]``

Load inputs (the scenario: designed Changchun parameters and real figures, or seeded synthetic
regions) / process (truth → pages) / save outputs (pages, list pages, and a manifest). The default
run reproduces the committed ``ingest/sample_site/`` byte for byte; see ``docs/sample-site.md``.
"""

from ingest.sitegen.generate import DEFAULT_SEED, DEFAULT_YEARS, generate

__all__ = ["DEFAULT_SEED", "DEFAULT_YEARS", "generate"]
