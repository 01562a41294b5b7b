{{ config(alias="targets") }}
-- The target catalog as analysts see it. Grain: one row per target.
select
    target_id,
    plan_year,
    region_code,
    section,
    indicator_id,
    related_indicator_id,
    title_zh,
    title_en,
    metric,
    comparator,
    target_value,
    target_unit,
    target_value_canonical,
    canonical_unit,
    source_quote,
    source_offset
from {{ ref('stg_catalog__targets') }}
