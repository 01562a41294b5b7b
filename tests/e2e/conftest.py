"""End-to-end tests use the session pipeline run of tests/pipeline_fixtures.py (`published_run`, `mart`)."""

from tests.pipeline_fixtures import CONTENT_TABLES, TODAY, PublishedRun, mart_content_hash, run_pipeline

__all__ = ["CONTENT_TABLES", "TODAY", "PublishedRun", "mart_content_hash", "run_pipeline"]
