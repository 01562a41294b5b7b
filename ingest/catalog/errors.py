"""The one error the catalog code raises for bad input (re-exported by :mod:`ingest.catalog.extract`)."""

from __future__ import annotations


class CatalogInputError(ValueError):
    """The input is not a work report we can read targets from; the message says what to do."""
