-- What changed between vintages of the same figure (初步核算 → 最终核实, corrected releases).
-- Grain: one row per later vintage whose value or growth differs from the vintage before it.
with

vintages as (
    select
        region_code,
        indicator_id,
        period_start,
        period_end,
        period_kind,
        value,
        unit,
        yoy_pct,
        is_estimate,
        release_date,
        fetched_at,
        document_url,
        quote,
        lag(value) over w as previous_value,
        lag(yoy_pct) over w as previous_yoy_pct,
        lag(release_date) over w as previous_release_date,
        lag(document_url) over w as previous_document_url,
        row_number() over w as vintage_number
    from {{ ref('stg_bulletins__observations') }}
    where indicator_id is not null and not is_pp_change
    window w as (
        partition by region_code, indicator_id, period_start, period_end
        order by is_estimate desc, is_lower_bound desc, release_date nulls first, fetched_at, observation_id
    )
)

select
    region_code,
    indicator_id,
    period_start,
    period_end,
    period_kind,
    vintage_number,
    previous_value,
    value,
    value - previous_value as value_change,
    case when previous_value <> 0 then (value / previous_value - 1) * 100 end as value_change_pct,
    unit,
    previous_yoy_pct,
    yoy_pct,
    yoy_pct - previous_yoy_pct as yoy_change_pp,
    is_estimate,
    previous_release_date,
    release_date,
    previous_document_url,
    document_url,
    quote
from vintages
where
    vintage_number > 1
    and (value is distinct from previous_value or yoy_pct is distinct from previous_yoy_pct)
    and not (value is null and previous_value is not null and yoy_pct is not distinct from previous_yoy_pct)
