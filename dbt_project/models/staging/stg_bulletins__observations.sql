-- Rename, cast and convert every observation to its indicator's canonical unit. All vintages.
with

source as (
    select * from {{ source('bulletins', 'observations') }}
),

indicators as (
    select indicator_id, unit as canonical_unit, kind from {{ ref('indicators') }}
),

factors as (
    {{ unit_factors() }}
),

renamed as (
    select
        md5(concat_ws(
            '|', source.document_sha256, source.indicator_raw, source.period_kind,
            source.period_start, source.period_end, source.value, source.yoy_pct, source.quote
        )) as observation_id,
        source.source_id,
        source.document_sha256,
        source.url as document_url,
        source.release_date,
        source.fetched_at,
        source.region_code,
        source.indicator_raw,
        source.indicator_id,
        indicators.kind as indicator_kind,
        source.period_start,
        source.period_end,
        source.period_kind,
        year(source.period_end) as period_year,
        month(source.period_end) as period_month,
        source.value as value_published,
        source.unit as unit_published,
        case
            when source.value is null then null
            -- milestones ("done") and percentage-point changes keep their published value
            when indicators.kind = 'event' or source.unit = '个百分点' then source.value
            else source.value * factors.factor
        end as value,
        case when source.unit = '个百分点' then '个百分点' else indicators.canonical_unit end as unit,
        coalesce(source.unit = '个百分点', false) as is_pp_change,
        source.value is null
        or indicators.kind = 'event'
        or source.unit = '个百分点'
        or factors.factor is not null as is_unit_converted,
        source.yoy_pct,
        source.is_lower_bound,
        source.is_estimate,
        source.quote,
        source.parser,
        source.is_synthetic,
        source.citation_url
    from source
    left join indicators
        on source.indicator_id = indicators.indicator_id
    left join factors
        on
            coalesce(source.unit, indicators.canonical_unit) = factors.from_unit
            and indicators.canonical_unit = factors.to_unit
)

select * from renamed
