"""Dagster assets of targetwatch, one module per group (ingest, quality, publish; dbt in dbt_wiring)."""

# The metadata key the UI shows as an asset's row count (Dagster's TableMetadataSet key, not exported
# publicly by Dagster 1.13).
ROW_COUNT = "dagster/row_count"
# Metadata key of the parse step's observation when a run has nothing new to publish (its value says so).
NOTHING_NEW = "nothing_new"
