"""The performance harness: ``make bench`` (``python -m tests.bench``); not part of the test suite.

It measures, in one run, on this machine:

* the nightly job on the bundled sample site from a cold start, broken down by stage, with peak memory,
  then a rerun with nothing new;
* the same job on generated national-scale sites (``python -m ingest.sitegen --regions N``, seeded,
  written to a temporary directory) at several sizes, to show how cost grows;
* floors for the same work without our machinery: a bare lxml/regex parse of the same documents, and the
  same transformation SQL run directly in DuckDB instead of through dbt;
* the latency of the analyst guide's queries (docs/analyst-guide.md) on the published mart at scale.

It prints a table and writes JSON to ``bench-results/`` (git-ignored). No file is named ``test_*.py``
here, so pytest never collects it. Figures and how to read them: docs/performance.md.
"""
