-- The target catalog (the reviewed seed plus any catalogs dropped into <home>/catalogs/), with the
-- target converted to the indicator's canonical unit (260亿斤 → 1300万吨).
with

catalog as (
    select * from {{ ref('targets') }}
    {{ extra_catalogs() }}
),

indicators as (
    select indicator_id, unit as canonical_unit, kind from {{ ref('indicators') }}
),

factors as (
    {{ unit_factors() }}
),

converted as (
    select
        catalog.target_id,
        catalog.plan_year,
        catalog.region_code,
        catalog.section,
        catalog.indicator_id,
        catalog.related_indicator_id,
        catalog.title_zh,
        catalog.title_en,
        catalog.metric,
        catalog.comparator,
        catalog.target_value,
        catalog.unit as target_unit,
        case
            when catalog.metric in ('growth_pct', 'share_pct', 'pp_change', 'relation', 'milestone')
                then catalog.target_value
            else catalog.target_value * factors.factor
        end as target_value_canonical,
        case
            when catalog.metric in ('growth_pct', 'share_pct', 'pp_change', 'relation', 'milestone')
                then catalog.unit
            else indicators.canonical_unit
        end as canonical_unit,
        indicators.kind as indicator_kind,
        catalog.comparator = 'at_most' as is_lower_better,
        catalog.source_quote,
        catalog.source_offset
    from catalog
    left join indicators
        on catalog.indicator_id = indicators.indicator_id
    left join factors
        on
            catalog.unit = factors.from_unit
            and indicators.canonical_unit = factors.to_unit
)

select * from converted
