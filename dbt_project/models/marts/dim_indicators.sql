{{ config(alias="indicators") }}
-- Canonical indicators. Grain: one row per indicator.
select
    indicator_id,
    name_zh,
    name_en,
    unit,
    kind,
    frequency,
    parent_indicator_id,
    publisher
from {{ ref('indicators') }}
